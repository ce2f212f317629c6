"""The legal-help block: a local organisation set per deployment, plus national fallbacks."""

from __future__ import annotations

import json
import os
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from .tree import TREES_DIR

NATIONAL_PATH = TREES_DIR / "data" / "legal_help.json"
ORG_FIELDS = ("name", "phone", "whatsapp", "website", "hours", "languages")


@dataclass(frozen=True)
class LegalHelp:
    national: tuple[t.Mapping[str, str], ...]
    notario_warning: str
    organisation: t.Mapping[str, str] = field(default_factory=dict)


def load_legal_help(org_path: str | os.PathLike[str] | None = None) -> LegalHelp:
    """National links from the repository; the local organisation from a deployment's JSON file."""
    national = json.loads(NATIONAL_PATH.read_text(encoding="utf-8"))
    organisation: dict[str, str] = {}
    if org_path:
        raw = json.loads(Path(org_path).read_text(encoding="utf-8"))
        unknown = set(raw) - set(ORG_FIELDS)
        if unknown or not isinstance(raw.get("name"), str):
            raise ValueError(
                f"{org_path}: needs 'name' and only {', '.join(ORG_FIELDS)}; found {sorted(unknown)}"
            )
        for key in ("website", "whatsapp"):
            if key in raw and not str(raw[key]).startswith("https://"):
                raise ValueError(f"{org_path}: '{key}' must start with https://")
        organisation = {k: str(v) for k, v in raw.items()}
    return LegalHelp(
        national=tuple(national["national"]),
        notario_warning=national["notario_warning"]["text"],
        organisation=organisation,
    )
