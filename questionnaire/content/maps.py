"""Map shapes (committed, built by map_build from us-atlas) and how a county is coloured on them."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

from .jurisdictions import DATA_DIR, Agreement

MAPS_DIR = DATA_DIR / "maps"
NATION = "US"  # the file of the states' shapes; every other file is one state's counties

# What a county is coloured by: the model of the 287(g) agreements of agencies in it.
MODEL_CLASS = {"JEM": "jail", "TFM": "task_force", "WSO": "warrant_service"}
COUNTY_CLASSES = ("none", "jail", "task_force", "warrant_service", "several", "not_known")


@dataclass(frozen=True)
class Shapes:
    """One map: its view box and the SVG path data of each shape (county FIPS or state code)."""

    view_box: str
    shapes: t.Mapping[str, str]
    source: str


def load_maps(folder: Path = MAPS_DIR) -> dict[str, Shapes]:
    """Every committed map, keyed by state postal code (and NATION)."""
    maps = {}
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        maps[path.stem] = Shapes(view_box=raw["view_box"], shapes=raw["shapes"], source=raw["source"])
    return maps


def county_class(agreements: t.Iterable[Agreement]) -> str:
    """The colour class of a county: no agreement, one model, several models, or models not known.

    An agreement whose model the list does not give adds nothing when others name one: the
    county's title lists every agreement, so nothing is hidden.
    """
    models = {MODEL_CLASS.get(a.model) for a in agreements}
    if not models:
        return "none"
    known = models - {None}
    if not known:
        return "not_known"
    return t.cast(str, known.pop()) if len(known) == 1 else "several"
