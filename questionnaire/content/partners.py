"""Partner organisations a deployment lists: one checked JSON file per partner, named by its slug.

A community group that shares `/<lang>/p/<slug>` opens the site as that partner's: outcomes show
the partner first in the legal-help block. The files are checked against a JSON Schema, their
phone numbers with `phonenumbers` and their addresses as https URLs, the way the local legal-help
file is (`legal_help.py`): a deployment with a broken entry refuses to start, and
`questionnaire check` says which file and which field.
"""

from __future__ import annotations

import json
import os
import re
import typing as t
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import phonenumbers

from .jurisdictions import Jurisdictions
from .tree import TREES_DIR

PARTNER_SCHEMA_PATH = TREES_DIR / "data" / "partner.schema.json"
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")  # lowercase words joined by hyphens
PHONE_FIELDS = ("phone", "sms", "whatsapp")
URL_FIELDS = ("website", "booking")
REGION = "US"  # numbers written without a country code are US numbers


@dataclass(frozen=True)
class Phone:
    shown: str  # as people read it: (713) 555-0134 for a US number, +52 55 1234 5678 for another
    e164: str  # +17135550134, for tel: and sms: links

    @property
    def digits(self) -> str:
        return self.e164.lstrip("+")


@dataclass(frozen=True)
class Partner:
    slug: str
    name: str
    phone: Phone
    website: str
    sms: Phone | None = None
    whatsapp: Phone | None = None
    booking: str | None = None
    hours: str | None = None
    languages: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    checked: str | None = None


class PartnerError(ValueError):
    """A partner file that cannot be used; the message names the file and every fault."""


def parse_phone(value: str) -> Phone | None:
    """A real, dialable number (US unless it starts with +), or None."""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 1
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return Phone(
        phonenumbers.format_number(number, style),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )


def _url_ok(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme == "https"
        and bool(parts.hostname)
        and "." in (parts.hostname or "")
        and " " not in value
    )


def partner_problems(path: Path, raw: t.Any, data: Jurisdictions | None = None) -> list[str]:
    """Every fault of one partner file: its name, its schema, its numbers, its addresses, its places."""
    problems = []
    if not SLUG.fullmatch(path.stem):
        problems.append(f"the file name must be a slug (lowercase letters, digits, hyphens): {path.stem!r}")
    validator = jsonschema.Draft202012Validator(
        json.loads(PARTNER_SCHEMA_PATH.read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    for error in sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(the file)"
        problems.append(f"{where}: {error.message}")
    if not isinstance(raw, dict):
        return problems
    for key in PHONE_FIELDS:
        if isinstance(raw.get(key), str) and parse_phone(raw[key]) is None:
            problems.append(f"{key}: {raw[key]!r} is not a phone number that can be dialled")
    for key in URL_FIELDS:
        if isinstance(raw.get(key), str) and not _url_ok(raw[key]):
            problems.append(f"{key}: {raw[key]!r} is not an https:// address")
    if data is not None:
        for code in raw.get("states") or ():
            if code not in data.states:
                problems.append(f"states: {code!r} is not a state we know")
        for fips in raw.get("counties") or ():
            if fips not in data.counties:
                problems.append(f"counties: {fips!r} is not a county we know")
    return problems


def _partner(slug: str, raw: t.Mapping[str, t.Any]) -> Partner:
    def phone(key: str) -> Phone | None:
        return parse_phone(raw[key]) if key in raw else None

    main = phone("phone")
    assert main is not None  # checked before
    return Partner(
        slug=slug,
        name=raw["name"],
        phone=main,
        website=raw["website"],
        sms=phone("sms"),
        whatsapp=phone("whatsapp"),
        booking=raw.get("booking"),
        hours=raw.get("hours"),
        languages=tuple(raw.get("languages", ())),
        states=tuple(raw.get("states", ())),
        counties=tuple(raw.get("counties", ())),
        checked=raw.get("checked"),
    )


def check_partners(folder: str | os.PathLike[str], data: Jurisdictions | None = None) -> list[str]:
    """Every fault of every partner file in a folder, each naming its file."""
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder}: not a folder"]
    problems = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".json":
            problems.append(f"{path.name}: partner files are named <slug>.json")
            continue
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: not JSON ({exc})")
            continue
        problems.extend(f"{path.name}: {p}" for p in partner_problems(path, raw, data))
    return problems


def load_partners(
    folder: str | os.PathLike[str] | None, data: Jurisdictions | None = None
) -> dict[str, Partner]:
    """Every partner in the folder, by slug; none without a folder. A faulty file stops the start."""
    if not folder:
        return {}
    problems = check_partners(folder, data)
    if problems:
        raise PartnerError(f"{folder}: " + "; ".join(problems))
    found = {}
    for path in sorted(Path(folder).glob("*.json")):
        found[path.stem] = _partner(path.stem, json.loads(path.read_text(encoding="utf-8")))
    return found
