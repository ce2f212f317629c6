"""The chart of 287(g) growth: one dot per count of agreements, at heights in proportion to the
counts; a number others reported is drawn hollow, off the line, and marked in the table; a count
of something else is in the table only; the same numbers and sources are in the table below, in
every language, right to left in Arabic."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import SECRET, set_walk
from questionnaire import create_app
from questionnaire.content.counts_287g import CountsError, read_counts
from questionnaire.content.jurisdictions import AGREEMENTS_PATH, DATA_DIR, DataError, load_jurisdictions
from questionnaire.i18n import LANGUAGES

MYTH = ("myths", {"which": "same_287g"})  # the myths outcome "287(g) is not the same everywhere"
SOURCE = {
    "title": "A tracker's count of ICE's sheet",
    "url": "https://example.org/tracker",
    "read": "2026-12-01",
    "quote": "1000 total agreements on ICE's sheet of 2026-01-01.",
    "kind": "secondary",
}
REPORT = {
    **SOURCE,
    "title": "A news report",
    "url": "https://example.org/news",
    "quote": "There were 100 agreements.",
}
# A small series: a reported number, a list we imported, a tracker's count, and a count of
# agreement documents (a different thing).
SERIES = [
    {
        "as_of": "2025-01-01",
        "count": 100,
        "unit": "agreements",
        "reliability": "reported",
        "sources": [REPORT],
    },
    {
        "as_of": "2025-07-02",
        "count": 400,
        "unit": "agreements",
        "reliability": "counted_by_us",
        "list_kind": "sheet",
        "imported_from": "participatingAgencies07022025.xlsx",
    },
    {
        "as_of": "2026-01-01",
        "count": 1000,
        "unit": "agreements",
        "reliability": "counted_by_others",
        "sources": [SOURCE],
    },
    {
        "as_of": "2026-03-01",
        "count": 900,
        "unit": "agreement_documents",
        "reliability": "counted_by_us",
        "list_kind": "moa",
        "imported_from": "agreements_2026-03-01.csv",
    },
]


def fixture_app(tmp_path: Path, points: list[dict]):
    shutil.copyfile(AGREEMENTS_PATH, tmp_path / "agreements_287g.json")
    (tmp_path / "counts_287g.json").write_text(json.dumps({"points": points}), encoding="utf-8")
    return create_app(
        {"TESTING": True, "SECRET_KEY": SECRET, "AGREEMENTS_FILE": str(tmp_path / "agreements_287g.json")}
    )


def myth_page(app, lang: str = "en") -> str:
    client = app.test_client()
    set_walk(client, *MYTH, "result")
    response = client.get(f"/{lang}/walk")
    assert response.status_code == 200
    return response.data.decode()


def chart_of(html: str) -> str:
    found = re.search(r'<section class="growth".*?</section>', html, re.S)
    assert found, "the page has no growth chart"
    return found.group(0)


def dots(chart: str) -> list[tuple[str, str, float, float]]:
    """(date, kind, x, y) of each dot drawn."""
    return [
        (date, kind, float(x), float(y))
        for kind, x, y, date in re.findall(
            r'<circle class="dot (\w+)" cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" data-as-of="([\d-]+)"/>', chart
        )
    ]


def baseline(chart: str) -> float:
    """The y of the grid line labelled 0."""
    return float(re.search(r'<line [^>]*y1="([\d.]+)"[^>]*/><text [^>]*>0</text>', chart).group(1))


def rows(chart: str) -> list[tuple[str, str, str]]:
    """(date, row class, the row's text) of each table row."""
    return [
        (date, cls, re.sub(r"<[^>]+>", "", body))
        for cls, date, body in re.findall(
            r'<tr class="([\w-]+)" data-as-of="([\d-]+)">(.*?)</tr>', chart, re.S
        )
    ]


@pytest.fixture(scope="module")
def series_app(tmp_path_factory):
    """One app for the module: making one compiles the catalogs and reads every tree."""
    return fixture_app(tmp_path_factory.mktemp("series"), SERIES)


@pytest.fixture
def chart(series_app) -> str:
    return chart_of(myth_page(series_app))


def test_one_dot_per_count_of_agreements_and_none_for_a_count_of_something_else(chart):
    assert [(d[0], d[1]) for d in dots(chart)] == [
        ("2025-01-01", "reported"),
        ("2025-07-02", "settled"),
        ("2026-01-01", "settled"),
    ]


def test_dots_stand_in_proportion_to_their_counts(chart):
    zero = baseline(chart)
    heights = {date: zero - y for date, _, _, y in dots(chart)}
    # 100, 400 and 1,000 agreements: 1 to 4 to 10 (the drawing rounds to a tenth of a unit).
    assert heights["2025-07-02"] / heights["2025-01-01"] == pytest.approx(4, rel=0.01)
    assert heights["2026-01-01"] / heights["2025-01-01"] == pytest.approx(10, rel=0.01)


def test_time_runs_left_to_right_in_proportion_to_the_days(chart):
    x = {date: x for date, _, x, _ in dots(chart)}
    # 182 days from the first dot to the second, 183 from the second to the third.
    assert x["2025-01-01"] < x["2025-07-02"] < x["2026-01-01"]
    assert (x["2026-01-01"] - x["2025-07-02"]) == pytest.approx(
        (x["2025-07-02"] - x["2025-01-01"]) * 183 / 182, abs=0.2
    )


def test_the_line_joins_only_the_counts_from_ices_lists(chart):
    line = re.search(r'<polyline class="line" points="([^"]+)"/>', chart).group(1)
    settled = [f"{x},{y}" for _, kind, x, y in dots(chart) if kind == "settled"]
    reported = [f"{x},{y}" for _, kind, x, y in dots(chart) if kind == "reported"]
    assert line.split() == settled
    assert not set(reported) & set(line.split())


def test_the_table_gives_every_number_with_what_it_counts_and_its_source(chart):
    table = rows(chart)
    assert [(date, cls) for date, cls, _ in table] == [
        ("2025-01-01", "reported"),
        ("2025-07-02", "settled"),
        ("2026-01-01", "settled"),
        ("2026-03-01", "not-drawn"),
    ]
    text = {date: " ".join(body.split()) for date, _, body in table}
    assert text["2025-01-01"].startswith("January 1, 2025 100 Agreements, as others reported them.")
    assert "Reported, not yet verified: hollow dot." in text["2025-01-01"]
    assert "Source: A news report (read on December 1, 2026)" in text["2025-01-01"]
    assert (
        "1,000 Agreements on ICE's list. Counted on ICE's list by a group that tracks it."
        in text["2026-01-01"]
    )
    assert "We counted them on ICE's list." in text["2025-07-02"]
    assert "participatingAgencies07022025.xlsx" in text["2025-07-02"]
    assert "900 Agreement papers ICE had put online." in text["2026-03-01"]
    assert "Not in the chart: it counts something else." in text["2026-03-01"]
    assert (
        'href="https://example.org/news"' in chart
        and 'href="https://www.ice.gov/identify-and-arrest/287g"' in chart
    )


def test_the_chart_says_what_it_shows_to_screen_readers(chart):
    assert '<svg role="img" aria-labelledby="growth-287g-t growth-287g-d"' in chart
    assert (
        '<title id="growth-287g-t">Number of 287(g) agreements in the whole country, by date</title>' in chart
    )
    assert (
        "ICE's list showed 400 agreements on July 2, 2025 and 1,000 on January 1, 2026." in chart
    )  # the first and last counts from ICE's lists, not the reported one


def test_no_style_attribute_and_no_script_in_the_chart(chart):
    assert "style=" not in chart and "<script" not in chart


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_language_shows_the_chart_and_table_in_its_own_words(series_app, lang):
    html = myth_page(series_app, lang)
    chart = chart_of(html)
    assert len(dots(chart)) == 3 and len(rows(chart)) == 4
    assert 'direction="ltr"' in chart  # the time axis runs left to right in every language
    if lang != "en":
        for english in (
            "How 287(g) has grown",
            "What it counts",
            "Not in the chart: it counts something else.",
        ):
            assert english not in chart, (lang, english)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_national_map_page_shows_the_same_chart_and_table(series_app, lang):
    response = series_app.test_client().get(f"/{lang}/map")
    assert response.status_code == 200
    assert chart_of(response.data.decode()) == chart_of(myth_page(series_app, lang))


def test_numbers_and_dates_are_written_the_way_each_language_writes_them(series_app):
    french, arabic = chart_of(myth_page(series_app, "fr")), myth_page(series_app, "ar")
    assert "1\u202f000" in french  # French groups thousands with a narrow space
    assert "1 janvier 2026" in french
    assert '<html lang="ar" dir="rtl"' in arabic and "يناير" in chart_of(arabic)


def test_without_counts_of_agreements_there_is_no_line_but_the_table_stays(tmp_path):
    chart = chart_of(myth_page(fixture_app(tmp_path, SERIES[3:])))
    assert dots(chart) == [] and "<polyline" not in chart
    assert [cls for _, cls, _ in rows(chart)] == ["not-drawn"]


# The committed data


def test_the_committed_counts_follow_the_issue():
    points = {(p.as_of, p.unit): p for p in load_jurisdictions().counts_287g}
    # The two lists we imported, counted by the importer: 832 agreements on ICE's sheet of
    # 2025-07-18, and 1,851 agreement documents ICE had put online by 2026-09-14.
    assert points[("2025-07-18", "agreements")].count == 832
    assert points[("2025-07-18", "agreements")].reliability == "counted_by_us"
    assert points[("2026-09-14", "agreement_documents")].count == 1851
    assert not points[("2026-09-14", "agreement_documents")].drawn
    # Every point that is not ours has a source; a number only reported is never drawn as settled.
    for p in points.values():
        assert p.imported_from or p.sources
        assert p.settled == (p.reliability != "reported")


def test_the_committed_counts_are_on_the_myths_287g_outcome(client):
    set_walk(client, *MYTH, "result")
    chart = chart_of(client.get("/en/walk").data.decode())
    drawn = [p for p in load_jurisdictions().counts_287g if p.unit == "agreements"]
    assert [d[0] for d in dots(chart)] == [p.as_of for p in drawn]
    assert len(rows(chart)) == len(load_jurisdictions().counts_287g)


def test_a_point_without_a_source_is_refused(tmp_path):
    bad = {k: v for k, v in SERIES[0].items() if k != "sources"}
    (tmp_path / "counts_287g.json").write_text(json.dumps({"points": [bad]}))
    with pytest.raises(CountsError, match="sources"):
        read_counts(tmp_path / "counts_287g.json", DATA_DIR / "counts_287g.schema.json")


def test_a_point_of_ours_must_name_the_list_it_counted(tmp_path):
    bad = {k: v for k, v in SERIES[1].items() if k != "imported_from"}
    shutil.copyfile(AGREEMENTS_PATH, tmp_path / "agreements_287g.json")
    (tmp_path / "counts_287g.json").write_text(json.dumps({"points": [bad]}))
    with pytest.raises(DataError, match="imported_from"):
        load_jurisdictions(agreements_path=tmp_path / "agreements_287g.json")


def test_an_unknown_unit_is_refused(tmp_path):
    bad = {**SERIES[2], "unit": "agencies"}
    (tmp_path / "counts_287g.json").write_text(json.dumps({"points": [bad]}))
    with pytest.raises(CountsError, match="agencies"):
        read_counts(tmp_path / "counts_287g.json", DATA_DIR / "counts_287g.schema.json")
