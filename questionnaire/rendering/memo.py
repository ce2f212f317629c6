"""A per-app memo for rendered parts that depend on language and content, never on answers."""

from __future__ import annotations

import sys
import typing as t

from .. import current

T = t.TypeVar("T")
LIMIT = 20_000  # keys name languages, questions and data, so they are few; this only guards against bugs
# Bytes a bucket may hold, keys and values, as size_of counts them. Every page of every
# questionnaire in all 10 languages, in desk mode too, with the share, flyer, explanation, summary
# and error pages, keeps 51.9 MiB in all buckets together, 16.9 MiB in the largest (the state law
# sections) and 14.5 MiB in the frames (measured 2026-12-05; strings in non-Latin scripts take 2 or
# 4 bytes a character). So legitimate use never reaches this, and a bug that keys one bucket by
# something unbounded adds at most this much to a worker.
BYTES = 32 * 1024 * 1024


class Bucket(dict[t.Hashable, t.Any]):
    """The entries of one memo, and roughly how many bytes they hold."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        super().__init__()
        self.size = 0


def size_of(value: object) -> int:
    """Roughly the bytes a stored key or value holds: strings in full, containers with their items."""
    if isinstance(value, str):  # Markup too
        return sys.getsizeof(value)
    if isinstance(value, tuple | list | set | frozenset):
        return sys.getsizeof(value) + sum(size_of(v) for v in value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(size_of(k) + size_of(v) for k, v in value.items())
    # Objects of our own with __slots__ (a Frame's parts); anything else counts its own size only.
    slots = getattr(type(value), "__slots__", ())
    slots = (slots,) if isinstance(slots, str) else slots
    return sys.getsizeof(value) + sum(size_of(getattr(value, s, None)) for s in slots)


def remember(bucket: str, key: t.Hashable, compute: t.Callable[[], T]) -> T:
    """The value stored under key, computed once per app while its bucket has room."""
    name = f"memo.{bucket}"
    extensions = current.app().extensions
    memo: Bucket | None = extensions.get(name)
    if memo is None:
        memo = extensions[name] = Bucket()
    if key in memo:
        return t.cast(T, memo[key])
    value = compute()
    # Sized once, when stored, and added to a running total: a hit costs nothing more. Two
    # threads storing the same key at once count it twice, which only errs on the safe side.
    if len(memo) < LIMIT:
        size = size_of(key) + size_of(value)
        if memo.size + size <= BYTES:
            memo[key] = value
            memo.size += size
    return value
