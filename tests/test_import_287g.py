"""The 287(g) importer reads ICE's sheet as published, tolerates added columns, and refuses others."""

import json
from pathlib import Path

import openpyxl
import pytest

from questionnaire.content.import_287g import SheetError, import_file

RAW = Path(__file__).resolve().parents[1] / "data" / "ice-287g"
SHEET = RAW / "participatingAgencies07182025pm.xlsx"
MOA_LIST = RAW / "agreements_2026-09-14.csv"
HEADER = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA", "ADDENDUM"]


def write_sheet(path: Path, header: list[str], rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def read(out: Path) -> dict:
    return json.loads(out.read_text())


def test_reads_the_real_ice_sheet(tmp_path):
    out = tmp_path / "agreements.json"
    report = import_file(SHEET, out=out)
    assert report.kept == 832
    data = read(out)
    (sheet,) = data["lists"]
    assert sheet["as_of"] == "2025-07-18" and sheet["kind"] == "sheet"
    assert data["live_url"] == "https://www.ice.gov/identify-and-arrest/287g"
    colbert = [a for a in sheet["agreements"] if a["agency"] == "Colbert County Sheriff's Office"]
    assert {a["model"] for a in colbert} == {"TFM", "WSO", "JEM"}
    assert {a["county"] for a in colbert} == {"01033"}
    assert any(c.startswith("Flagere County (FL) -> flagler") for c in report.corrected)


def test_reads_the_agency_level_list_and_keeps_both_lists_newest_first(tmp_path):
    out = tmp_path / "agreements.json"
    import_file(SHEET, out=out)
    import_file(MOA_LIST, out=out)
    lists = read(out)["lists"]
    assert [lst["as_of"] for lst in lists] == ["2026-09-14", "2025-07-18"]
    autauga = [a for a in lists[0]["agreements"] if a["agency"] == "Autauga County Sheriff's Office"]
    assert {a["county"] for a in autauga} == {"01001"}
    towns = [a for a in lists[0]["agreements"] if a["state"] == "PA" and "Borough" in a["agency"]]
    assert towns and all(a["county"] is None for a in towns)


def test_a_sheet_with_an_added_column_is_read(tmp_path):
    path = write_sheet(
        tmp_path / "participatingAgencies01022026am.xlsx",
        ["NOTES", *HEADER, "EXTRA"],
        [
            [
                "x",
                "TEXAS",
                "Harris County Sheriff's Office",
                "County",
                "Harris County",
                "Jail Enforcement Model ",
                45900,
                "link",
                None,
                "y",
            ]
        ],
    )
    out = tmp_path / "agreements.json"
    import_file(path, out=out)
    (lst,) = read(out)["lists"]
    assert lst["as_of"] == "2026-01-02"
    assert lst["agreements"] == [
        {
            "state": "TX",
            "agency": "Harris County Sheriff's Office",
            "model": "JEM",
            "signed": "2025-08-31",
            "county": "48201",
            "scope": "county",
        }
    ]


def test_a_newer_sheet_replaces_the_older_one(tmp_path):
    out = tmp_path / "agreements.json"
    row = [
        "TEXAS",
        "Harris County Sheriff's Office",
        "County",
        "Harris County",
        "Task Force Model",
        45900,
        "",
        "",
    ]
    import_file(write_sheet(tmp_path / "a01022026.xlsx", HEADER, [row]), out=out)
    import_file(write_sheet(tmp_path / "a03042026.xlsx", HEADER, [row, row]), out=out)
    (lst,) = read(out)["lists"]
    assert lst["as_of"] == "2026-03-04" and len(lst["agreements"]) == 2


def test_a_workbook_that_is_not_an_ice_sheet_is_refused(tmp_path):
    path = write_sheet(tmp_path / "budget01012026.xlsx", ["ITEM", "COST"], [["chairs", 10]])
    with pytest.raises(SheetError, match="not an ICE 287\\(g\\) sheet: no header row with the columns STATE"):
        import_file(path, out=tmp_path / "out.json")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake01012026.xlsx"
    path.write_text("hello")
    with pytest.raises(SheetError, match="not an Excel workbook"):
        import_file(path, out=tmp_path / "out.json")


def test_a_list_without_a_date_needs_as_of(tmp_path):
    path = write_sheet(tmp_path / "sheet.xlsx", HEADER, [])
    with pytest.raises(SheetError, match="--as-of"):
        import_file(path, out=tmp_path / "out.json")


def test_the_command_reports_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from questionnaire.cli import main

    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(
        main, ["data", "import-287g", str(path), "--as-of", "2026-01-01", "--out", str(tmp_path / "o.json")]
    )
    assert result.exit_code == 1
    assert (
        "not a 287(g) agreement list: expected columns state, agency, model, signed, county, url"
        in result.output
    )


# The growth chart's data: every import adds, or refreshes, a point counting the list's agreements.


def counts(out: Path) -> list[tuple]:
    points = read(out.with_name("counts_287g.json"))["points"]
    return [
        (p["as_of"], p["count"], p["unit"], p["reliability"], p["list_kind"], p["imported_from"])
        for p in points
    ]


def test_an_import_adds_a_point_to_the_national_counts_beside_the_data(tmp_path):
    out = tmp_path / "agreements.json"
    import_file(SHEET, out=out)
    import_file(MOA_LIST, out=out)
    # ICE's sheet of 2025-07-18 lists 832 agreements; the agreement documents of 2026-09-14, 1,851.
    assert counts(out) == [
        ("2025-07-18", 832, "agreements", "counted_by_us", "sheet", SHEET.name),
        ("2026-09-14", 1851, "agreement_documents", "counted_by_us", "moa", MOA_LIST.name),
    ]


def test_a_newer_sheet_adds_a_point_and_keeps_the_older_ones(tmp_path):
    out = tmp_path / "agreements.json"
    row = [
        "TEXAS",
        "Harris County Sheriff's Office",
        "County",
        "Harris County",
        "Task Force Model",
        45900,
        "",
        "",
    ]
    import_file(write_sheet(tmp_path / "a01022026.xlsx", HEADER, [row]), out=out)
    import_file(write_sheet(tmp_path / "a03042026.xlsx", HEADER, [row, row, row]), out=out)
    assert [(p[0], p[1]) for p in counts(out)] == [("2026-01-02", 1), ("2026-03-04", 3)]


def test_importing_a_list_of_the_same_date_again_refreshes_its_point(tmp_path):
    out = tmp_path / "agreements.json"
    row = [
        "TEXAS",
        "Harris County Sheriff's Office",
        "County",
        "Harris County",
        "Task Force Model",
        45900,
        "",
        "",
    ]
    import_file(write_sheet(tmp_path / "a01022026.xlsx", HEADER, [row]), out=out)
    import_file(write_sheet(tmp_path / "b01022026.xlsx", HEADER, [row, row]), out=out)
    assert counts(out) == [("2026-01-02", 2, "agreements", "counted_by_us", "sheet", "b01022026.xlsx")]


def test_points_from_other_sources_are_kept_when_a_list_is_imported(tmp_path):
    out = tmp_path / "agreements.json"
    reported = {
        "as_of": "2026-01-02",
        "count": 99,
        "unit": "agreements",
        "reliability": "reported",
        "sources": [
            {
                "title": "News",
                "url": "https://example.org",
                "read": "2026-12-01",
                "quote": "99 agreements in all.",
                "kind": "secondary",
            }
        ],
    }
    out.with_name("counts_287g.json").write_text(json.dumps({"points": [reported]}))
    row = [
        "TEXAS",
        "Harris County Sheriff's Office",
        "County",
        "Harris County",
        "Task Force Model",
        45900,
        "",
        "",
    ]
    import_file(write_sheet(tmp_path / "a01022026.xlsx", HEADER, [row]), out=out)
    points = read(out.with_name("counts_287g.json"))["points"]
    assert points[0] == reported and (points[1]["count"], points[1]["reliability"]) == (1, "counted_by_us")


def test_a_refused_file_adds_no_point(tmp_path):
    out = tmp_path / "agreements.json"
    with pytest.raises(SheetError):
        import_file(write_sheet(tmp_path / "a01022026.xlsx", ["AGENCY"], [["x"]]), out=out)
    assert not out.with_name("counts_287g.json").exists()


def test_the_committed_counts_match_the_committed_lists():
    """Each list we imported has its point, with the number of agreements the list holds."""
    from questionnaire.content.jurisdictions import AGREEMENTS_PATH

    lists = read(AGREEMENTS_PATH)["lists"]
    points = {
        (p["as_of"], p.get("list_kind")): p
        for p in read(AGREEMENTS_PATH.with_name("counts_287g.json"))["points"]
    }
    for lst in lists:
        point = points[(lst["as_of"], lst["kind"])]
        assert (point["count"], point["imported_from"]) == (len(lst["agreements"]), lst["imported_from"])
