"""The condition language of the trees: a small declarative test, evaluated without eval."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from .jurisdictions import Jurisdictions

Condition = t.Mapping[str, t.Any]


def _matches(actual: str | None, condition: Condition) -> bool:
    if actual is None:
        return False
    if "is" in condition:
        return bool(actual == condition["is"])
    return actual in condition["in"]


def holds(condition: Condition, answers: t.Mapping[str, str], data: Jurisdictions) -> bool:
    """Whether a condition is true for these answers and this jurisdiction data."""
    if "all" in condition:
        return all(holds(c, answers, data) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, answers, data) for c in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], answers, data)
    if "fact" in condition:
        value = answers.get(condition["of"])
        actual = None if value is None else data.fact(condition["fact"], value)
        return _matches(actual, condition)
    return _matches(answers.get(condition["answer"]), condition)


def referenced(condition: Condition) -> t.Iterator[Condition]:
    """Every leaf test (answer or fact) inside a condition."""
    for key in ("all", "any"):
        if key in condition:
            for c in condition[key]:
                yield from referenced(c)
            return
    if "not" in condition:
        yield from referenced(condition["not"])
        return
    yield condition


def tested_values(condition: Condition) -> list[str]:
    return [condition["is"]] if "is" in condition else list(condition["in"])
