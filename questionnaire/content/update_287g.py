"""Bring in ICE's current 287(g) sheet: find it on ICE's page, download it safely, import it, and
say what changed against the data we had.

Nothing is changed unless every step succeeds: the sheet and the new data file are written to
temporary files and moved into place only at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import time
import typing as t
import urllib.error
import urllib.request
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .counts_287g import COUNTS_NAME
from .import_287g import Report, as_of_from_name, import_file
from .jurisdictions import AGREEMENTS_PATH, ICE_287G_PAGE

RAW_DIR = Path(__file__).resolve().parents[2] / "data" / "ice-287g"
PAGE_LIMIT = 2 * 1024 * 1024  # ICE's page is about 100 KB
SHEET_LIMIT = 10 * 1024 * 1024  # the sheet of 2025-07-18 is 110 KB for 832 rows
UNPACKED_LIMIT = 100 * 1024 * 1024  # an xlsx is a zip: refuse one that unpacks to more
TIMEOUT_SECONDS = 60.0  # for each download, start to end
# ICE names its sheets participatingAgencies07182025pm.xlsx; the pending list is another sheet.
SHEET_NAME = re.compile(r"participatingagencies[\w.-]*\.xlsx", re.IGNORECASE)
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.xlsx")
USER_AGENT = "know-where-you-stand/287g-update (reads ICE's public list of 287(g) agreements)"


class UpdateError(Exception):
    """The update could not be made; the message says why. Nothing was changed."""


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): urllib would also follow one to ftp."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            fp.close()
            raise UpdateError(f"{req.full_url}: redirected to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, limit: int, timeout: float = TIMEOUT_SECONDS) -> tuple[bytes, str]:
    """The body of an http(s) address and the address it came from, at most `limit` bytes."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise UpdateError(f"{url}: only http and https addresses are fetched")
    opener = urllib.request.build_opener(_SameSchemeRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise UpdateError(f"{url}: {int(declared):,} bytes, more than the {limit:,} allowed")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read1(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise UpdateError(f"{url}: more than the {limit:,} bytes allowed")
                if time.monotonic() > deadline:  # a server that sends slowly, byte by byte
                    raise UpdateError(f"{url}: took longer than {timeout:g} seconds")
                chunks.append(chunk)
            return b"".join(chunks), response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise UpdateError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise UpdateError(f"{url}: could not be fetched ({exc.reason})") from exc
    except (TimeoutError, OSError) as exc:
        raise UpdateError(f"{url}: could not be fetched ({exc.__class__.__name__}: {exc})") from exc


def _file_name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value.strip() for name, value in attrs if name == "href" and value]


def find_sheet_url(html: str, page_url: str) -> str:
    """The address of the participating-agencies sheet a page links to (the newest, if several)."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    found: list[tuple[str, str]] = []
    for href in parser.hrefs:
        url = urljoin(page_url, href)
        name = _file_name(url)
        if urlsplit(url).scheme in ("http", "https") and SHEET_NAME.fullmatch(name):
            found.append((as_of_from_name(Path(name)) or "", url))
    if not found:
        raise UpdateError(
            f"{page_url}: no link to ICE's participating-agencies spreadsheet "
            "(participatingAgencies<date>.xlsx) on the page; the page may have changed"
        )
    newest = max(date for date, _ in found)
    return next(url for date, url in found if date == newest)


def check_workbook(path: Path) -> None:
    """Refuse a file that is not a zip, or one that would unpack to more than we allow."""
    if not zipfile.is_zipfile(path):
        raise UpdateError(f"{path.name}: not an Excel workbook (not a zip file)")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UpdateError(f"{path.name}: not an Excel workbook ({exc})") from exc
    if unpacked > UNPACKED_LIMIT:
        raise UpdateError(
            f"{path.name}: unpacks to {unpacked:,} bytes, more than the {UNPACKED_LIMIT:,} allowed"
        )


Key = tuple[str, str | None, str, str]  # state, county FIPS, agency, model


@dataclass
class Change:
    state: str
    county: str | None
    agency: str
    model: str
    signed: str | None


@dataclass
class Update:
    """What one update did: the sheet read, the list it replaced, and the agreements that changed."""

    sheet_url: str
    as_of: str
    count: int
    previous_as_of: str | None = None
    previous_name: str | None = None
    previous_count: int = 0
    added: list[Change] = field(default_factory=list)
    ended: list[Change] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    already_had: bool = False

    def lines(self, county_names: t.Mapping[str, str]) -> list[str]:
        """The report, as plain lines (a pull request's text, or a terminal)."""
        name = _file_name(self.sheet_url)
        if self.already_had:
            return [f"ICE's sheet of {self.as_of} ({name}) is already in our data: nothing changed."]
        out = [f"ICE's sheet of {self.as_of} ({name}), from {self.sheet_url}: {self.count} agreements."]
        if self.previous_as_of:
            out.append(
                f"Compared with ICE's sheet of {self.previous_as_of} ({self.previous_name}), which it "
                f"replaces: {self.previous_count} agreements."
            )
        else:
            out.append("There was no earlier sheet in our data: every agreement is new to it.")
        out.append(f"Added: {len(self.added)}. Ended (no longer on ICE's list): {len(self.ended)}.")
        groups: dict[tuple[str, str], list[str]] = {}
        for sign, changes in (("+", self.added), ("-", self.ended)):
            for c in changes:
                county = county_names.get(c.county or "")
                place = f"{county} ({c.county})" if county else "no county"
                when = f"signed {c.signed}" if c.signed else "no date signed"
                groups.setdefault((c.state, place), []).append(f"  {sign} {c.agency}: {c.model}, {when}")
        for (state, place), rows in sorted(groups.items()):
            out.append(f"{state}, {place}")
            out += rows
        out += self.report.lines()
        return out


def _key(agreement: t.Mapping[str, t.Any]) -> Key:
    return (agreement["state"], agreement.get("county"), agreement["agency"], agreement["model"])


def compare(
    old: t.Sequence[t.Mapping[str, t.Any]], new: t.Sequence[t.Mapping[str, t.Any]]
) -> tuple[list[Change], list[Change]]:
    """Agreements on the new list and not the old (added), and on the old and not the new (ended).

    An agreement is its state, county, agency and model; an agency listed twice for one model
    counts twice.
    """
    old_keys = Counter(_key(a) for a in old)
    new_keys = Counter(_key(a) for a in new)
    return _rows(new, new_keys - old_keys), _rows(old, old_keys - new_keys)


def _rows(rows: t.Sequence[t.Mapping[str, t.Any]], surplus: Counter[Key]) -> list[Change]:
    left = Counter(surplus)
    found = []
    for row in rows:
        key = _key(row)
        if left[key] > 0:
            left[key] -= 1
            found.append(Change(*key, signed=row.get("signed")))
    return sorted(found, key=lambda c: (c.state, c.county or "", c.agency, c.model, c.signed or ""))


def _our_lists(out: Path) -> dict[str, t.Any]:
    """The lists we have, as the update reads them; an UpdateError, not a traceback, when the file
    cannot be read (a merge conflict left in it, a hand edit gone wrong)."""
    if not out.exists():
        return {"lists": []}
    problem = f"{out}: not a file of 287(g) lists we can read; restore it from git and run again"
    try:
        current = json.loads(out.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:  # a JSONDecodeError or UnicodeDecodeError is a ValueError
        raise UpdateError(problem) from exc
    lists = current.get("lists") if isinstance(current, dict) else None
    if not isinstance(lists, list) or not all(
        isinstance(lst, dict)
        and isinstance(lst.get("as_of"), str)
        and (
            lst.get("kind") != "sheet" or ("imported_from" in lst and isinstance(lst.get("agreements"), list))
        )
        for lst in lists
    ):
        raise UpdateError(problem)
    return t.cast(dict[str, t.Any], current)


def update(
    page_url: str = ICE_287G_PAGE,
    out: Path = AGREEMENTS_PATH,
    raw_dir: Path = RAW_DIR,
    timeout: float = TIMEOUT_SECONDS,
) -> Update:
    """Find the sheet on ICE's page, import it, keep the raw file, and return what changed."""
    page, page_final = fetch(page_url, PAGE_LIMIT, timeout)
    sheet_url = find_sheet_url(page.decode("utf-8", errors="replace"), page_final)
    name = _file_name(sheet_url)
    if not SAFE_NAME.fullmatch(name):
        raise UpdateError(f"{sheet_url}: the sheet's file name is not one we can keep")
    as_of = as_of_from_name(Path(name))
    if as_of is None:
        raise UpdateError(f"{name}: the file name carries no date, so we cannot tell how old the sheet is")
    try:
        dt.date.fromisoformat(as_of)
    except ValueError as exc:  # participatingAgencies13452026.xlsx
        raise UpdateError(f"{name}: the date in the file name, {as_of}, is not a real date") from exc
    current = _our_lists(out)
    newest = max((lst["as_of"] for lst in current["lists"]), default=None)
    if newest and as_of < newest:
        raise UpdateError(
            f"{name}: ICE's sheet is of {as_of}, older than the newest list we have ({newest}); nothing changed"
        )
    previous = next((lst for lst in current["lists"] if lst["kind"] == "sheet"), None)
    if previous and previous["as_of"] == as_of and previous["imported_from"] == name:
        return Update(sheet_url, as_of, len(previous["agreements"]), already_had=True)

    with tempfile.TemporaryDirectory(prefix="update-287g-") as tmp:
        sheet = Path(tmp) / name
        sheet.write_bytes(fetch(sheet_url, SHEET_LIMIT, timeout)[0])
        check_workbook(sheet)
        staged = Path(tmp) / out.name
        if out.exists():
            shutil.copyfile(out, staged)
        counts = out.with_name(COUNTS_NAME)  # the national counts beside it gain this list's point
        staged_counts = Path(tmp) / COUNTS_NAME
        if counts.exists():
            shutil.copyfile(counts, staged_counts)
        report = import_file(sheet, as_of=as_of, out=staged, source_url=sheet_url, counts=staged_counts)
        new = next(
            lst for lst in json.loads(staged.read_text(encoding="utf-8"))["lists"] if lst["kind"] == "sheet"
        )
        added, ended = compare(previous["agreements"] if previous else [], new["agreements"])
        # Every check has passed: copy both files beside their targets, then rename them into place.
        raw_dir.mkdir(parents=True, exist_ok=True)
        raw_part = raw_dir / f".{name}.part"
        out_part = out.with_name(f".{out.name}.part")
        counts_part = counts.with_name(f".{COUNTS_NAME}.part")
        try:
            shutil.copyfile(sheet, raw_part)
            shutil.copyfile(staged, out_part)
            shutil.copyfile(staged_counts, counts_part)
            os.replace(raw_part, raw_dir / name)
            os.replace(out_part, out)
            os.replace(counts_part, counts)
        finally:
            raw_part.unlink(missing_ok=True)
            out_part.unlink(missing_ok=True)
            counts_part.unlink(missing_ok=True)
    return Update(
        sheet_url,
        as_of,
        len(new["agreements"]),
        previous_as_of=previous["as_of"] if previous else None,
        previous_name=previous["imported_from"] if previous else None,
        previous_count=len(previous["agreements"]) if previous else 0,
        added=added,
        ended=ended,
        report=report,
    )
