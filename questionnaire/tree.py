"""Load questionnaire trees from JSON into frozen objects, after schema validation."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema

TREES_DIR = Path(__file__).resolve().parent.parent / "trees"
SCHEMA_PATH = TREES_DIR / "tree.schema.json"

QUESTION_KINDS = frozenset({"choice", "yes_no", "select"})

Route = str | tuple["Rule", ...]


class TreeError(Exception):
    """A tree file that cannot be loaded; the message names the file and place."""


@dataclass(frozen=True, eq=False)
class Rule:
    goto: str
    condition: t.Mapping[str, t.Any] | None = None


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    next: Route
    hint: str | None = None


@dataclass(frozen=True, eq=False)
class Node:
    id: str
    kind: str
    title: str
    raw: t.Mapping[str, t.Any]
    hint: str | None = None
    error: str | None = None
    options: tuple[Option, ...] = ()
    source: str | None = None
    of: str | None = None
    allow_unknown: bool = False
    next: Route | None = None
    body: tuple[t.Mapping[str, t.Any], ...] = ()
    blocks: tuple[t.Mapping[str, t.Any], ...] = ()
    urgent: bool = False

    @property
    def is_question(self) -> bool:
        return self.kind in QUESTION_KINDS

    @property
    def is_outcome(self) -> bool:
        return self.kind == "outcome"

    def routes(self) -> list[tuple[str | None, Route]]:
        """Each (answer value or None, route) that leaves this node."""
        if self.kind in ("choice", "yes_no"):
            return [(o.value, o.next) for o in self.options]
        if self.next is not None:
            return [(None, self.next)]
        return []


@dataclass(frozen=True, eq=False)
class Tree:
    id: str
    version: str
    last_reviewed: str
    title: str
    description: str
    start: str
    nodes: t.Mapping[str, Node]
    path: Path
    urgent: bool = False
    order: int = 100

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]


@cache
def schema() -> dict[str, t.Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _route(raw: t.Any) -> Route:
    if isinstance(raw, str):
        return raw
    return tuple(Rule(goto=r["goto"], condition=r.get("if")) for r in raw)


def _node(node_id: str, raw: t.Mapping[str, t.Any]) -> Node:
    kind = raw["kind"]
    options: tuple[Option, ...] = ()
    if kind == "choice":
        options = tuple(
            Option(value=o["value"], label=o["label"], next=_route(o["next"]), hint=o.get("hint"))
            for o in raw["options"]
        )
    elif kind == "yes_no":
        # Yes/No labels are interface strings; only the routes live in the tree.
        options = (
            Option(value="yes", label="Yes", next=_route(raw["yes"])),
            Option(value="no", label="No", next=_route(raw["no"])),
        )
    return Node(
        id=node_id,
        kind=kind,
        title=raw["title"],
        raw=raw,
        hint=raw.get("hint"),
        error=raw.get("error"),
        options=options,
        source=raw.get("source"),
        of=raw.get("of"),
        allow_unknown=raw.get("allow_unknown", False),
        next=_route(raw["next"]) if "next" in raw else None,
        body=tuple(raw.get("body", ())),
        blocks=tuple(raw.get("blocks", ())),
        urgent=raw.get("urgent", False),
    )


def schema_errors(data: t.Any) -> list[str]:
    """Schema violations as 'json/pointer: message' lines, most specific first."""
    validator = jsonschema.Draft202012Validator(schema())
    errors = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        best = jsonschema.exceptions.best_match([err])
        pointer = "/".join(str(p) for p in best.absolute_path) or "(top)"
        errors.append(f"{pointer}: {best.message}")
    return errors


def parse_tree(data: t.Mapping[str, t.Any], path: Path) -> Tree:
    """Build a Tree from already-validated JSON data."""
    return Tree(
        id=data["id"],
        version=data["version"],
        last_reviewed=data["last_reviewed"],
        title=data["title"],
        description=data["description"],
        start=data["start"],
        nodes={nid: _node(nid, raw) for nid, raw in data["nodes"].items()},
        path=path,
        urgent=data.get("urgent", False),
        order=data.get("order", 100),
    )


def read_json(path: Path) -> t.Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TreeError(f"{path.name}: cannot read JSON: {exc}") from exc


def load_tree(path: Path) -> Tree:
    """Read, validate against the schema and parse one tree file."""
    data = read_json(path)
    errors = schema_errors(data)
    if errors:
        raise TreeError(f"{path.name}: " + "; ".join(errors))
    return parse_tree(data, path)


def tree_paths(directory: Path = TREES_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.name != SCHEMA_PATH.name)


def load_trees(directory: Path = TREES_DIR) -> dict[str, Tree]:
    """All trees in a folder, keyed by id, in home-page order."""
    trees = [load_tree(p) for p in tree_paths(directory)]
    trees.sort(key=lambda tr: (not tr.urgent, tr.order, tr.id))
    return {tr.id: tr for tr in trees}
