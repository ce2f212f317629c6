"""The content says what the law says, for the state it is shown in (issue 11, point 5), in English
and in Spanish; and each county's 287(g) agreements."""

from __future__ import annotations

import html
import json
import re

import pytest

from helpers import Walker
from questionnaire.content.tree import TREES_DIR
from questionnaire.i18n.catalogs import po_path, read_catalog

FACTS = json.loads((TREES_DIR / "shared" / "facts.json").read_text())["facts"]
LANGS = ("en", "es")
CATALOGS = {lang: read_catalog(po_path(lang), lang) for lang in LANGS if lang != "en"}


def say(lang: str, english: str) -> str:
    """The words a page in this language shows for an English source string."""
    if lang == "en":
        return english
    message = CATALOGS[lang].get(english)
    assert message is not None and message.string, f"no {lang} translation of {english!r}"
    return message.string


def sentence(topic: str, value: str) -> str:
    return FACTS[topic]["values"][value]["text"]


TAGS = re.compile(r"<[^>]+>")


def text_of(page: str) -> str:
    """What a person reads, and the addresses of links (sources are checked by address)."""
    hrefs = " ".join(re.findall(r'href="([^"]+)"', page))
    return " ".join(html.unescape(TAGS.sub(" ", page) + " " + hrefs).split())


def walk(client, lang: str, tree: str, *answers: tuple[str, str]) -> str:
    """One person's walk, in a new browser session, from the start to the outcome."""
    walker = Walker(client.application.test_client(), lang)
    walker.start(tree)
    for node, value in answers:
        walker.walk_to(node)  # pages that only inform: continue
        walker.answer(node, value)
    return text_of(walker.result().get_data(as_text=True))


def state_page(client, lang: str, state: str, county: str = "unknown") -> str:
    return walk(client, lang, "local_police", ("state", state), ("county", county))


HOLDS_LIMITED = sentence("detainers", "limited")
HOLDS_MUST = sentence("detainers", "must_honor")


# Holds by state: no state is told its jails may not keep people for ICE unless its law says so,
# and no state is told its law orders holds when the law only bans sanctuary policies.
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("state", ["NV", "HI", "NM", "DE", "VT"])
def test_states_whose_law_does_not_limit_holds_are_not_told_it_does(client, lang, state):
    assert say(lang, HOLDS_LIMITED) not in state_page(client, lang, state)


@pytest.mark.parametrize("lang", LANGS)
def test_missouri_bans_sanctuary_policies_but_orders_no_holds(client, lang):
    page = state_page(client, lang, "MO")
    assert say(lang, HOLDS_MUST) not in page
    assert say(lang, sentence("sanctuary_ban", "yes")) in page
    assert "67.307" in page


@pytest.mark.parametrize("lang", LANGS)
def test_maine_cites_ld_1971_and_never_ld_1259_as_law(client, lang):
    page = state_page(client, lang, "ME")
    assert "LD 1971" in page and "337-E" in page
    assert say(lang, HOLDS_LIMITED) in page
    assert say(lang, sentence("information_sharing", "limited")) in page
    before, _, after = page.partition("LD 1259")
    assert not after or say(lang, "Proposed only: not law.") in after[:400]


@pytest.mark.parametrize("lang", LANGS)
def test_hawaii_has_no_1902_law_and_no_hold_limit(client, lang):
    page = state_page(client, lang, "HI")
    assert "1902" not in page
    assert say(lang, sentence("detainers", "no_state_rule")) in page
    assert say(lang, sentence("jails", "state")) in page


@pytest.mark.parametrize("lang", LANGS)
def test_virginia_287g_conditions_and_no_status_questions_for_victims(client, lang):
    page = state_page(client, lang, "VA")
    assert "SB 783" in page and "1028" in page
    assert say(lang, sentence("program_287g", "conditions")) in page
    assert "19.2-11.02" in page
    victim = walk(client, lang, "crime_victim", ("danger", "no"), ("what", "crime"), ("state", "VA"))
    assert say(lang, sentence("status_questions", "protected")) in victim


@pytest.mark.parametrize("lang", LANGS)
def test_utah_cites_76_9_1007_and_sb_81_not_67_27(client, lang):
    page = state_page(client, lang, "UT")
    assert "76-9-1007" in page and "SB 81" in page
    assert "67-27" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_connecticut_bans_287g_and_limits_holds_to_three_cases(client, lang):
    page = state_page(client, lang, "CT")
    assert say(lang, sentence("program_287g", "banned")) in page
    assert say(lang, HOLDS_LIMITED) in page
    assert "PA 19-20" in page and "HB 7212" in page
    assert say(lang, sentence("jails", "state")) in page


@pytest.mark.parametrize("lang", LANGS)
def test_new_mexico_bans_287g_and_says_ice_still_lists_agreements(client, lang):
    page = state_page(client, lang, "NM")
    assert "HB 9" in page
    assert say(lang, sentence("program_287g", "banned")) in page
    one = "ICE's list of %(date)s still shows %(num)d 287(g) agreement in this state."
    many = "ICE's list of %(date)s still shows %(num)d 287(g) agreements in this state."
    tail = " Ask a lawyer what it means for you."
    if lang == "en":
        sentence_ = many + tail
    else:
        message = CATALOGS[lang].get((one + tail, many + tail))
        assert message is not None and all(message.string), f"no {lang} translation of {one!r}"
        sentence_ = message.string[1]
    from questionnaire.content.jurisdictions import load_jurisdictions

    newest = load_jurisdictions().agreement_lists[0]
    count = len(newest.by_state["NM"])
    assert count >= 2  # Curry and Torrance counties, on ICE's list of 2026-09-14
    pattern = re.escape(html.unescape(sentence_)).replace(re.escape("%(num)d"), str(count))
    assert re.search(pattern.replace(re.escape("%(date)s"), ".+?"), page)


@pytest.mark.parametrize("lang", LANGS)
def test_indiana_holds_follow_sea_76(client, lang):
    page = state_page(client, lang, "IN")
    assert "SEA 76" in page
    assert say(lang, HOLDS_MUST) in page


@pytest.mark.parametrize("lang", LANGS)
def test_minnesota_and_rhode_island_limit_holds(client, lang):
    assert "Esparza" in state_page(client, lang, "MN")
    for state in ("MN", "RI"):
        assert say(lang, HOLDS_LIMITED) in state_page(client, lang, state)


SHARED = json.loads((TREES_DIR / "shared" / "blocks.json").read_text())["blocks"]


def shared_text(key: str) -> str:
    block = SHARED[key]["block"]
    return block.get("text") or block["items"][0]


DETAINER_PAGES = [
    ("family_arrested", (("held_by", "police"), ("state", "TX"), ("hold", "yes"))),
    ("family_arrested", (("held_by", "police"), ("state", "PA"), ("hold", "no"))),
    ("family_arrested", (("held_by", "unknown"), ("state", "CA"))),
    ("ice_at_door", (("where", "arrested"),)),
    ("myths", (("which", "detainer_forever"),)),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("tree", "answers"), DETAINER_PAGES)
def test_detainer_pages_give_48_hours_with_no_days_added(client, lang, tree, answers):
    page = walk(client, lang, tree, *answers)
    for removed in ("Saturday", "Tuesday", "holidays do not count", "excluding"):
        assert removed not in page
    assert say(lang, shared_text("detainer_48_hours")) in page
    assert "I-247A" in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_short_list_of_facts_says_48_hours_and_call_a_lawyer(client, lang):
    page = walk(client, lang, "myths", ("which", "all_facts"))
    items = SHARED["myths_all_facts_list"]["block"]["items"]
    assert say(lang, next(i for i in items if "48 hours" in i)) in page
    assert "Saturday" not in page and "Tuesday" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_a_relative_held_past_48_hours_means_call_a_lawyer(client, lang):
    page = walk(client, lang, "family_arrested", ("held_by", "police"), ("state", "TX"), ("hold", "yes"))
    blocks = json.loads((TREES_DIR / "shared" / "blocks.json").read_text())["blocks"]
    assert say(lang, blocks["detainer_held_too_long"]["block"]["text"]) in page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("where", ["street", "work"])
def test_stopped_on_the_street_or_at_work_says_what_you_must_still_do(client, lang, where):
    page = walk(client, lang, "ice_at_door", ("where", where))
    for key in ("stop_and_identify", "carry_immigration_papers", "refusing_can_mean_arrest"):
        assert say(lang, shared_text(key)) in page, key
    if where == "street":
        assert say(lang, shared_text("must_show_license_when_driving")) in page
    assert "1304(e)" in page


@pytest.mark.parametrize("lang", LANGS)
def test_crime_victims_hear_what_changed_in_2025_and_what_to_carry(client, lang):
    page = walk(client, lang, "crime_victim", ("danger", "no"), ("what", "crime"), ("state", "TX"))
    assert "could not check" not in page
    assert say(lang, shared_text("victim_policy_2025")) in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_trafficking_hotline_says_who_runs_it_and_to_ask_about_privacy(client, lang):
    page = walk(client, lang, "crime_victim", ("danger", "no"), ("what", "trafficking"), ("state", "FL"))
    assert "1-888-373-7888" in page
    assert say(lang, shared_text("trafficking_hotline_operator")) in page


@pytest.mark.parametrize("lang", LANGS)
def test_smaller_corrections_show_where_they_belong(client, lang):
    paper = walk(client, lang, "myths", ("which", "ice_paper"))
    assert say(lang, shared_text("i205_memo_warning")) in paper
    victims = walk(client, lang, "myths", ("which", "report_crime"))
    assert say(lang, shared_text("t_visa_summary")) in victims
    vawa = walk(
        client, lang, "crime_victim", ("danger", "no"), ("what", "abuse"), ("state", "CA"),
        ("who_abuses", "spouse"), ("abuser_status", "yes"),
    )  # fmt: skip
    assert say(lang, shared_text("vawa_green_card_wait")) in vawa
    obey = walk(client, lang, "myths", ("which", "must_obey"))
    assert say(lang, shared_text("galarza_third_circuit")) in obey
    g287 = walk(client, lang, "myths", ("which", "same_287g"))
    assert say(lang, shared_text("g287_count_dated")) in g287


def test_the_fraud_warning_is_translated(client):
    english = json.loads((TREES_DIR / "data" / "legal_help.json").read_text())["notario_warning"]["text"]
    page = state_page(client, "es", "CA")
    assert english not in page
    assert say("es", english) in page


def test_a_county_with_agreements_names_the_agency_and_explains_the_model(client):
    page = state_page(client, "en", "AL", "01001")  # Autauga County, Alabama
    assert "287(g) agreements in Autauga County" in page
    assert "Autauga County Sheriff's Office" in page
    assert "jail model: jail officers check the immigration status" in page
    assert "task force model" in page and "warrant service model" in page
    assert "September 14, 2026" in page  # the list's date


def test_a_county_without_agreements_gives_the_dated_caveat_and_the_live_list(client):
    walker = Walker(client)
    walker.start("local_police")
    walker.answer("state", "CA")
    walker.answer("county", "06037")  # Los Angeles County
    page = walker.result().get_data(as_text=True)
    assert "This list shows no agreement for an agency named after this county." in page
    assert "may be out of date" in page
    assert 'href="https://www.ice.gov/identify-and-arrest/287g"' in page
    assert "July 18, 2025" in page and "September 14, 2026" in page


def test_a_state_that_requires_287g_says_so_even_without_an_agreement(client):
    page = state_page(client, "en", "TX", "48201")  # Harris County: no agreement on these lists
    assert "State law in Texas says sheriffs who run jails must seek a 287(g) agreement" in page


def test_every_state_page_shows_its_laws_status_sources_and_dates(client, data):
    for code, state in data.states.items():
        page = state_page(client, "en", code)
        assert f"The law in {state['name']}" in page
        assert "Last checked against the sources:" in page and "Laws change often" in page
        assert "checked by a lawyer" in page.lower()
        for law in state["laws"]:
            assert law["name"] in page, (code, law["id"])
        for topic, fact in state["facts"].items():
            if fact["verification"] != "verified" and FACTS[topic]["values"][fact["value"]]:
                assert "Reported, not yet verified" in page, (code, topic)
        for source in state["facts"]["detainers"]["sources"]:
            assert source["url"] in html.unescape(page), code


def test_every_outcome_shows_when_it_was_reviewed_and_its_sources(app):
    for tree in app.extensions["questionnaire"].trees.values():
        for node in tree.nodes.values():
            if node.is_outcome:
                kinds = {b["type"] for b in node.blocks}
                assert kinds & {"sources", "evidence"}, (tree.id, node.id)


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
    walker = Walker(client)
    walker.start("local_police")
    walker.answer("state", "CA")
    walker.answer("county", "unknown")
    page = walker.result().get_data(as_text=True)
    assert "Valley Immigrant Legal Aid" in page and 'href="tel:5550100"' in page
    assert "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers" in page  # national links stay
    assert "notario" in page


def test_a_bad_legal_help_file_is_refused(tmp_path):
    from questionnaire.content.legal_help import load_legal_help

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "X", "website": "http://insecure.example"}))
    with pytest.raises(ValueError, match="must start with https://"):
        load_legal_help(bad)
