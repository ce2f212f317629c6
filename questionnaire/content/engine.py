"""Walk a tree: replay the answers from the root to find where a person is. No Flask here."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from functools import cache

from .conditions import holds
from .tree import Node, Route, Tree

if t.TYPE_CHECKING:
    from .jurisdictions import Jurisdictions

SEEN = "seen"  # the answer recorded when a person continues past an information page
UNKNOWN = "unknown"


class EngineError(Exception):
    """The tree itself is broken (the static checks should have caught it)."""


@dataclass(frozen=True)
class Step:
    """One answered node on the current path."""

    node: Node
    value: str


@dataclass(frozen=True)
class Position:
    """Where a walk stands: the node to show now and the answers that led there."""

    node: Node
    steps: tuple[Step, ...]

    @property
    def answers(self) -> dict[str, str]:
        """Only the answers on the current path; anything else is stale and dropped."""
        return {s.node.id: s.value for s in self.steps}

    @property
    def finished(self) -> bool:
        return self.node.is_outcome

    def previous(self, node_id: str) -> str | None:
        """The node shown before node_id on this path, or None at the start."""
        ids = [s.node.id for s in self.steps] + [self.node.id]
        index = ids.index(node_id)
        return ids[index - 1] if index > 0 else None

    def on_path(self, node_id: str) -> bool:
        return node_id == self.node.id or any(s.node.id == node_id for s in self.steps)


def choices(node: Node, answers: t.Mapping[str, str], data: Jurisdictions) -> list[tuple[str, str]]:
    """(value, English label) for every answer the node accepts, given earlier answers."""
    if node.kind in ("choice", "yes_no"):
        return [(o.value, o.label) for o in node.options]
    if node.kind == "select":
        assert node.source is not None
        offered = data.options(node.source, answers.get(node.of) if node.of else None)
        if node.allow_unknown:
            offered = [*offered, (UNKNOWN, "I do not know")]
        return offered
    if node.kind == "info":
        return [(SEEN, "Continue")]
    return []


def accepts(node: Node, value: str, answers: t.Mapping[str, str], data: Jurisdictions) -> bool:
    if node.kind == "select":
        # Every page replays the answers, so this asks the data rather than listing 254 counties.
        assert node.source is not None
        if value == UNKNOWN:
            return node.allow_unknown
        return data.offers(node.source, answers.get(node.of) if node.of else None, value)
    return any(v == value for v, _ in choices(node, answers, data))


def follow(route: Route, answers: t.Mapping[str, str], data: Jurisdictions) -> str:
    """The node id a route leads to for these answers."""
    if isinstance(route, str):
        return route
    for rule in route:
        if rule.condition is None or holds(rule.condition, answers, data):
            return rule.goto
    raise EngineError("no rule of the route applies and there is no default")


def next_id(node: Node, value: str, answers: t.Mapping[str, str], data: Jurisdictions) -> str:
    """Where a valid answer to node leads."""
    for option in node.options:
        if option.value == value:
            return follow(option.next, answers, data)
    if node.next is None:
        raise EngineError(f"node {node.id} has no way on")
    return follow(node.next, answers, data)


def replay(tree: Tree, answers: t.Mapping[str, str], data: Jurisdictions) -> Position:
    """Follow the answers from the root until a node lacks a valid answer, or an outcome."""
    node = tree.node(tree.start)
    steps: list[Step] = []
    on_path: dict[str, str] = {}
    for _ in range(len(tree.nodes) + 1):
        value = answers.get(node.id)
        if node.is_outcome or value is None or not accepts(node, value, on_path, data):
            return Position(node=node, steps=tuple(steps))
        steps.append(Step(node, value))
        on_path[node.id] = value
        node = tree.node(next_id(node, value, on_path, data))
    raise EngineError(f"tree {tree.id} loops")


def answer(
    tree: Tree, answers: t.Mapping[str, str], node_id: str, value: str, data: Jurisdictions
) -> Position:
    """Record one answer and replay; later answers still on the new path are kept."""
    updated = dict(answers)
    updated[node_id] = value
    return replay(tree, updated, data)


@cache
def _remaining(tree: Tree) -> dict[str, int]:
    """For each node, the most pages still to come before an outcome (the longest route)."""
    depth: dict[str, int] = {}

    def visit(node_id: str, stack: frozenset[str]) -> int:
        if node_id in depth:
            return depth[node_id]
        if node_id in stack:
            raise EngineError(f"tree {tree.id} loops at {node_id}")
        node = tree.node(node_id)
        targets = [g for _, route in node.routes() for g in route_targets(route)]
        best = 0 if node.is_outcome else 1 + max(visit(g, stack | {node_id}) for g in targets)
        depth[node_id] = best
        return best

    for node_id in tree.nodes:
        visit(node_id, frozenset())
    return depth


def route_targets(route: Route) -> list[str]:
    return [route] if isinstance(route, str) else [r.goto for r in route]


def progress(tree: Tree, position: Position) -> tuple[int, int]:
    """(pages done, pages done plus the most still to come)."""
    done = len(position.steps)
    return done, done + _remaining(tree)[position.node.id]
