"""A per-app memo for rendered parts that depend on language and content, never on answers."""

from __future__ import annotations

import typing as t

from flask import current_app

T = t.TypeVar("T")
LIMIT = 20_000  # keys name languages, questions and data, so they are few; this only guards against bugs


def remember(bucket: str, key: t.Hashable, compute: t.Callable[[], T]) -> T:
    """The value stored under key, computed once per app."""
    memo: dict[t.Hashable, t.Any] = current_app.extensions.setdefault(f"memo.{bucket}", {})
    if key in memo:
        return t.cast(T, memo[key])
    value = compute()
    if len(memo) < LIMIT:
        memo[key] = value
    return value
