"""Enumerate the paths through a tree: the answer sequences that reach each outcome."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from .engine import choices, next_id
from .jurisdictions import FACTS, Jurisdictions
from .tree import Node, Tree

MAX_PATHS = 100_000


@dataclass(frozen=True)
class Path:
    answers: tuple[tuple[str, str], ...]  # (node id, value), in order
    outcome: str

    def describe(self) -> str:
        return " > ".join(f"{n}={v}" for n, v in self.answers) + f" => {self.outcome}"


def _representatives(node: Node, answers: dict[str, str], data: Jurisdictions) -> t.Iterator[str]:
    """The values worth walking: every state, and one county per distinct set of county facts."""
    offered = [v for v, _ in choices(node, answers, data)]
    if node.kind != "select" or node.source == "us_states":
        yield from offered
        return
    seen: set[tuple[str, ...]] = set()
    for value in offered:
        signature = (next_id(node, value, {**answers, node.id: value}, data),) + tuple(
            fact.compute(data, value) for fact in FACTS.values() if fact.source == node.source
        )
        if signature not in seen:
            seen.add(signature)
            yield value


def enumerate_paths(tree: Tree, data: Jurisdictions) -> list[Path]:
    """Every distinct path from the start to an outcome (counties grouped by their facts)."""
    found: list[Path] = []

    def walk(node: Node, answers: dict[str, str], trail: tuple[tuple[str, str], ...]) -> None:
        if len(found) > MAX_PATHS:
            raise RuntimeError(f"tree {tree.id} has more than {MAX_PATHS} paths")
        if node.is_outcome:
            found.append(Path(trail, node.id))
            return
        for value in _representatives(node, answers, data):
            after = {**answers, node.id: value}
            walk(tree.node(next_id(node, value, after, data)), after, trail + ((node.id, value),))

    walk(tree.node(tree.start), {}, ())
    return found
