"""Every page stays in budget: HTML at most 14 KB gzipped, the page with its files at most 30 KB."""

from __future__ import annotations

import gzip
import re

import pytest
from flask import g

from helpers import HERE, OTHER, RTL, SECRET, Walker, pages_of_paths, set_walk
from questionnaire import create_app
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.tree import load_trees
from questionnaire.i18n import LANGUAGES
from questionnaire.web.walk import explain_url

HTML_BUDGET = 14 * 1024
PAGE_BUDGET = 30 * 1024
APP = create_app({"TESTING": True, "SECRET_KEY": SECRET})
PAGES = pages_of_paths(load_trees(), load_jurisdictions())


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def assets(client, html: str) -> int:
    """The compressed size of everything the page loads from us (styles, scripts, images)."""
    total = 0
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        response = client.get(url)
        total += gzipped(response.data)
        response.close()
    assert not re.search(r'(?:src|href)="https?://', html.split("<main", 1)[0]), (
        "the page loads something from elsewhere"
    )
    return total


@pytest.mark.parametrize("lang", ["en", *RTL, OTHER])
def test_every_page_is_within_budget(lang):
    client = APP.test_client()
    walker = Walker(client, lang)
    worst = (0, "")
    for tree_id, answers, page in PAGES:
        set_walk(client, tree_id, answers, page)
        response = client.get(f"/{lang}/walk")
        assert response.status_code == 200, (lang, tree_id, page, response.status_code)
        html = response.data
        assert walker.on_screen(html.decode()) == page.removeprefix("q/"), (lang, tree_id, page)
        size = gzipped(html)
        worst = max(worst, (size, f"{tree_id}/{page}"))
        assert size <= HTML_BUDGET, f"{lang}/{tree_id}/{page}: {size} bytes gzipped"
        assert size + assets(client, html.decode()) <= PAGE_BUDGET
    print(f"largest page in {lang}: {worst[1]}, {worst[0]} bytes gzipped")


# Desk mode in all ten languages: every question page, and one outcome in ten with its check page
# (the full run above covers every outcome; ten languages of all of them take minutes).
_OUTCOMES = [p for p in PAGES if p[2] == "result"][::10]
DESK_PAGES = [p for p in PAGES if p[2] != "result"] + _OUTCOMES + [(t, a, "check") for t, a, _ in _OUTCOMES]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_at_the_bilingual_desk_is_within_budget(lang):
    """Desk mode: questions, check pages and outcomes with their English column (issue 15).

    A question or check page keeps the question budget (14 KB of HTML). An outcome in two languages
    is about twice the words, read on a desk's computer: it keeps the whole-page budget (30 KB).
    """
    client = APP.test_client()
    walker = Walker(client, lang)
    worst = (0, "")
    for tree_id, answers, page in DESK_PAGES:
        set_walk(client, tree_id, answers, page)
        with client.session_transaction() as session:
            session["desk"] = True
        response = client.get(f"/{lang}/walk")
        assert response.status_code == 200, (lang, tree_id, page, response.status_code)
        html = response.data
        text = html.decode()
        assert walker.on_screen(text) == page.removeprefix("q/"), (lang, tree_id, page)
        assert ('class="english-column"' in text) == (lang != "en"), (lang, tree_id, page)
        size = gzipped(html)
        worst = max(worst, (size, f"{tree_id}/{page}"))
        if page != "result":
            assert size <= HTML_BUDGET, f"desk {lang}/{tree_id}/{page}: {size} bytes gzipped"
        assert size + assets(client, text) <= PAGE_BUDGET, f"desk {lang}/{tree_id}/{page}"
    print(f"largest desk page in {lang}: {worst[1]}, {worst[0]} bytes gzipped")


def test_home_error_sharing_desk_and_about_pages_are_within_budget(app, client):
    tree = app.extensions["questionnaire"].trees["local_police"]
    with app.test_request_context("/en/"):
        g.lang = "en"
        explanation = explain_url(tree, tree.node("result_requires"), {"state": "TX", "county": "48201"})
    urls = [
        "/en/",
        "/en/nope/",
        f"/{OTHER}/",
        "/en/local_police/share?state=TX&county=48201",
        f"/{OTHER}/local_police/flyer?state=TX",
        explanation,
        "/en/desk",
        # the first urgent page as a phone keeps it for use with no signal
        "/en/urgent",
        f"/{OTHER}/urgent",
        *(f"/{lang}/urgent" for lang in RTL),
        "/en/about",
        f"/{OTHER}/report",
        "/en/share",
        # words for an officer and the wallet cards, left to right and right to left
        *(f"/{lang}/{page}" for lang in ("en", *RTL, OTHER) for page in ("show", "card", "cards?paper=a4")),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if url == "/en/nope/" else 200), (url, response.status_code)
        html = response.data
        assert gzipped(html) <= HTML_BUDGET, url
        assert gzipped(html) + assets(client, html.decode()) <= PAGE_BUDGET, url


MAP_BUDGET = 40 * 1024  # a map page, with everything it loads (issue 16: maps)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_map_page_is_within_its_budget(lang):
    client = APP.test_client()
    states = sorted(load_jurisdictions().states)
    worst = (0, "")
    for url in [f"/{lang}/map", *(f"/{lang}/map/{code}" for code in states)]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.data
        size = gzipped(html) + assets(client, html.decode())
        worst = max(worst, (size, url))
        assert size <= MAP_BUDGET, f"{url}: {size} bytes gzipped with what it loads"
    print(f"largest map page in {lang}: {worst[1]}, {worst[0]} bytes gzipped")


@pytest.mark.parametrize("lang", ["en", *RTL])
def test_every_outcome_opened_by_a_partners_link_is_within_budget(lang):
    # The partner's block at the top of the legal-help block (twice on urgent outcomes) and its line
    # in the footer are the most a partner adds to a page.
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "PARTNERS_DIR": str(HERE / "partners")})
    client = app.test_client()
    assert client.get(f"/{lang}/p/casa-del-pueblo").status_code == 302
    outcomes = [(tree_id, answers) for tree_id, answers, page in PAGES if page == "result"]
    for tree_id, answers in outcomes:
        with client.session_transaction() as session:
            session["a"], session["w"], session["at"] = {tree_id: dict(answers)}, tree_id, ":result"
        html = client.get(f"/{lang}/walk").data
        assert b"Casa del Pueblo" in html
        assert gzipped(html) <= HTML_BUDGET, (lang, tree_id)
        assert gzipped(html) + assets(client, html.decode()) <= PAGE_BUDGET, (lang, tree_id)


@pytest.mark.parametrize("lang", ["en", *RTL, "vi"])
def test_wallet_cards_printed_for_a_partner_are_within_budget(lang):
    # Eight cards, each naming the partner and its number: the most a partner adds to a printable.
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "PARTNERS_DIR": str(HERE / "partners")})
    client = app.test_client()
    for url in (
        f"/{lang}/cards?paper=letter&partner=casa-del-pueblo",
        f"/{lang}/card?partner=casa-del-pueblo",
    ):
        response = client.get(url)
        assert response.status_code == 200 and b"Casa del Pueblo" in response.data, url
        html = response.data
        assert gzipped(html) <= HTML_BUDGET, url
        assert gzipped(html) + assets(client, html.decode()) <= PAGE_BUDGET, url
