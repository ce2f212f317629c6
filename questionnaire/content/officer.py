"""Words for an officer: the English statements a person shows or plays at the door, the right
behind each one, and the sources for both (trees/shared/officer.json)."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from .tree import SHARED_DIR, TREES_DIR, TreeError, _errors, read_json

OFFICER_FILE = "officer.json"
OFFICER_SCHEMA = "officer.schema.json"


@dataclass(frozen=True)
class Statement:
    """One thing to say: `say` is shown in English exactly as written; `text` is the right behind it."""

    id: str
    say: str
    text: str
    sources: tuple[t.Mapping[str, t.Any], ...]


@dataclass(frozen=True)
class Officer:
    last_reviewed: str
    statements: tuple[Statement, ...]

    @property
    def sources(self) -> tuple[t.Mapping[str, t.Any], ...]:
        """Every source once, in the order the statements cite them."""
        found: dict[str, t.Mapping[str, t.Any]] = {}
        for statement in self.statements:
            for source in statement.sources:
                found.setdefault(source["url"], source)
        return tuple(found.values())


def officer_schema_errors(data: t.Any, directory: Path = TREES_DIR) -> list[str]:
    """Schema violations of the officer file, as 'json/pointer: message' lines."""
    path = directory / SHARED_DIR / OFFICER_SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    errors = _errors(jsonschema.Draft202012Validator(schema), data)
    ids = [
        s["id"] for s in data.get("statements", ()) if isinstance(s, dict) and isinstance(s.get("id"), str)
    ]
    errors += [f"statements: id '{i}' is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return errors


def load_officer(directory: Path = TREES_DIR) -> Officer:
    """The words for an officer, validated; none (an empty list) if the folder has no such file."""
    path = directory / SHARED_DIR / OFFICER_FILE
    if not path.exists():
        return Officer(last_reviewed="", statements=())
    data = read_json(path)
    errors = officer_schema_errors(data, directory)
    if errors:
        raise TreeError(f"{SHARED_DIR}/{OFFICER_FILE}: " + "; ".join(errors))
    return Officer(
        last_reviewed=data["last_reviewed"],
        statements=tuple(
            Statement(id=s["id"], say=s["say"], text=s["text"], sources=tuple(s["sources"]))
            for s in data["statements"]
        ),
    )
