"""Load questionnaire trees from JSON into frozen objects, after schema validation."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import jsonschema

_PACKAGE = Path(__file__).resolve().parent.parent
# A built package carries its own copy of the questionnaires (setup.py puts it there); a checkout
# reads the repository's trees/, beside the package.
TREES_DIR = _PACKAGE / "trees" if (_PACKAGE / "trees").is_dir() else _PACKAGE.parent / "trees"
SCHEMA_PATH = TREES_DIR / "tree.schema.json"
SHARED_DIR = "shared"  # beside the trees: sentences written once and used by reference
SHARED_BLOCKS = "blocks.json"

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
    officer: bool = False  # its first page and outcomes link to the words for an officer

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @cached_property
    def location_questions(self) -> tuple[Node | None, Node | None]:
        """The state question and the county question that depends on it, if the tree has them.

        Found once: every outcome page asks, to build its explanation link.
        """
        state = next((n for n in self.nodes.values() if n.kind == "select" and n.source == "us_states"), None)
        county = next(
            (n for n in self.nodes.values() if state and n.source == "counties" and n.of == state.id),
            None,
        )
        return state, county


@cache
def schema() -> dict[str, t.Any]:
    return t.cast(dict[str, t.Any], json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class SharedBlock:
    """A block written once in trees/shared/blocks.json, with the evidence for what it says."""

    id: str
    block: t.Mapping[str, t.Any]
    sources: tuple[t.Mapping[str, t.Any], ...]


SharedBlocks = t.Mapping[str, SharedBlock]


def shared_path(directory: Path) -> Path:
    return directory / SHARED_DIR / SHARED_BLOCKS


def shared_schema_errors(data: t.Any, directory: Path = TREES_DIR) -> list[str]:
    """Schema violations of the shared blocks file, as 'json/pointer: message' lines."""
    raw_schema = json.loads((directory / SHARED_DIR / "blocks.schema.json").read_text(encoding="utf-8"))
    # The shared schema reuses the tree schema's block definition.
    registry_schema = {**raw_schema, "$defs": {**schema()["$defs"], **raw_schema.get("$defs", {})}}
    return _errors(jsonschema.Draft202012Validator(registry_schema), data)


def load_shared(directory: Path = TREES_DIR) -> dict[str, SharedBlock]:
    """The shared blocks beside the trees in a folder (none if the folder has no shared file)."""
    path = shared_path(directory)
    if not path.exists():
        return {}
    data = read_json(path)
    errors = shared_schema_errors(data, directory)
    if errors:
        raise TreeError(f"{SHARED_DIR}/{SHARED_BLOCKS}: " + "; ".join(errors))
    return {
        key: SharedBlock(id=key, block=entry["block"], sources=tuple(entry["sources"]))
        for key, entry in data["blocks"].items()
    }


def used_blocks(data: t.Mapping[str, t.Any]) -> t.Iterator[tuple[str, int, str]]:
    """Every (node id, block index, shared id) a tree's JSON uses by reference."""
    for node_id, node in data.get("nodes", {}).items():
        for key in ("body", "blocks"):
            for i, block in enumerate(node.get(key, ())):
                if "use" in block:
                    yield node_id, i, block["use"]


def resolve_shared(data: t.Mapping[str, t.Any], shared: SharedBlocks) -> dict[str, t.Any]:
    """The tree's JSON with each {"use": id} block replaced by the shared block it names.

    A condition on the reference is kept on the block it brings in. Unknown ids raise TreeError
    naming the node, so a typo cannot drop a sentence silently.
    """
    nodes = {}
    for node_id, node in data["nodes"].items():
        node = dict(node)
        evidence: dict[str, t.Mapping[str, t.Any]] = {}
        for key in ("body", "blocks"):
            if key not in node:
                continue
            blocks = []
            for i, block in enumerate(node[key]):
                if "use" in block:
                    entry = shared.get(block["use"])
                    if entry is None:
                        raise TreeError(
                            f"{data.get('id')}: node '{node_id}' {key}[{i}] uses unknown shared block "
                            f"'{block['use']}'"
                        )
                    block = {
                        **entry.block,
                        "shared": entry.id,
                        **({"if": block["if"]} if "if" in block else {}),
                    }
                    for source in entry.sources:
                        evidence.setdefault(source["url"], source)
                blocks.append(block)
            node[key] = blocks
        if evidence:
            # The sources of the shared sentences, shown on the page with the date each was read.
            key = "blocks" if node.get("kind") == "outcome" else "body"
            node[key] = [*node[key], {"type": "evidence", "items": list(evidence.values())}]
        nodes[node_id] = node
    return {**data, "nodes": nodes}


def item_text(item: str | t.Mapping[str, str]) -> str:
    """A list item's English words: its text, or the lead and the words to say, quoted."""
    if isinstance(item, str):
        return item
    quoted = f"“{item['say']}”"
    return f"{item['lead']} {quoted}" if item.get("lead") else quoted


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
    return _errors(jsonschema.Draft202012Validator(schema()), data)


def _errors(validator: jsonschema.protocols.Validator, data: t.Any) -> list[str]:
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
        officer=data.get("officer", False),
    )


def read_json(path: Path) -> t.Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TreeError(f"{path.name}: cannot read JSON: {exc}") from exc


def load_tree(path: Path, shared: SharedBlocks | None = None) -> Tree:
    """Read, validate against the schema and parse one tree file, with its shared blocks in place."""
    data = read_json(path)
    errors = schema_errors(data)
    if errors:
        raise TreeError(f"{path.name}: " + "; ".join(errors))
    if shared is None:
        shared = load_shared(path.parent)
    return parse_tree(resolve_shared(data, shared), path)


def tree_paths(directory: Path = TREES_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.name != SCHEMA_PATH.name)


def load_trees(directory: Path = TREES_DIR) -> dict[str, Tree]:
    """All trees in a folder, keyed by id, in home-page order."""
    shared = load_shared(directory)
    trees = [load_tree(p, shared) for p in tree_paths(directory)]
    trees.sort(key=lambda tr: (not tr.urgent, tr.order, tr.id))
    return {tr.id: tr for tr in trees}
