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
