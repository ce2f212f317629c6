"""Partner links: /<lang>/p/<slug> opens the site as a partner organisation's. Every outcome of that
visit shows the partner first in the legal-help block and the footer names it; the partner lives in
the encrypted state and is wiped with the answers; an unknown slug is a plain 404; the share page,
its link, QR code and flyers carry it; partner files are checked (schema, phone numbers, URLs)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from helpers import HERE, OTHER, SECRET, Walker, csrf, set_walk
from questionnaire import _from_environment, create_app
from questionnaire.cli import main
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.partners import PartnerError
from questionnaire.content.paths import enumerate_paths
from questionnaire.content.tree import load_trees

PARTNERS = HERE / "partners"
CASA = "Casa del Pueblo Legal Clinic"  # tests/partners/casa-del-pueblo.json
NATIONAL = "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers"  # first national link
TREES = load_trees()
DATA = load_jurisdictions()


def partner_app(folder=PARTNERS):
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "PARTNERS_DIR": str(folder)})


@pytest.fixture
def papp():
    return partner_app()


@pytest.fixture
def pclient(papp):
    return papp.test_client()


def enter(client, path: str = "/en/p/casa-del-pueblo") -> str:
    response = client.get(path)
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def legal_help_sections(html: str) -> list[str]:
    return re.findall(r'<section class="legal-help">(.*?)</section>', html, re.S)


def footer(html: str) -> str:
    return html.split('<footer class="site">', 1)[1]


def test_a_partner_link_opens_the_home_page_at_an_address_without_the_partner(pclient):
    assert enter(pclient) == "/en/"
    home = pclient.get("/en/").get_data(as_text=True)
    assert f"Shared with you by {CASA}." in footer(home)
    assert 'href="tel:+17135550134"' in footer(home)


def one_outcome_per_tree() -> list[tuple[str, tuple]]:
    """Every outcome of every questionnaire, each reached by one path."""
    found: dict[tuple[str, str], tuple] = {}
    for tree_id, tree in TREES.items():
        for path in enumerate_paths(tree, DATA):
            found.setdefault((tree_id, path.outcome), path.answers)
    return [(tree_id, answers) for (tree_id, _), answers in found.items()]


def test_every_outcome_of_the_visit_shows_the_partner_first_in_the_legal_help_block(pclient):
    enter(pclient)
    outcomes = one_outcome_per_tree()
    assert len(outcomes) > 20
    for tree_id, answers in outcomes:
        with pclient.session_transaction() as session:
            session["a"] = {tree_id: dict(answers)}
            session["w"] = tree_id
            session["at"] = ":result"  # keeps the partner set by the link
        html = pclient.get("/en/walk").get_data(as_text=True)
        sections = legal_help_sections(html)
        assert sections, (tree_id, answers)
        for section in sections:  # urgent outcomes show the block twice: the partner leads both
            assert CASA in section, tree_id
            assert section.index(CASA) < section.index(NATIONAL), "the partner comes before the directories"
            assert 'href="tel:+17135550134"' in section and 'href="sms:+17135550135"' in section
            assert 'href="https://wa.me/525512345678"' in section
            assert 'href="https://casadelpueblo.example.org/book"' in section
            assert "Where they help: Texas; Harris County" in section
        assert f"Shared with you by {CASA}." in footer(html)


def test_without_a_partner_link_no_partner_shows(pclient):
    set_walk(pclient, "local_police", {"state": "TX", "county": "48201"}, "result")
    html = pclient.get("/en/walk").get_data(as_text=True)
    assert CASA not in html and "Shared with you by" not in html


def test_the_partner_shows_in_the_pages_language(pclient):
    enter(pclient, "/es/p/casa-del-pueblo")
    html = pclient.get("/es/about").get_data(as_text=True)
    assert f"Compartido con usted por {CASA}." in footer(html)


@pytest.mark.parametrize("slug", ["no-such-partner", "Casa-Del-Pueblo", "casa-del-pueblo.json"])
def test_an_unknown_slug_is_a_plain_404_that_links_to_the_site(pclient, slug):
    response = pclient.get(f"/en/p/{slug}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'href="/en/"' in html.split("<main", 1)[1]
    assert "Shared with you by" not in html
    assert "Set-Cookie" not in response.headers


def test_a_partner_removed_from_the_folder_is_a_404_and_disappears_from_open_visits(tmp_path):
    folder = tmp_path / "partners"
    shutil.copytree(PARTNERS, folder)
    first = partner_app(folder)
    client = first.test_client()
    enter(client)
    cookie = client.get_cookie("s")
    (folder / "casa-del-pueblo.json").unlink()
    second = partner_app(folder).test_client()  # the deployment restarted without the partner
    second.set_cookie("s", cookie.value)
    assert second.get("/en/p/casa-del-pueblo").status_code == 404
    assert CASA not in second.get("/en/").get_data(as_text=True)


def test_the_partner_is_kept_in_the_encrypted_state_not_in_any_address(pclient):
    location = enter(pclient, "/en/p/casa-del-pueblo/local_police/from/TX/48201")
    assert location == "/en/walk"
    cookie = pclient.get_cookie("s").value
    assert "casa" not in cookie.lower()
    walker = Walker(pclient)
    walker.tree = "local_police"
    page = walker.page()
    assert walker.on_screen(page) not in ("state", "county")  # the place link was followed
    for html in (page, pclient.get("/en/").get_data(as_text=True)):
        assert "casa-del-pueblo" not in html  # no link on a page carries the slug


def test_a_partner_link_to_a_questionnaire_opens_it(pclient):
    assert enter(pclient, "/en/p/casa-del-pueblo/local_police/") == "/en/walk"
    walker = Walker(pclient)
    assert walker.on_screen() == "state"
    assert CASA in footer(walker.page())


@pytest.mark.parametrize(
    "path",
    [
        "/en/p/casa-del-pueblo/no_such_tree/",
        "/en/p/casa-del-pueblo/local_police/from/ZZ",
        "/en/p/casa-del-pueblo/local_police/from/TX/06037",  # a California county
    ],
)
def test_a_partner_link_to_a_place_that_does_not_exist_is_a_404(pclient, path):
    assert pclient.get(path).status_code == 404


def start_page_token(client) -> str:
    return csrf(client.get("/en/").get_data(as_text=True))


def test_quick_exit_wipes_the_partner_with_the_answers(pclient):
    enter(pclient)
    pclient.get("/exit")
    assert "Shared with you by" not in pclient.get("/en/").get_data(as_text=True)


def test_start_again_wipes_the_partner_with_the_answers(pclient):
    enter(pclient, "/en/p/casa-del-pueblo/local_police/")
    walker = Walker(pclient)
    walker.tree = "local_police"
    walker.go("restart")
    assert "Shared with you by" not in walker.page()


def test_next_person_at_a_desk_wipes_the_partner(pclient):
    page = pclient.get("/en/desk").get_data(as_text=True)
    pclient.post("/en/desk/start", data={"csrf_token": csrf(page)})
    enter(pclient)
    home = pclient.get("/en/").get_data(as_text=True)
    assert CASA in home
    pclient.post("/en/desk/next", data={"csrf_token": csrf(home)})
    assert CASA not in pclient.get("/en/").get_data(as_text=True)


def test_the_desk_summary_shows_the_partner_in_both_languages(pclient):
    page = pclient.get(f"/{OTHER}/desk").get_data(as_text=True)
    pclient.post(f"/{OTHER}/desk/start", data={"csrf_token": csrf(page)})
    enter(pclient, f"/{OTHER}/p/casa-del-pueblo")
    set_walk(pclient, "local_police", {"state": "TX", "county": "48201"}, "result")
    summary = pclient.get(f"/{OTHER}/summary").get_data(as_text=True)
    columns = summary.split('<footer class="site">', 1)[0].split('class="summary-column"')[1:]
    assert len(columns) == 2 and all(CASA in column for column in columns)
    assert "Dónde ayudan:" in columns[0] and "Where they help:" in columns[1]  # each in its language


def test_the_share_page_offers_the_partners_and_its_link_qr_and_flyer_carry_the_choice(pclient):
    html = pclient.get("/en/local_police/share").get_data(as_text=True)
    assert '<option value="casa-del-pueblo">Casa del Pueblo Legal Clinic</option>' in html
    assert '<option value="north-star">North Star Immigrant Help</option>' in html
    html = pclient.get("/en/local_police/share?link_lang=es&state=TX&county=48201&partner=casa-del-pueblo")
    html = html.get_data(as_text=True)
    link = "http://localhost/es/p/casa-del-pueblo/local_police/from/TX/48201"
    assert f'<a href="{link}">{link}</a>' in html
    assert f"<title>{link}</title>" in html  # the QR code's own text
    flyers = re.findall(r'href="(/es/local_police/flyer[^"]+)"', html)
    assert len(flyers) == 2 and all("partner=casa-del-pueblo" in f for f in flyers)
    flyer = pclient.get(flyers[0].replace("&amp;", "&")).get_data(as_text=True)
    assert link in flyer and f"Compartido con usted por {CASA}." in flyer
    # The link works: it opens the questionnaire in Spanish, with the place answered, as Casa's.
    client = partner_app().test_client()
    assert enter(client, link.removeprefix("http://localhost")) == "/es/walk"
    assert CASA in client.get("/es/walk").get_data(as_text=True)


CASA_PHONE = "(713) 555-0134"  # tests/partners/casa-del-pueblo.json
NORTH = "North Star Immigrant Help"  # tests/partners/north-star.json


def rights_panels(html: str) -> list[str]:
    return re.findall(r'<div class="panel rights">(.*?)</div>\s*<div class="panel for-officer"', html, re.S)


@pytest.mark.parametrize("page, count", [("card", 1), ("cards", 8), ("cards?paper=a4", 8)])
def test_wallet_cards_printed_for_a_partner_carry_its_name_and_phone_on_every_card(pclient, page, count):
    joiner = "&" if "?" in page else "?"
    html = pclient.get(f"/vi/{page}{joiner}partner=casa-del-pueblo").get_data(as_text=True)
    panels = rights_panels(html)
    assert len(panels) == count
    for panel in panels:
        assert CASA in panel and f'<span dir="ltr">{CASA_PHONE}</span>' in panel
        assert 'class="write-here"' not in panel  # the partner takes the hand-written line's place
    plain = pclient.get(f"/vi/{page}").get_data(as_text=True)
    assert len(rights_panels(plain)) == count
    assert CASA not in plain and CASA_PHONE not in plain and NORTH not in plain
    assert plain.count('class="write-here"') == count


@pytest.mark.parametrize("page", ["card", "cards", "cards?paper=letter"])
def test_wallet_cards_for_an_unknown_partner_are_a_404(pclient, page):
    joiner = "&" if "?" in page else "?"
    assert pclient.get(f"/en/{page}{joiner}partner=nobody").status_code == 404
    assert pclient.get(f"/en/{page}{joiner}partner=").status_code == 200  # "No partner" on the form


def test_the_cards_name_the_partner_in_the_address_never_the_partner_of_the_visit(papp, pclient):
    # Kept pages: the same address shows the same cards to everyone, whoever's link they came by.
    fresh = papp.test_client()
    enter(pclient, "/en/p/north-star")
    for url in ("/en/cards?partner=casa-del-pueblo", "/en/card?partner=casa-del-pueblo", "/en/cards"):
        # Only the footer, a per-request slot, names the partner of the visit.
        theirs = pclient.get(url).get_data(as_text=True).split('<footer class="site">', 1)[0]
        assert theirs == fresh.get(url).get_data(as_text=True).split('<footer class="site">', 1)[0]
        assert NORTH not in theirs
    assert CASA not in fresh.get("/en/cards").get_data(as_text=True)


def test_the_share_page_links_the_sheet_of_cards_for_the_partner_chosen(pclient):
    query = "link_lang=ar&state=TX&partner=north-star"
    html = pclient.get(f"/en/local_police/share?{query}").get_data(as_text=True)
    sheets = re.findall(r'href="(/ar/cards[^"]*)"', html)
    assert sorted(sheets) == [
        "/ar/cards?partner=north-star&amp;paper=a4",
        "/ar/cards?partner=north-star&amp;paper=letter",
    ]
    sheet = pclient.get(sheets[1].replace("&amp;", "&")).get_data(as_text=True)
    assert len(rights_panels(sheet)) == 8
    assert all(NORTH in panel and "(612) 555-0188" in panel for panel in rights_panels(sheet))
    # its paper links keep the partner
    assert "/ar/cards?paper=a4&amp;partner=north-star" in sheet
    plain = pclient.get("/en/local_police/share?link_lang=ar").get_data(as_text=True)
    assert sorted(re.findall(r'href="(/ar/cards[^"]*)"', plain)) == [
        "/ar/cards?paper=a4",
        "/ar/cards?paper=letter",
    ]


def test_an_unknown_partner_on_the_share_page_is_ignored(pclient):
    html = pclient.get("/en/local_police/share?partner=nobody").get_data(as_text=True)
    assert "/p/" not in html.split("Your link", 1)[1]


def test_the_share_page_offers_no_partner_choice_when_none_is_listed(client):
    assert 'name="partner"' not in client.get("/en/local_police/share").get_data(as_text=True)


def write_partner(folder, name: str, **fields) -> None:
    folder.mkdir(exist_ok=True)
    entry = {"name": "Example Org", "phone": "(713) 555-0134", "website": "https://example.org/"} | fields
    (folder / name).write_text(
        json.dumps({k: v for k, v in entry.items() if v is not None}), encoding="utf-8"
    )


@pytest.mark.parametrize(
    "name, fields, fault",
    [
        ("good.json", {"phone": "555"}, "phone"),
        ("good.json", {"phone": "+1 713 555 01"}, "phone"),
        ("good.json", {"sms": "call us"}, "sms"),
        ("good.json", {"whatsapp": "+44 12"}, "whatsapp"),
        ("good.json", {"website": "http://example.org/"}, "website"),
        ("good.json", {"booking": "https://"}, "booking"),
        ("good.json", {"website": None}, "website"),
        ("good.json", {"colour": "red"}, "colour"),
        ("good.json", {"states": ["ZZ"]}, "states"),
        ("good.json", {"counties": ["99999"]}, "counties"),
        ("good.json", {"checked": "yesterday"}, "checked"),
        ("Not A Slug.json", {}, "slug"),
    ],
)
def test_a_faulty_partner_file_stops_the_start_and_fails_the_check(tmp_path, name, fields, fault):
    folder = tmp_path / "partners"
    write_partner(folder, name, **fields)
    with pytest.raises(PartnerError, match=fault):
        partner_app(folder)
    result = CliRunner().invoke(main, ["check", "--partners", str(folder)])
    assert result.exit_code == 1
    assert fault in result.output and name in result.output


def test_the_check_passes_good_partner_files_and_reads_the_setting(monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_PARTNERS_DIR", str(PARTNERS))
    assert _from_environment()["PARTNERS_DIR"] == str(PARTNERS)
    result = CliRunner().invoke(main, ["check"])
    assert f"checked the partner files in {PARTNERS}: 0 errors" in result.output
    assert result.exit_code == 0, result.output
