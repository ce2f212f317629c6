"""Every path renders in every language, with no English left on the page and the right direction."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from helpers import OTHER, RTL, SECRET, Walker, pages_of_paths, set_walk
from questionnaire import create_app
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.tree import load_trees
from questionnaire.i18n import DEFAULT, LANGUAGES
from questionnaire.i18n.catalogs import extract, po_path, read_catalog

TREES = load_trees()
DATA = load_jurisdictions()
TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]

# English that may stay on a translated page: proper names and citations we keep as written.
ALLOWED = {
    "ICE",
    "287(g)",
    "WhatsApp",
    "English",
    "ICE Online Detainee Locator",
    "National Domestic Violence Hotline",
    "National Human Trafficking Hotline",
}


TEMPLATE = extract()


def english_sentences(lang: str) -> list[str]:
    """Source strings long enough that finding one on a translated page means a lookup failed.

    A translator may keep a name or citation as written (inside the msgstr); those are allowed.
    """
    catalog = read_catalog(po_path(lang), lang)
    found = set()
    for message in TEMPLATE:
        kept = catalog.get(message.id, context=message.context)
        if kept is not None and isinstance(message.id, str) and message.id in kept.string:
            continue  # the translator kept the name or citation, alone or beside a translation
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if text and len(text.split()) >= 3 and text not in ALLOWED:
                found.add(text)
    return sorted(found, key=len, reverse=True)


ENGLISH = {lang: english_sentences(lang) for lang in TRANSLATED}
TAGS = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    page = re.sub(r'<a [^>]*lang="en"[^>]*>.*?</a>', "", page)  # the link to the English page is meant
    page = re.sub(r'<span class="say-en" lang="en"[^>]*>.*?</span>', "", page)  # words to say, meant
    page = re.sub(r"<nav class=\"languages\".*?</nav>", "", page, flags=re.S)  # names in their own script
    page = re.sub(
        r'<option value="\d{5}"[^>]*>.*?</option>', "", page
    )  # county names stay as the Census writes them
    page = re.sub(r'<(span|strong) translate="no">.*?</\1>', "", page)  # so do agency and county names
    return html_lib.unescape(TAGS.sub(" ", page))


def assert_translated(page: str, lang: str, where: str) -> None:
    text = " ".join(visible_text(page).split())
    leaked = [s for s in ENGLISH[lang] if " ".join(html_lib.unescape(s).split()) in text]
    assert not leaked, f"{lang} {where}: English on the page: {leaked[:3]}"
    direction = LANGUAGES[lang].direction
    assert f'<html lang="{lang}" dir="{direction}">' in page


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SECRET_KEY": SECRET})


PAGES = pages_of_paths(TREES, DATA)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_page_of_every_path_is_translated(app, lang):
    client = app.test_client()
    walker = Walker(client, lang)
    for tree_id, answers, page in PAGES:
        set_walk(client, tree_id, answers, page)
        response = client.get(f"/{lang}/walk")
        assert response.status_code == 200, (lang, tree_id, page, response.status_code)
        html = response.get_data(as_text=True)
        assert walker.on_screen(html) == page.removeprefix("q/"), (lang, tree_id, page)
        assert_translated(html, lang, f"{tree_id}/{page}")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_home_errors_and_problem_pages_are_translated(app, lang):
    client = app.test_client()
    assert_translated(client.get(f"/{lang}/").get_data(as_text=True), lang, "home")
    response = client.get(f"/{lang}/no_such_tree/")
    assert response.status_code == 404
    assert_translated(response.get_data(as_text=True), lang, "404")
    client.set_cookie("s", "tampered", domain="localhost")
    response = client.get(f"/{lang}/walk")
    assert response.status_code == 400
    assert_translated(response.get_data(as_text=True), lang, "state problem")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_wrong_answer_error_is_translated(app, lang):
    walker = Walker(app.test_client(), lang)
    assert walker.start("local_police") == "state"
    response = walker.answer("state", "XX", status=400)
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page
    assert_translated(page, lang, "error")


@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_languages_say_so(client, lang):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="rtl">' in page


def test_root_follows_the_browser_language(client):
    assert (
        client.get("/", headers={"Accept-Language": f"{OTHER}-XX,{OTHER};q=0.9"}).headers["Location"]
        == f"/{OTHER}/"
    )
    assert client.get("/", headers={"Accept-Language": "de-DE"}).headers["Location"] == "/en/"


def test_language_chooser_lists_every_language_in_its_own_name(client):
    page = client.get(f"/{OTHER}/").get_data(as_text=True)
    for lang in LANGUAGES.values():
        assert f'lang="{lang.code}" hreflang="{lang.code}"' in page
        assert f">{lang.name}</a>" in page


def test_switching_language_mid_walk_keeps_the_answers(walker):
    walker.start("local_police")
    walker.answer("state", "TX")
    county = walker.page()
    assert walker.on_screen(county) == "county"
    assert f'href="/{OTHER}/walk"' in county
    walker.lang = OTHER  # the person follows the link to the other language
    other = walker.page()
    assert f'<html lang="{OTHER}"' in other
    assert walker.on_screen(other) == "county"
    assert "Harris County" in other
    walker.go("back", page="county")
    back = walker.page()
    assert walker.on_screen(back) == "state"
    assert f'<html lang="{OTHER}"' in back
    assert '<option value="TX" selected>' in back


def test_unreviewed_language_says_so_and_links_to_english(client):
    unreviewed = [code for code, lang in LANGUAGES.items() if not lang.reviewed]
    for code in unreviewed:
        walker = Walker(client, code)
        assert walker.start("local_police") == "state"
        page = walker.page()
        assert 'class="unreviewed"' in page
        assert 'href="/en/walk" lang="en" hreflang="en"' in page
    assert 'class="unreviewed"' not in client.get("/en/").get_data(as_text=True)
