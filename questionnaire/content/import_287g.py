"""Import ICE's 287(g) lists into trees/data/agreements_287g.json, with their dates and sources.

Two forms are read as published: ICE's participating-agencies spreadsheet (xlsx, one row per
agreement, with a COUNTY column), and the agency-level list of agreement documents (csv: state,
agency, model, signed, county, url), which has no county column of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
import re
import typing as t
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import addfips
import openpyxl

from .counts_287g import COUNTS_NAME, record_import
from .jurisdictions import AGREEMENTS_PATH, ICE_287G_PAGE

SHEET_COLUMNS = ("STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED")
MOA_COLUMNS = ("state", "agency", "model", "signed", "county", "url")
MODELS = {
    "jail enforcement model": "JEM",
    "task force model": "TFM",
    "warrant service officer": "WSO",
    "jem": "JEM",
    "tfm": "TFM",
    "wso": "WSO",
}
SCOPES = {"county": "county", "municipality": "municipal", "state agency": "state"}
EXCEL_EPOCH = dt.date(1899, 12, 30)


class SheetError(Exception):
    """The file is not a list we can read; the message says why."""


@dataclass
class Report:
    read: int = 0
    kept: int = 0
    skipped_blank: int = 0
    corrected: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"read {self.read} rows, kept {self.kept} agreements, skipped {self.skipped_blank} blank rows"]
        out += [f"name corrected: {c}" for c in self.corrected]
        if self.unplaced:
            out.append(f"{len(self.unplaced)} county names not found (agreement kept without a county):")
            out += [f"  {u}" for u in self.unplaced]
        return out


class _Counties:
    """Find a county's FIPS code from the name a list gives, tolerating small misspellings."""

    def __init__(self) -> None:
        from .jurisdictions import _read_counties, _read_state_fips

        self.af = addfips.AddFIPS()
        # Plain county names by state, read from the Census list once per import.
        self.names: dict[str, dict[str, str]] = {}
        for county in _read_counties(_read_state_fips()).values():
            self.names.setdefault(county.state, {})[_plain(county.name)] = county.fips

    def find(self, name: str, state: str, report: Report) -> str | None:
        name = name.strip()
        if not name or name.upper() in ("#N/A", "#NA", "N/A", "NA", "STATEWIDE"):
            return None
        fips = self.af.get_county_fips(name, state=state)
        if fips:
            return str(fips)
        names = self.names.get(state, {})
        match = difflib.get_close_matches(_plain(name), list(names), n=1, cutoff=0.85)
        if match:
            report.corrected.append(f"{name} ({state}) -> {match[0]}")
            return names[match[0]]
        report.unplaced.append(f"{name} ({state})")
        return None


def _plain(name: str) -> str:
    name = name.lower().replace("saint ", "st. ")
    return re.sub(r"\s+(county|parish|borough|census area|city and borough|municipality)$", "", name).strip()


@cache
def _states() -> dict[str, str]:
    """State names (upper case) and postal codes, each to its postal code."""
    text = resources.files("addfips").joinpath("data/states.csv").read_text("utf-8")
    codes: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        codes[row["name"].upper()] = row["postal"]
        codes[row["postal"]] = row["postal"]
    return codes


def _state_code(raw: str, report: Report) -> str | None:
    name = " ".join(raw.upper().split())
    if not name:
        return None
    if name in _states():
        return _states()[name]
    match = difflib.get_close_matches(name, [n for n in _states() if len(n) > 2], n=1, cutoff=0.85)
    if match:
        report.corrected.append(f"state {raw!r} -> {match[0]}")
        return _states()[match[0]]
    return None


def _date(value: t.Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and value > 0:
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    return None


def as_of_from_name(path: Path) -> str | None:
    """ICE names its sheets like participatingAgencies07182025pm.xlsx; our lists end in a date."""
    if m := re.search(r"(\d{2})(\d{2})(20\d{2})", path.stem):
        return f"{m[3]}-{m[1]}-{m[2]}"
    if m := re.search(r"(20\d{2}-\d{2}-\d{2})", path.stem):
        return m[1]
    return None


def read_sheet(path: Path, report: Report) -> list[dict[str, t.Any]]:
    """ICE's participating-agencies xlsx, found by its header row, any extra columns ignored."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise SheetError(f"{path.name}: not an Excel workbook ({exc.__class__.__name__})") from exc
    counties = _Counties()
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    header_at = next(
        (
            i
            for i, row in enumerate(rows[:20])
            if {str(c).strip().upper() for c in row if c} >= set(SHEET_COLUMNS)
        ),
        None,
    )
    if header_at is None:
        raise SheetError(
            f"{path.name}: not an ICE 287(g) sheet: no header row with the columns {', '.join(SHEET_COLUMNS)}"
        )
    header = [str(c).strip().upper() if c else "" for c in rows[header_at]]
    col = {name: header.index(name) for name in SHEET_COLUMNS}
    agreements = []
    for cells in rows[header_at + 1 :]:
        report.read += 1
        row = {name: cells[i] if i < len(cells) else None for name, i in col.items()}
        agency = str(row["LAW ENFORCEMENT AGENCY"] or "").strip()
        state = _state_code(str(row["STATE"] or ""), report)
        if not agency or not state:
            report.skipped_blank += 1
            continue
        model = MODELS.get(str(row["SUPPORT TYPE"] or "").strip().lower(), "unknown")
        agreements.append(
            {
                "state": state,
                "agency": agency,
                "model": model,
                "signed": _date(row["SIGNED"]),
                "county": counties.find(str(row["COUNTY"] or ""), state, report),
                "scope": SCOPES.get(str(row["TYPE"] or "").strip().lower(), "unknown"),
            }
        )
    report.kept = len(agreements)
    return agreements


def read_moa_list(path: Path, report: Report) -> list[dict[str, t.Any]]:
    """The agency-level list of agreement documents (one row per agreement, no county column)."""
    counties = _Counties()
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != MOA_COLUMNS:
            raise SheetError(
                f"{path.name}: not a 287(g) agreement list: expected columns {', '.join(MOA_COLUMNS)}"
            )
        agreements = []
        for row in reader:
            report.read += 1
            state = row["state"].strip().upper()
            if state not in _states() or not row["agency"].strip():
                report.skipped_blank += 1
                continue
            county_name = row["county"].strip()
            # The list takes the county from the agency's name; Pennsylvania boroughs are towns.
            is_town = state == "PA" and "borough" in row["agency"].lower()
            agreements.append(
                {
                    "state": state,
                    "agency": row["agency"].strip(),
                    "model": row["model"].strip().upper()
                    if row["model"].strip().upper() in ("JEM", "TFM", "WSO")
                    else "unknown",
                    "signed": _date(row["signed"]),
                    "county": None
                    if is_town or not county_name
                    else counties.find(county_name, state, report),
                    "scope": "county" if county_name and not is_town else "unknown",
                    "url": row["url"].strip() or None,
                }
            )
    report.kept = len(agreements)
    return agreements


def import_file(
    path: Path,
    as_of: str | None = None,
    out: Path = AGREEMENTS_PATH,
    source_url: str | None = None,
    counts: Path | None = None,
) -> Report:
    """Read one list and put it into our data file, replacing the older list of the same kind.

    `source_url` is the address the file was downloaded from, kept with the list when given. The
    number of agreements on the list is added to the national counts (`counts`, by default the
    counts file beside `out`), so the growth chart gains a point with every import.
    """
    as_of = as_of or as_of_from_name(path)
    if as_of is None:
        raise SheetError(f"{path.name}: give the list's date with --as-of YYYY-MM-DD")
    dt.date.fromisoformat(as_of)
    report = Report()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        kind, title = "sheet", "ICE's list of agencies with 287(g) agreements"
        agreements = read_sheet(path, report)
    elif suffix == ".csv":
        kind, title = "moa", "ICE's published 287(g) agreement documents"
        agreements = read_moa_list(path, report)
    else:
        raise SheetError(f"{path.name}: expected ICE's .xlsx sheet or the .csv agreement list")
    if not agreements:
        raise SheetError(f"{path.name}: no agreements found")
    current = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"lists": []}
    lists = [lst for lst in current["lists"] if lst["kind"] != kind]
    entry: dict[str, t.Any] = {
        "kind": kind,
        "as_of": as_of,
        "title": title,
        "url": ICE_287G_PAGE,
        "imported_from": path.name,
    }
    if source_url:
        entry["downloaded_from"] = source_url
    entry["agreements"] = sorted(agreements, key=lambda a: (a["state"], a["agency"], a["model"]))
    lists.append(entry)
    lists.sort(key=lambda lst: lst["as_of"], reverse=True)
    out.write_text(
        json.dumps({"live_url": ICE_287G_PAGE, "lists": lists}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    record_import(counts or out.with_name(COUNTS_NAME), kind, as_of, len(agreements), path.name)
    return report
