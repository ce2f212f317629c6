"""Urgent pages a phone may keep for use with no signal (issue 14, item 5): which pages, that each is
the same for everyone, the service worker that keeps them, and Quick exit deleting them.

The browser side (keep, go offline, open again, quick exit) is in tests/browser/test_no_signal.py.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers import OTHER, RTL, SECRET, Walker
from questionnaire import create_app
from questionnaire.i18n import LANGUAGES
from questionnaire.privacy.sealed import unseal
from questionnaire.web.offline import KEPT, kept_pages

URGENT = "ice_at_door"  # "Police or ICE are at my door"
# The pages the issue names: the first urgent page, its answer-free explanations, the officer
# page and the card (and the sheet of cards).
NAMED = ("urgent", "show", "card", "cards")
TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


def pages_for(app) -> tuple[str, ...]:
    with app.test_request_context():
        return kept_pages()


def test_the_list_of_kept_pages_is_the_urgent_pages_without_answers(app):
    assert KEPT == NAMED
    pages = pages_for(app)
    assert pages[0] == "urgent"  # shown for any address opened with no signal
    tree = app.extensions["questionnaire"].trees[URGENT]
    outcomes = {node.id for node in tree.nodes.values() if node.is_outcome}
    explained = {tuple(unseal(app, p.removeprefix("e/")) or ()) for p in pages if p.startswith("e/")}
    # Every outcome of the urgent questionnaire, explained without a place or any answer.
    assert explained == {(URGENT, outcome) for outcome in outcomes}
    assert [p for p in pages if not p.startswith("e/")] == list(NAMED)
    assert "walk" not in " ".join(pages)
    client = app.test_client()
    for page in pages:
        assert client.get(f"/en/{page}").status_code == 200, page


@pytest.mark.parametrize("lang", ["en", OTHER, *RTL])
def test_each_kept_page_is_the_same_for_everyone(app, lang):
    """Kept without the cookie, and the same bytes whoever asks: nothing a person answered."""
    pages = pages_for(app)
    person = Walker(app.test_client(), lang)
    person.start(URGENT)
    person.answer("right_now", None)  # an information page: Continue
    person.answer("where", "home")
    assert person.on_screen() == "inside"  # answered "at home": the next question
    at_desk = app.test_client()
    with at_desk.session_transaction() as session:
        session["desk"] = True  # an intake desk: its pages carry the "Next person" bar

    def kept(client, url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"
        # An explanation's "Answer the questions yourself" is a form with a token, random on every
        # page; the worker's copy, fetched without the cookie, holds one that is nobody's.
        return TOKEN.sub('name="csrf_token" value=""', response.get_data(as_text=True))

    # The first urgent page is asked for first at a desk: what is kept must not carry the desk bar.
    assert '<aside class="desk-bar"' not in kept(at_desk, f"/{lang}/urgent")
    for page in pages:
        url = f"/{lang}/{page}"
        html = kept(app.test_client(), url)
        assert kept(person.client, url) == html, url
        assert f'lang="{lang}"' in html.split(">", 2)[1]
    assert kept(at_desk, f"/{lang}/urgent") == kept(app.test_client(), f"/{lang}/urgent")
    # The first urgent page has no form at all: it starts no state.
    urgent = app.test_client().get(f"/{lang}/urgent")
    assert "Set-Cookie" not in urgent.headers and "csrf_token" not in urgent.get_data(as_text=True)


def test_the_kept_first_urgent_page_is_the_walks_first_page_without_a_form(client):
    kept = client.get("/en/urgent").get_data(as_text=True)
    walker = Walker(client)
    walker.start(URGENT)
    walk = walker.page()
    assert walker.on_screen(walk) == "right_now"

    def main(html: str) -> str:
        return html.split("<main", 1)[1].split("</main>", 1)[0]

    for part in (
        "<h1>Right now: stay calm and stay silent</h1>",
        "Step 1 of up to",
        "I do not consent to a search.",
    ):
        assert part in main(kept) and part in main(walk)
    assert "<form" not in main(kept)
    # Its Continue opens the walk, which starts on the same page with its form.
    assert '<a class="button" id="continue" href="/en/ice_at_door/">' in kept
    assert client.get("/en/ice_at_door/").headers["Location"] == "/en/walk"
    # Both carry "Keep on this phone", hidden until the script can keep pages.
    for html in (kept, walk):
        assert re.search(r'<div class="keep" id="keep" hidden data-worker="/sw.js" data-scope="/"', html)


def test_keep_on_this_phone_is_only_on_the_first_urgent_page(walker, app):
    walker.start(URGENT)
    walker.answer("right_now", None)
    assert 'id="keep"' not in walker.page()
    walker.start("local_police")
    assert 'id="keep"' not in walker.page()
    # Not at an intake desk: the computer is not the person's phone.
    desk = Walker(app.test_client())
    with desk.client.session_transaction() as session:
        session["desk"] = True
    assert desk.start(URGENT) == "right_now" and 'id="keep"' not in desk.page()


def test_the_service_worker_has_a_stable_address_and_knows_only_the_list(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "Set-Cookie" not in response.headers
    script = response.get_data(as_text=True)
    setup = json.loads(re.search(r"var SETUP = (\{.*\});", script).group(1))
    assert setup["root"] == ""
    assert setup["pages"] == list(pages_for(app))
    assert setup["languages"] == list(LANGUAGES)
    # It keeps only what it fetched itself, without the cookie, and never answers a form.
    assert 'credentials: "omit"' in script
    assert 'request.method !== "GET"' in script
    assert client.get("/sw.js").data == response.data  # the same bytes every time: no needless update


def test_the_content_policy_lets_only_our_own_worker_run(client):
    csp = client.get("/en/urgent").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in csp.split("; ")


def test_quick_exit_deletes_what_the_phone_kept(client):
    walker = Walker(client)
    walker.start(URGENT)
    response = client.get("/exit")
    assert response.status_code == 302
    directives = {d.strip() for d in response.headers["Clear-Site-Data"].split(",")}
    # "storage" is the service worker and its Cache Storage; "cache" the browser's own copies.
    assert directives == {'"cookies"', '"cache"', '"storage"'}


def test_start_again_keeps_the_pages_the_person_chose_to_keep(walker):
    walker.start(URGENT)
    walker.answer("right_now", None)
    response = walker.go("restart")
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_pages_that_show_answers_are_still_never_stored(client):
    walker = Walker(client)
    walker.start(URGENT)
    walker.answer("right_now", None)
    walker.answer("where", "street")
    outcome = walker.result()
    assert 'name="go" value="restart"' in outcome.get_data(as_text=True)  # the outcome, on screen
    assert outcome.headers["Cache-Control"] == "no-store"


def test_the_kept_pages_follow_the_mount_path():
    mounted = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SCRIPT_NAME": "/help"})
    client = mounted.test_client()
    # As a proxy that passes the whole path sends it (tests/test_forwarded.py has the other way).
    script = client.get("/help/sw.js").get_data(as_text=True)
    assert json.loads(re.search(r"var SETUP = (\{.*\});", script).group(1))["root"] == "/help"
    page = client.get("/help/en/urgent").get_data(as_text=True)
    assert 'data-worker="/help/sw.js" data-scope="/help/"' in page


def test_the_kept_first_urgent_page_is_in_every_language(app):
    client = app.test_client()
    english = client.get("/en/urgent").get_data(as_text=True)
    for code, language in LANGUAGES.items():
        html = client.get(f"/{code}/urgent").get_data(as_text=True)
        assert f'<html lang="{code}" dir="{language.direction}">' in html, code
        assert f'href="/{code}/ice_at_door/"' in html, code
        if code != "en":
            for words in ("Keep on this phone", "Kept on this phone.", "Could not keep the pages."):
                assert words in english and words not in html, (code, words)
