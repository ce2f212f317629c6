"""The content says the right thing: each state's law and stance, and each county's 287(g) agreements."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape

from helpers import Walker
from questionnaire.presenters import STANCES
from questionnaire.tree import TREES_DIR

STATES = json.loads((TREES_DIR / "data" / "states.json").read_text())["states"]


def outcome_page(client, state: str, county: str = "unknown") -> str:
    walker = Walker(client)
    walker.answer("/en/local_police/q/state", state)
    walker.answer("/en/local_police/q/county", county)
    return walker.get("/en/local_police/result").get_data(as_text=True)


@pytest.mark.parametrize(
    ("state", "stance"),
    [
        ("CA", "limits"),
        ("IL", "limits"),
        ("OR", "limits"),
        ("MA", "limits"),
        ("NJ", "limits"),
        ("TX", "requires"),
        ("FL", "requires"),
        ("GA", "requires"),
        ("NC", "requires"),
        ("VA", "mixed"),
        ("PA", "none"),
        ("KY", "none"),
    ],
)
def test_the_outcome_names_the_state_law_and_its_stance(client, state, stance):
    page = outcome_page(client, state)
    assert STATES[state]["stance"] == stance
    assert f"The law in {STATES[state]['name']}" in page
    assert str(escape(str(STANCES[stance]))) in page
    assert str(escape(STATES[state]["summary"])) in page
    for law in STATES[state]["laws"]:
        assert str(escape(law["name"])) in page
        if law["verification"] != "verified":
            assert "Reported, not yet verified" in page
    assert "Last reviewed:" in page and "Laws change often" in page


def test_a_county_with_agreements_names_the_agency_and_explains_the_model(client):
    page = outcome_page(client, "AL", "01001")  # Autauga County, Alabama
    assert '287(g) agreements in <span translate="no">Autauga County</span>' in page
    assert '<strong translate="no">Autauga County Sheriff&#39;s Office</strong>' in page
    assert "jail model: jail officers check the immigration status" in page
    assert "task force model" in page and "warrant service model" in page
    assert "September 14, 2026" in page  # the list's date


def test_a_county_without_agreements_gives_the_dated_caveat_and_the_live_list(client):
    page = outcome_page(client, "CA", "06037")  # Los Angeles County
    assert "This list shows no agreement for an agency named after this county." in page
    assert "This may be out of date" in page or "may be out of date" in page
    assert 'href="https://www.ice.gov/identify-and-arrest/287g"' in page
    assert "July 18, 2025" in page and "September 14, 2026" in page


def test_a_state_that_requires_287g_says_so_even_without_an_agreement(client):
    page = outcome_page(client, "TX", "48201")  # Harris County: no agreement on these lists
    assert "State law says every sheriff in Texas must join 287(g)" in page


def test_every_outcome_shows_when_it_was_reviewed_and_its_sources(client, app):
    for tree in app.extensions["questionnaire"].trees.values():
        for node in tree.nodes.values():
            if node.is_outcome:
                assert any(b["type"] == "sources" for b in node.blocks), (tree.id, node.id)
                assert any(b["type"] == "steps" for b in node.blocks), (tree.id, node.id)


def test_urgent_questionnaire_answers_first(app):
    tree = app.extensions["questionnaire"].trees["ice_at_door"]
    assert tree.urgent and tree.node(tree.start).kind == "info"
    assert list(app.extensions["questionnaire"].trees)[0] == "ice_at_door"  # first on the home page


def test_legal_help_from_a_deployment_file(tmp_path):
    from helpers import SECRET
    from questionnaire import create_app

    org = tmp_path / "org.json"
    org.write_text(
        json.dumps(
            {
                "name": "Valley Immigrant Legal Aid",
                "phone": "555-0100",
                "whatsapp": "https://wa.me/15550100",
                "hours": "Mon-Fri 9-5",
                "languages": "Spanish, English",
            }
        )
    )
    client = create_app({"TESTING": True, "SECRET_KEY": SECRET, "LEGAL_HELP_FILE": str(org)}).test_client()
    page = outcome_page(client, "CA")
    assert "Valley Immigrant Legal Aid" in page and 'href="tel:5550100"' in page
    assert "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers" in page  # national links stay
    assert "notario" in page


def test_a_bad_legal_help_file_is_refused(tmp_path):
    from questionnaire.legal_help import load_legal_help

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "X", "website": "http://insecure.example"}))
    with pytest.raises(ValueError, match="must start with https://"):
        load_legal_help(bad)
