"""`questionnaire data update-287g` (issue 16, item 1): find ICE's current sheet on its page,
download it, import it, and print what changed; refuse, changing nothing, a page without a sheet,
a sheet that is not ICE's or is broken, and one older than what we have.

ICE's site cannot be reached from the test machine: a local HTTP server serves saved copies of
the page and sheets written here.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from questionnaire.cli import main
from questionnaire.content import update_287g
from questionnaire.content.update_287g import UpdateError, find_sheet_url

PAGES = Path(__file__).resolve().parent / "fixtures" / "ice-287g"
HEADER = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA", "ADDENDUM"]
SHEET_PATH = "/doclib/about/offices/ero/287g/participatingAgencies12012026am.xlsx"
HARRIS_JEM = ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Jail Enforcement Model"]
HARRIS_WSO = ["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Warrant Service Officer"]
LEE_TFM = ["FLORIDA", "Lee County Sheriff's Office", "County", "Lee County", "Task Force Model"]

# What the repository holds before the update: ICE's sheet of 2026-09-01 (Harris JEM, Lee TFM) and
# the agreement documents of 2026-08-20.
BEFORE = {
    "live_url": "https://www.ice.gov/identify-and-arrest/287g",
    "lists": [
        {
            "kind": "sheet",
            "as_of": "2026-09-01",
            "title": "ICE's list of agencies with 287(g) agreements",
            "url": "https://www.ice.gov/identify-and-arrest/287g",
            "imported_from": "participatingAgencies09012026am.xlsx",
            "agreements": [
                {
                    "state": "FL",
                    "agency": "Lee County Sheriff's Office",
                    "model": "TFM",
                    "signed": "2025-03-12",
                    "county": "12071",
                    "scope": "county",
                },
                {
                    "state": "TX",
                    "agency": "Harris County Sheriff's Office",
                    "model": "JEM",
                    "signed": "2025-08-31",
                    "county": "48201",
                    "scope": "county",
                },
            ],
        },
        {
            "kind": "moa",
            "as_of": "2026-08-20",
            "title": "ICE's published 287(g) agreement documents",
            "url": "https://www.ice.gov/identify-and-arrest/287g",
            "imported_from": "agreements_2026-08-20.csv",
            "agreements": [],
        },
    ],
}


def sheet_bytes(tmp_path: Path, header: list[str], rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Participating Agencies"])  # ICE's sheet may have a title above the header
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "made.xlsx"
    workbook.save(path)
    return path.read_bytes()


class Site:
    """A local web server answering from a table of paths; it remembers what was asked."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.asked: list[str] = []
        self.slow: set[str] = set()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                site.asked.append(self.path)
                if self.path.startswith("/redirect-to/"):
                    self.send_response(302)
                    self.send_header("Location", self.path.removeprefix("/redirect-to/"))
                    self.end_headers()
                    return
                body = site.files.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                if self.path in site.slow:  # no length: the body drips out a byte at a time
                    self.end_headers()
                    for byte in body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def page(self, name: str, **urls: str) -> None:
        text = (PAGES / name).read_text()
        for placeholder, url in urls.items():
            text = text.replace(placeholder, url)
        self.files["/identify-and-arrest/287g"] = text.encode()

    @property
    def page_url(self) -> str:
        return f"{self.url}/identify-and-arrest/287g"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    site = Site()
    yield site
    site.close()


# The national counts before the update: the point the importer wrote for the sheet of 2026-09-01.
COUNTS_BEFORE = {
    "points": [
        {
            "as_of": "2026-09-01",
            "count": 2,
            "unit": "agreements",
            "reliability": "counted_by_us",
            "list_kind": "sheet",
            "imported_from": "participatingAgencies09012026am.xlsx",
        }
    ]
}


@pytest.fixture
def repo(tmp_path: Path):
    """The repository's data file and raw folder, as they are before an update."""
    out = tmp_path / "repo" / "agreements_287g.json"
    out.parent.mkdir()
    out.write_text(json.dumps(BEFORE, indent=1))
    (out.parent / "counts_287g.json").write_text(json.dumps(COUNTS_BEFORE, indent=1))
    raw = tmp_path / "repo" / "ice-287g"
    raw.mkdir()
    return out, raw


def run(site: Site, repo: tuple[Path, Path], *extra: str):
    out, raw = repo
    args = ["data", "update-287g", "--page", site.page_url, "--out", str(out), "--raw-dir", str(raw)]
    return CliRunner().invoke(main, [*args, *extra])


def unchanged(repo: tuple[Path, Path]) -> bool:
    out, raw = repo
    return (
        json.loads(out.read_text()) == BEFORE
        and json.loads(out.with_name("counts_287g.json").read_text()) == COUNTS_BEFORE
        and list(raw.iterdir()) == []
    )


def test_imports_the_sheet_the_page_links_to_and_prints_what_changed(site, repo, tmp_path):
    site.page("page.html")
    # ICE's sheet of 2026-12-01: Harris County keeps its jail agreement and adds a warrant
    # agreement; Lee County's task force agreement is gone.
    site.files[SHEET_PATH] = sheet_bytes(
        tmp_path,
        HEADER,
        [
            [*HARRIS_JEM, dt.datetime(2025, 8, 31), "link", ""],
            [*HARRIS_WSO, dt.datetime(2026, 11, 20), "link", ""],
        ],
    )
    result = run(site, repo)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"ICE's sheet of 2026-12-01 (participatingAgencies12012026am.xlsx), from {site.url}{SHEET_PATH}: "
        "2 agreements."
    )
    assert lines[1] == (
        "Compared with ICE's sheet of 2026-09-01 (participatingAgencies09012026am.xlsx), which it replaces: "
        "2 agreements."
    )
    assert lines[2] == "Added: 1. Ended (no longer on ICE's list): 1."
    assert lines[3:7] == [
        "FL, Lee County (12071)",
        "  - Lee County Sheriff's Office: TFM, signed 2025-03-12",
        "TX, Harris County (48201)",
        "  + Harris County Sheriff's Office: WSO, signed 2026-11-20",
    ]
    out, raw = repo
    data = json.loads(out.read_text())
    assert [(lst["kind"], lst["as_of"]) for lst in data["lists"]] == [
        ("sheet", "2026-12-01"),
        ("moa", "2026-08-20"),
    ]
    sheet = data["lists"][0]
    assert sheet["downloaded_from"] == f"{site.url}{SHEET_PATH}"
    assert sheet["imported_from"] == "participatingAgencies12012026am.xlsx"
    assert {(a["county"], a["model"], a["signed"]) for a in sheet["agreements"]} == {
        ("48201", "JEM", "2025-08-31"),
        ("48201", "WSO", "2026-11-20"),
    }
    assert (raw / "participatingAgencies12012026am.xlsx").read_bytes() == site.files[SHEET_PATH]
    assert [p.name for p in raw.iterdir()] == ["participatingAgencies12012026am.xlsx"]  # no part files
    assert sorted(p.name for p in out.parent.iterdir() if p.is_file()) == [
        "agreements_287g.json",
        "counts_287g.json",
    ]
    # The growth chart gains the new sheet's point (2 agreements) and keeps the older one.
    counts = json.loads(out.with_name("counts_287g.json").read_text())["points"]
    assert [(p["as_of"], p["count"], p["unit"], p["reliability"], p["imported_from"]) for p in counts] == [
        ("2026-09-01", 2, "agreements", "counted_by_us", "participatingAgencies09012026am.xlsx"),
        ("2026-12-01", 2, "agreements", "counted_by_us", "participatingAgencies12012026am.xlsx"),
    ]


def test_a_changed_layout_still_finds_the_newest_participating_sheet(site, repo, tmp_path):
    newest = f"{site.url}/files/participatingAgencies12082026.xlsx?v=3"
    site.page(
        "page-new-layout.html",
        PENDING_URL=f"{site.url}/files/pendingAgencies12082026.xlsx",
        SHEET_URL=newest,
        OLD_SHEET_URL="/files/participatingAgencies12012026am.xlsx",
    )
    site.files["/files/participatingAgencies12082026.xlsx"] = sheet_bytes(
        tmp_path, ["NOTES", *HEADER, "EXTRA"], [["", *LEE_TFM, dt.datetime(2025, 3, 12), "", "", "x"]]
    )
    result = run(site, repo)
    assert result.exit_code == 0, result.output
    assert (
        f"ICE's sheet of 2026-12-08 (participatingAgencies12082026.xlsx), from {newest}: 1 agreements."
        in result.output
    )
    assert "Added: 0. Ended (no longer on ICE's list): 1." in result.output
    assert "  - Harris County Sheriff's Office: JEM, signed 2025-08-31" in result.output
    assert not any("pendingAgencies" in asked for asked in site.asked)
    assert json.loads(repo[0].read_text())["lists"][0]["as_of"] == "2026-12-08"


def test_a_page_without_the_sheet_fails_and_changes_nothing(site, repo):
    site.page("page-no-sheet.html")
    result = run(site, repo)
    assert result.exit_code == 1
    assert "no link to ICE's participating-agencies spreadsheet" in result.output
    assert "the page may have changed" in result.output
    assert "Traceback" not in result.output
    assert unchanged(repo)
    assert site.asked == ["/identify-and-arrest/287g"]  # neither the pending list nor the ftp mirror


def test_a_sheet_that_is_not_ices_fails_and_changes_nothing(site, repo, tmp_path):
    site.page("page.html")
    site.files[SHEET_PATH] = sheet_bytes(
        tmp_path, ["AGENCY", "STATE", "DATE"], [["Harris", "TX", "2026-11-20"]]
    )
    result = run(site, repo)
    assert result.exit_code == 1
    assert "not an ICE 287(g) sheet: no header row with the columns STATE" in result.output
    assert unchanged(repo)


def test_a_broken_sheet_fails_and_changes_nothing(site, repo, tmp_path):
    site.page("page.html")
    whole = sheet_bytes(tmp_path, HEADER, [[*HARRIS_WSO, "2026-11-20", "", ""]])
    site.files[SHEET_PATH] = whole[: len(whole) // 2]  # the download was cut off half way
    result = run(site, repo)
    assert result.exit_code == 1
    assert "participatingAgencies12012026am.xlsx: not an Excel workbook" in result.output
    assert unchanged(repo)


@pytest.mark.parametrize(
    "broken",
    [
        '{"lists": [\n<<<<<<< HEAD\n',  # a merge conflict left in the file
        '{"lists": {}}',
        '{"lists": [{"kind": "sheet", "as_of": "2026-09-01"}]}',  # a hand edit that lost the agreements
        "[]",
    ],
    ids=["not json", "lists not a list", "sheet without agreements", "not an object"],
)
def test_an_unreadable_file_of_our_lists_fails_plainly_and_changes_nothing(site, repo, broken):
    out, raw = repo
    out.write_text(broken)
    site.page("page.html")
    result = run(site, repo)
    assert result.exit_code == 1
    assert (
        f"{out}: not a file of 287(g) lists we can read; restore it from git and run again" in result.output
    )
    assert isinstance(result.exception, SystemExit)  # a plain exit, not an uncaught error
    assert out.read_text() == broken and list(raw.iterdir()) == []
    assert site.asked == ["/identify-and-arrest/287g"]  # the sheet was never downloaded


def test_an_html_error_page_served_as_the_sheet_fails(site, repo):
    site.page("page.html")
    site.files[SHEET_PATH] = b"<html><body>Access denied</body></html>"
    result = run(site, repo)
    assert result.exit_code == 1
    assert "not an Excel workbook" in result.output
    assert unchanged(repo)


def test_a_sheet_older_than_our_newest_list_fails_before_downloading_it(site, repo):
    site.page(
        "page-new-layout.html",
        PENDING_URL="/files/pendingAgencies08012026.xlsx",
        SHEET_URL="/files/participatingAgencies08152026pm.xlsx",
        OLD_SHEET_URL="/files/participatingAgencies08012026.xlsx",
    )
    result = run(site, repo)
    assert result.exit_code == 1
    assert (
        "participatingAgencies08152026pm.xlsx: ICE's sheet is of 2026-08-15, older than the newest list we "
        "have (2026-09-01); nothing changed"
    ) in result.output
    assert unchanged(repo)
    assert site.asked == ["/identify-and-arrest/287g"]


def test_a_sheet_whose_name_gives_no_real_date_fails(site, repo):
    site.page(
        "page-new-layout.html",
        PENDING_URL="/x",
        SHEET_URL="/participatingAgencies13452026.xlsx",
        OLD_SHEET_URL="/y",
    )
    result = run(site, repo)
    assert result.exit_code == 1
    assert (
        "participatingAgencies13452026.xlsx: the date in the file name, 2026-13-45, is not a real date"
        in result.output
    )
    assert unchanged(repo)


def test_the_sheet_we_already_have_changes_nothing_and_succeeds(site, repo):
    site.page(
        "page-new-layout.html",
        PENDING_URL="/x",
        SHEET_URL="/files/participatingAgencies09012026am.xlsx",
        OLD_SHEET_URL="/y",
    )
    result = run(site, repo)
    assert result.exit_code == 0
    assert (
        "ICE's sheet of 2026-09-01 (participatingAgencies09012026am.xlsx) is already in our data"
        in result.output
    )
    assert unchanged(repo)


def test_a_sheet_over_the_size_cap_is_refused(site, repo, tmp_path, monkeypatch):
    monkeypatch.setattr(update_287g, "SHEET_LIMIT", 1000)
    site.page("page.html")
    site.files[SHEET_PATH] = sheet_bytes(tmp_path, HEADER, [[*HARRIS_WSO, "2026-11-20", "", ""]])
    assert len(site.files[SHEET_PATH]) > 1000
    result = run(site, repo)
    assert result.exit_code == 1
    assert "bytes, more than the 1,000 allowed" in result.output
    assert unchanged(repo)


def test_a_sheet_that_unpacks_too_large_is_refused(site, repo, tmp_path, monkeypatch):
    monkeypatch.setattr(update_287g, "UNPACKED_LIMIT", 2000)
    site.page("page.html")
    site.files[SHEET_PATH] = sheet_bytes(tmp_path, HEADER, [[*HARRIS_WSO, "2026-11-20", "", ""]])
    result = run(site, repo)
    assert result.exit_code == 1
    assert "more than the 2,000 allowed" in result.output and "unpacks to" in result.output
    assert unchanged(repo)


def test_a_server_that_sends_too_slowly_is_given_up(site, repo, tmp_path):
    site.page("page.html")
    site.files[SHEET_PATH] = b"x" * 100
    site.slow.add(SHEET_PATH)
    started = time.monotonic()
    with pytest.raises(UpdateError, match="took longer than 1 seconds"):
        update_287g.update(site.page_url, out=repo[0], raw_dir=repo[1], timeout=1)
    assert time.monotonic() - started < 5
    assert unchanged(repo)


def test_only_http_and_https_are_fetched(site, repo):
    result = CliRunner().invoke(
        main,
        [
            "data",
            "update-287g",
            "--page",
            "file:///etc/passwd",
            "--out",
            str(repo[0]),
            "--raw-dir",
            str(repo[1]),
        ],
    )
    assert result.exit_code == 1
    assert "file:///etc/passwd: only http and https addresses are fetched" in result.output
    with pytest.raises(UpdateError, match="redirected to ftp://example.org/x, which is not http"):
        update_287g.fetch(f"{site.url}/redirect-to/ftp://example.org/x", limit=1000)
    assert unchanged(repo)


def test_a_missing_page_fails_with_the_servers_answer(site, repo):
    result = run(site, repo)  # nothing served at the page's address
    assert result.exit_code == 1
    assert "the server answered 404" in result.output
    assert unchanged(repo)


def test_the_saved_page_links_to_the_participating_sheet():
    html = (PAGES / "page.html").read_text()
    assert find_sheet_url(html, "https://www.ice.gov/identify-and-arrest/287g") == (
        "https://www.ice.gov/doclib/about/offices/ero/287g/participatingAgencies12012026am.xlsx"
    )
