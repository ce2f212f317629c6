"""Read the committed routing tables in tests/spec/: answers -> the outcome a person must reach."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parent / "spec"
ANY = "*"


@dataclass(frozen=True)
class Row:
    line: int
    answers: t.Mapping[str, frozenset[str] | None]  # None: any value
    outcome: str

    def matches(self, answers: t.Mapping[str, str]) -> bool:
        if set(answers) != set(self.answers):
            return False
        return all(allowed is None or answers[q] in allowed for q, allowed in self.answers.items())

    def __str__(self) -> str:
        return f"line {self.line}"


def read_groups(path: Path = SPEC_DIR / "state_groups.txt") -> dict[str, frozenset[str]]:
    """`@name = XX YY ...` lines: named sets of states, written from the legal research."""
    groups: dict[str, frozenset[str]] = {}
    if not path.exists():
        return groups
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            name, _, members = line.partition("=")
            groups[name.strip()] = frozenset(members.split())
    return groups


def _values(text: str, groups: t.Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    if text == ANY:
        return None
    values: set[str] = set()
    for part in text.split("|"):
        values |= groups[part] if part.startswith("@") else {part}
    return frozenset(values)


def read_spec(tree_id: str, groups: t.Mapping[str, frozenset[str]] | None = None) -> list[Row]:
    """The rows of one tree's table, in order."""
    groups = read_groups() if groups is None else groups
    rows = []
    path = SPEC_DIR / f"{tree_id}.routes"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        left, arrow, outcome = line.partition("->")
        if not arrow:
            raise ValueError(f"{path.name} line {number}: no '->'")
        answers = {}
        for pair in left.split():
            question, _, value = pair.partition("=")
            answers[question] = _values(value, groups)
        rows.append(Row(number, answers, outcome.strip()))
    return rows


def expected(rows: t.Sequence[Row], answers: t.Mapping[str, str]) -> Row | None:
    """The first row that matches a complete set of answers (info pages left out)."""
    return next((row for row in rows if row.matches(answers)), None)
