"""Babel extraction methods for tree and data JSON, so `pybabel extract` finds their strings."""

from __future__ import annotations

import json
import re
import typing as t

from . import CONTEXT_KEYS, TRANSLATABLE_KEYS, context

# Kept in English in every language, as written: the names of laws, the titles of the documents
# a state's facts cite (shown with lang="en"), and agency and county names.
SKIPPED = re.compile(r"^/laws/\d+/name$|/sources/\d+/title$|^/lists/")

Message = tuple[int, str | None, t.Any, list[str]]


def _walk(value: t.Any, pointer: str = "") -> t.Iterator[tuple[str, str, str]]:
    """Every (json pointer, key, text) under a translatable key."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{pointer}/{key}"
            if SKIPPED.search(here) or key.startswith("$"):
                continue
            if key in TRANSLATABLE_KEYS and isinstance(item, str):
                yield here, key, item
            elif key in TRANSLATABLE_KEYS and isinstance(item, list):
                # A list's items are text, or objects (words to say, sources) with their own keys.
                for i, entry in enumerate(item):
                    if isinstance(entry, str):
                        yield f"{here}/{i}", key, entry
                    else:
                        yield from _walk(entry, f"{here}/{i}")
            else:
                yield from _walk(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{pointer}/{i}")


def _line_finder(source: str) -> t.Callable[[str], int]:
    def line(text: str) -> int:
        at = source.find(json.dumps(text, ensure_ascii=False)[1:-1])
        return source.count("\n", 0, at) + 1 if at >= 0 else 1

    return line


def tree_messages(data: t.Mapping[str, t.Any], source: str = "") -> t.Iterator[Message]:
    """The strings of one tree; option labels carry a context naming the tree and node."""
    if "nodes" not in data:
        return  # the schema, or another JSON file beside the trees
    line = _line_finder(source)
    tree_id = data["id"]
    for pointer, key, text in _walk(data):
        comments = [f"{tree_id}: {pointer}"]
        parts = pointer.split("/")
        if key in CONTEXT_KEYS and len(parts) > 2 and parts[1] == "nodes":
            yield line(text), "pgettext", (context(tree_id, parts[2]), text), comments
        else:
            yield line(text), None, text, comments


def data_messages(data: t.Any, name: str, source: str = "") -> t.Iterator[Message]:
    """The strings of a jurisdiction data file (state law, legal help)."""
    line = _line_finder(source)
    for pointer, _, text in _walk(data):
        yield line(text), None, text, [f"{name}: {pointer}"]


def extract_tree(
    fileobj: t.BinaryIO, keywords: t.Any, comment_tags: t.Any, options: t.Any
) -> t.Iterator[Message]:
    """Babel extractor for trees/*.json."""
    source = fileobj.read().decode("utf-8")
    yield from tree_messages(json.loads(source), source)


def extract_data(
    fileobj: t.BinaryIO, keywords: t.Any, comment_tags: t.Any, options: t.Any
) -> t.Iterator[Message]:
    """Babel extractor for trees/data/*.json (schemas excepted)."""
    source = fileobj.read().decode("utf-8")
    data = json.loads(source)
    schema = "$defs" in data or str(data.get("$schema", "")).startswith("https://json-schema.org/")
    if schema or "lists" in data:
        return  # a schema, or the 287(g) lists (agency names stay as ICE writes them)
    name = "/".join(getattr(fileobj, "name", "data").split("/")[-2:])
    yield from data_messages(data, name, source)
