"""What changed near you (issue 16, item 2): the county block says how many agreements in the
state were signed in the 90 days up to the newest signing date on ICE's newest list (ICE posts
agreements weeks or months after they are signed, so counting back from the list's own date would
find almost nothing), and names the new ones in the county, with dates. It depends only on the
place and the data.

The expected numbers are counted by hand from the small lists written here.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from helpers import SECRET, Walker
from questionnaire import create_app
from questionnaire.i18n.catalogs import po_path, read_catalog


def agreement(
    state: str, agency: str, model: str, signed: str | None, county: str | None, scope: str = "county"
):
    return {
        "state": state,
        "agency": agency,
        "model": model,
        "signed": signed,
        "county": county,
        "scope": scope,
    }


# The newest list is of 2026-09-14 and its newest signing date is that day too (the 2026-10-01
# date is after the list's own, so it cannot be right): the 90 days run from 2026-06-17 to 2026-09-14.
NEWEST = [
    agreement("TX", "Harris County Sheriff's Office", "WSO", "2026-09-14", "48201"),  # the list's own day: in
    agreement("TX", "Harris County Sheriff's Office", "TFM", "2026-06-17", "48201"),  # the 90th day: in
    agreement("TX", "Harris County Sheriff's Office", "JEM", "2026-06-16", "48201"),  # the 91st day: out
    agreement("TX", "Texas Department of Public Safety", "TFM", "2026-08-01", None, "state"),  # in
    agreement("TX", "Montgomery County Sheriff's Office", "JEM", "2026-07-01", "48339"),  # in
    agreement("TX", "Houston Police Department", "TFM", None, None, "municipal"),  # no date: not counted
    agreement("TX", "Galveston County Sheriff's Office", "WSO", "2026-10-01", "48167"),  # after the list: out
    agreement("FL", "Lee County Sheriff's Office", "TFM", "2026-09-01", "12071"),  # in, in Florida
    agreement("OK", "Tulsa County Sheriff's Office", "JEM", "2020-01-15", "40143"),  # long ago: out
]
TEXAS_RECENT = 4  # Harris WSO and TFM, Public Safety, Montgomery
# An older list: its agreements, however recent, are not counted.
OLDER = [agreement("TX", "Dallas County Sheriff's Office", "JEM", "2026-06-01", "48113")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    lists = [
        {"kind": "moa", "as_of": "2026-09-14", "title": "ICE's published 287(g) agreement documents",
         "url": "https://www.ice.gov/identify-and-arrest/287g", "imported_from": "a.csv", "agreements": NEWEST},
        {"kind": "sheet", "as_of": "2026-06-20", "title": "ICE's list of agencies with 287(g) agreements",
         "url": "https://www.ice.gov/identify-and-arrest/287g", "imported_from": "b.xlsx", "agreements": OLDER},
    ]  # fmt: skip
    path = tmp_path_factory.mktemp("data") / "agreements.json"
    path.write_text(json.dumps({"live_url": "https://www.ice.gov/identify-and-arrest/287g", "lists": lists}))
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "AGREEMENTS_FILE": str(path)})


def county_block(app, state: str, county: str, lang: str = "en") -> str:
    walker = Walker(app.test_client(), lang)
    walker.start("local_police")
    walker.answer("state", state)
    walker.answer("county", county)
    page = walker.result().get_data(as_text=True)
    return page[page.index('<section class="jurisdiction">') :].split("</section>")[0]


def text(block: str) -> str:
    """What a person reads: blocks apart, inline markup (names, dates) in the sentence."""
    spaced = re.sub(r"</?(?:p|h2|h3|ul|li)\b[^>]*>", " ", block)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def recent_part(block: str) -> str:
    """From the heading "What changed near you" to the next heading."""
    start = block.index("<h3>")
    return block[start : block.index("<h3>", start + 1)]


def test_harris_county_gets_the_states_count_and_its_two_new_agreements(app):
    block = county_block(app, "TX", "48201")
    part = text(recent_part(block))
    assert part.startswith("What changed near you")
    assert (
        "ICE's newest list is from September 14, 2026. The newest agreement on it was signed on "
        "September 14, 2026, so newer ones may be missing. In the 90 days up to September 14, 2026, "
        f"it shows {TEXAS_RECENT} agreements signed in Texas."
    ) in part
    assert "New in Harris County in those 90 days:" in part
    items = re.findall(r"<li>(.*?)</li>", recent_part(block))
    assert len(items) == 2
    assert "warrant service model" in items[0] and 'datetime="2026-09-14"' in items[0]
    assert "task force model" in items[1] and 'datetime="2026-06-17"' in items[1]
    assert "2026-06-16" not in recent_part(block)  # the 91st day is not new


def test_a_county_with_one_new_agreement_names_it(app):
    part = text(recent_part(county_block(app, "TX", "48339")))  # Montgomery County
    assert "New in Montgomery County in those 90 days: Montgomery County Sheriff's Office: jail model" in part
    assert "(signed July 1, 2026)" in part


def test_a_county_without_new_agreements_in_a_state_with_some_says_none_is_tied_to_it(app):
    part = text(recent_part(county_block(app, "TX", "48113")))  # Dallas: only on the older list
    assert f"it shows {TEXAS_RECENT} agreements signed in Texas." in part
    assert "None of them is tied to Dallas County on this list." in part
    assert "New in" not in part


def test_one_agreement_is_said_in_the_singular(app):
    part = text(recent_part(county_block(app, "FL", "12071")))
    assert "In the 90 days up to September 14, 2026, it shows 1 agreement signed in Florida." in part
    assert "New in Lee County in those 90 days: Lee County Sheriff's Office" in part


@pytest.mark.parametrize(
    ("state", "county", "name"), [("OK", "40143", "Oklahoma"), ("OR", "41051", "Oregon")]
)
def test_a_state_without_recent_agreements_says_so(app, state, county, name):
    part = text(recent_part(county_block(app, state, county)))
    assert f"In the 90 days up to September 14, 2026, it shows no agreement signed in {name}." in part
    assert "None of them" not in part and "New in" not in part


def test_the_block_is_the_same_for_everyone_with_that_county(app):
    """Two people who reach Harris County by different answers get the same bytes."""
    first = county_block(app, "TX", "48201")
    walker = Walker(app.test_client())
    walker.start("local_police")
    walker.answer("state", "CA")  # California first, then changed on the check page
    walker.answer("county", "06037")
    walker.go("change", "state")
    walker.answer("state", "TX")
    walker.answer("county", "48201")
    page = walker.result().get_data(as_text=True)
    second = page[page.index('<section class="jurisdiction">') :].split("</section>")[0]
    assert first == second
    assert "What changed near you" in second


def test_it_is_translated(app):
    catalog = read_catalog(po_path("es"), "es")
    heading = catalog.get("What changed near you")
    plural = catalog.get(
        (
            "In the 90 days up to %(latest)s, it shows %(num)d agreement signed in %(state)s.",
            "In the 90 days up to %(latest)s, it shows %(num)d agreements signed in %(state)s.",
        )
    )
    assert heading is not None and heading.string and plural is not None and all(plural.string)
    part = recent_part(county_block(app, "TX", "48201", "es"))
    assert heading.string in html.unescape(part)
    words = plural.string[1].split("%(num)d")[1].split("%(state)s")[0]  # the words between
    assert f"{TEXAS_RECENT}{words}" in html.unescape(part)


def test_a_list_posted_after_its_newest_signing_counts_back_from_that_signing(tmp_path):
    """A list of September whose newest agreement was signed on June 29 (ICE posts them late):
    the 90 days run from April 1 to June 29, counted by hand: 2 in Texas."""
    rows = [
        agreement("TX", "Harris County Sheriff's Office", "WSO", "2026-06-29", "48201"),  # newest: in
        agreement("TX", "Harris County Sheriff's Office", "TFM", "2026-04-01", "48201"),  # the 90th day: in
        agreement("TX", "Montgomery County Sheriff's Office", "JEM", "2026-03-31", "48339"),  # the 91st: out
        agreement("TX", "Grundy County Sheriff's Office", "WSO", "5025-07-07", "48201"),  # a typo: not a date
    ]
    lists = [
        {"kind": "moa", "as_of": "2026-09-14", "title": "ICE's published 287(g) agreement documents",
         "url": "https://www.ice.gov/identify-and-arrest/287g", "imported_from": "a.csv", "agreements": rows},
    ]  # fmt: skip
    path = tmp_path / "agreements.json"
    path.write_text(json.dumps({"live_url": "https://www.ice.gov/identify-and-arrest/287g", "lists": lists}))
    late = create_app({"TESTING": True, "SECRET_KEY": SECRET, "AGREEMENTS_FILE": str(path)})
    block = county_block(late, "TX", "48201")
    part = text(recent_part(block))
    assert (
        "ICE's newest list is from September 14, 2026. The newest agreement on it was signed on June 29, "
        "2026, so newer ones may be missing. In the 90 days up to June 29, 2026, it shows 2 agreements "
        "signed in Texas."
    ) in part
    assert "5025" not in block  # a signing date after the list's own is shown as not known


def test_a_countys_new_agreements_are_listed_newest_first_whatever_the_lists_order():
    from questionnaire.content.jurisdictions import Agreement, AgreementList

    def signed(agency: str, date: str, county: str | None = "48201") -> Agreement:
        return Agreement(agency=agency, model="TFM", signed=date, scope="county", county=county)

    rows = (
        signed("B Sheriff", "2026-08-01"),
        signed("Other County", "2026-09-10", county="48113"),
        signed("A Police", "2026-09-01"),
        signed("C Marshal", "2026-08-20"),
        signed("Statewide Agency", "2026-09-02", county=None),
    )
    listed = AgreementList(
        as_of="2026-09-14", title="t", url="u", live_url="l", by_county={}, by_state={"TX": rows}
    )
    assert [a.agency for a in listed.recent_by_county["48201"]] == ["A Police", "C Marshal", "B Sheriff"]
    assert [a.agency for a in listed.recent_by_county["48113"]] == ["Other County"]
    assert None not in listed.recent_by_county
