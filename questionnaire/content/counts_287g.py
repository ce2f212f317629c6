"""National counts of 287(g) agreements over time: the growth chart's data, and the importer's part.

Each point says what was counted (its unit), how sure we are (its reliability) and where the
number comes from. The chart draws only points that count agreements; a number others report is
drawn hollow and marked, never as settled; a point that counts something else is in the table only.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

import jsonschema

COUNTS_NAME = "counts_287g.json"
SCHEMA_NAME = "counts_287g.schema.json"

DRAWN_UNIT = "agreements"  # the one unit the chart's line and dots show
SETTLED = ("counted_by_us", "counted_by_others")  # counted from ICE's own list: drawn as settled
REPORTED = "reported"  # another's number, not checked against ICE's list: drawn hollow, marked
UNIT_OF_LIST = {"sheet": "agreements", "moa": "agreement_documents"}  # what each imported list counts


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    read: str


@dataclass(frozen=True)
class CountPoint:
    as_of: str
    count: int
    unit: str
    reliability: str
    sources: tuple[Source, ...] = ()
    imported_from: str | None = None

    @property
    def drawn(self) -> bool:
        """Whether the chart shows this point (it counts agreements)."""
        return self.unit == DRAWN_UNIT

    @property
    def settled(self) -> bool:
        """Whether the count comes from ICE's own list rather than another's report."""
        return self.reliability in SETTLED


class CountsError(Exception):
    """The counts file breaks its schema; the message says where."""


def schema_errors(data: t.Any, schema_path: Path) -> list[str]:
    """Schema violations of the counts file, as 'json/pointer: message' lines."""
    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def read_counts(path: Path, schema_path: Path | None = None) -> tuple[CountPoint, ...]:
    """The points of a counts file, oldest first (none if there is no file)."""
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    errors = schema_errors(data, schema_path or path.with_name(SCHEMA_NAME))
    if errors:
        raise CountsError(f"{path.name}: " + "; ".join(errors[:5]))
    points = [
        CountPoint(
            as_of=p["as_of"],
            count=p["count"],
            unit=p["unit"],
            reliability=p["reliability"],
            sources=tuple(Source(s["title"], s["url"], s["read"]) for s in p.get("sources", ())),
            imported_from=p.get("imported_from"),
        )
        for p in data["points"]
    ]
    return tuple(sorted(points, key=lambda p: (p.as_of, p.unit)))


def record_import(path: Path, kind: str, as_of: str, count: int, imported_from: str) -> None:
    """Add, or refresh, the point counted from an imported list: one per list kind and date.

    An import of the same kind and date replaces its point (a re-import, a corrected sheet);
    points of older lists stay, so the chart grows with each import.
    """
    data: dict[str, t.Any] = (
        json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"$schema": f"./{SCHEMA_NAME}"}
    )
    points = [
        p
        for p in data.get("points", [])
        if not (p["reliability"] == "counted_by_us" and p.get("list_kind") == kind and p["as_of"] == as_of)
    ]
    points.append(
        {
            "as_of": as_of,
            "count": count,
            "unit": UNIT_OF_LIST[kind],
            "reliability": "counted_by_us",
            "list_kind": kind,
            "imported_from": imported_from,
        }
    )
    data["points"] = sorted(points, key=lambda p: (p["as_of"], p["unit"]))
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
