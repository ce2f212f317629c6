"""Words for an officer (issue 14, points 2-4): a page that shows them in very large English with
the person's language below, "Listen" and "Play it aloud" only as an enhancement, and wallet cards,
one or eight on a sheet; reached from the urgent pages and the share page; the same for everyone."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from jinja2 import ChoiceLoader, DictLoader

from helpers import SECRET, Walker, set_walk
from questionnaire import create_app
from questionnaire.content.checks import check_officer
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.paths import enumerate_paths
from questionnaire.content.tree import TREES_DIR, load_trees
from questionnaire.i18n import ALL_LANGUAGES, LANGUAGES
from questionnaire.i18n.catalogs import po_path, read_catalog
from questionnaire.rendering.frames import KeptPageError

# The words, in its order: what the officer reads and hears, in English, in every language.
STATEMENTS = [
    "I do not consent to a search.",
    "I do not consent to your entry.",
    "I choose to remain silent.",
    "I want to speak with a lawyer.",
    "Please slide any warrant under the door.",
]
REVIEWED = dt.date(2026, 12, 5)  # the day the file was last reviewed: no age warning
TREES = load_trees()
DATA = load_jurisdictions()
CATALOGS = {
    code: read_catalog(po_path(code), ALL_LANGUAGES[code].catalog) for code in LANGUAGES if code != "en"
}


class Parts(HTMLParser):
    """Text of the elements with a given class, with their lang and dir, and the <title>."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted = wanted
        self.open: list[tuple[str, list[str] | None, dict[str, str | None]]] = []
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_title = tag == "title"
        if tag in self.VOID:
            return
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        self.open.append((tag, [] if self.wanted in classes else None, found))

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        while self.open:
            name, text, attrs = self.open.pop()
            if text is not None:
                self.found.append((" ".join("".join(text).split()), attrs))
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for _, text, _ in self.open:
            if text is not None:
                text.append(data)


def parts(page: str, wanted: str) -> Parts:
    parser = Parts(wanted)
    parser.feed(page)
    return parser


def translated(lang: str, english: str) -> str:
    message = CATALOGS[lang].get(english)
    assert message is not None and message.string, f"no {lang} translation of {english!r}"
    return message.string


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SECRET_KEY": SECRET})


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_officer_page_shows_the_english_statements_with_the_persons_language_below(app, lang):
    page = app.test_client().get(f"/{lang}/show")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    english = parts(html, "officer-en").found
    # Exactly the words, from the English source, marked English and left to right.
    assert [text for text, _ in english] == STATEMENTS
    assert all(a.get("lang") == "en" and a.get("dir") == "ltr" for _, a in english)
    below = [text for text, _ in parts(html, "officer-tr").found]
    if lang == "en":
        assert below == []  # an English page says each once
    else:
        assert below == [translated(lang, s) for s in STATEMENTS]
        assert all(b != s for b, s in zip(below, STATEMENTS, strict=True))
        # Each statement, then its translation: the person's language comes below.
        for statement, translation in zip(STATEMENTS, below, strict=True):
            assert html.index(statement) < html.index(translation)


def test_the_english_comes_from_the_content_file_and_each_statement_has_quoted_sources():
    raw = json.loads((TREES_DIR / "shared" / "officer.json").read_text(encoding="utf-8"))
    assert [s["say"] for s in raw["statements"]] == STATEMENTS
    for statement in raw["statements"]:
        assert statement["sources"], statement["id"]
        for source in statement["sources"]:
            assert source["url"].startswith(("https://", "http://"))
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["read"])
            assert len(source["quote"]) >= 12


def test_a_statement_without_a_quoted_source_fails_the_check(tmp_path):
    (tmp_path / "shared").mkdir()
    shutil.copy(TREES_DIR / "shared" / "officer.schema.json", tmp_path / "shared")
    raw = json.loads((TREES_DIR / "shared" / "officer.json").read_text(encoding="utf-8"))
    del raw["statements"][2]["sources"][0]["quote"]
    (tmp_path / "shared" / "officer.json").write_text(json.dumps(raw), encoding="utf-8")
    problems = check_officer(tmp_path, REVIEWED)
    assert [p.severity for p in problems] == ["error"]
    assert "quote" in problems[0].message


def test_the_words_for_an_officer_as_they_stand_pass_the_check():
    assert check_officer(TREES_DIR, REVIEWED) == []


def ice_at_door_outcomes() -> dict[str, tuple[tuple[str, str], ...]]:
    tree = TREES["ice_at_door"]
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for path in enumerate_paths(tree, DATA):
        found.setdefault(path.outcome, path.answers)
    return found


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_first_urgent_page_and_every_ice_at_door_outcome_link_to_the_officer_page_and_card(app, lang):
    client = app.test_client()
    walker = Walker(client, lang)
    assert walker.start("ice_at_door") == "right_now"
    assert {f"/{lang}/show", f"/{lang}/card"} <= links(walker.page())
    outcomes = ice_at_door_outcomes()
    assert {n.id for n in TREES["ice_at_door"].nodes.values() if n.is_outcome} == set(outcomes)
    for outcome, answers in outcomes.items():
        set_walk(client, "ice_at_door", answers, "result")
        html = client.get(f"/{lang}/walk").get_data(as_text=True)
        assert {f"/{lang}/show", f"/{lang}/card"} <= links(html), outcome


def test_questionnaires_not_about_an_officer_at_the_door_do_not_link_to_it(app):
    client = app.test_client()
    for tree_id in ("local_police", "crime_victim"):
        tree = TREES[tree_id]
        path = next(iter(enumerate_paths(tree, DATA)))
        set_walk(client, tree_id, path.answers, "result")
        assert "/en/show" not in links(client.get("/en/walk").get_data(as_text=True))


def test_listen_is_offered_on_urgent_pages_and_play_aloud_on_the_officer_page_only_as_templates(app):
    client = app.test_client()
    walker = Walker(client, "es")
    walker.start("ice_at_door")
    first = walker.page()
    assert re.search(r'<template data-speak="es"[^>]*>\s*<button[^>]*>Escuchar</button></template>', first)
    set_walk(client, "ice_at_door", ice_at_door_outcomes()["result_street"], "result")
    assert '<template data-speak="es"' in client.get("/es/walk").get_data(as_text=True)
    show = client.get("/es/show").get_data(as_text=True)
    assert re.search(r'<template data-speak="en" data-read="\.officer-en">', show)
    # Without JavaScript nothing shows a button to speak: it exists only inside inert templates.
    for html in (first, show):
        outside = re.sub(r"<template.*?</template>", "", html, flags=re.S)
        assert not re.search(r'class="[^"]*\bspeak\b', outside)
        assert "<template" not in outside
    # A question that is not urgent offers no Listen.
    walker = Walker(client, "es")
    walker.start("local_police")
    assert "data-speak" not in walker.page()


@pytest.mark.parametrize("url", ["/en/show", "/en/card", "/en/cards", "/en/cards?paper=a4"])
def test_the_pages_are_the_same_for_everyone_and_their_titles_name_no_situation(app, url):
    fresh = app.test_client().get(url)
    someone = app.test_client()
    set_walk(someone, "ice_at_door", ice_at_door_outcomes()["result_home_inside"], "result")
    assert someone.get("/en/walk").status_code == 200
    theirs = someone.get(url)
    assert fresh.status_code == theirs.status_code == 200
    assert fresh.data == theirs.data
    assert "no-store" in fresh.headers["Cache-Control"]
    title = parts(fresh.get_data(as_text=True), "-").title.lower()
    assert not re.search(r"officer|police|ice\b|door|arrest|warrant", title), title


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_wallet_card_has_the_rights_in_the_persons_language_and_the_english_for_the_officer(app, lang):
    html = app.test_client().get(f"/{lang}/card").get_data(as_text=True)
    raw = json.loads((TREES_DIR / "shared" / "officer.json").read_text(encoding="utf-8"))
    rights = [s["text"] if lang == "en" else translated(lang, s["text"]) for s in raw["statements"]]
    ((rights_panel, _),) = parts(html, "rights").found
    for right in rights:
        assert right in rights_panel
    lawyer = "Lawyer's phone number:" if lang == "en" else translated(lang, "Lawyer's phone number:")
    assert lawyer in rights_panel
    assert html.count('class="write-here"') == 1  # the line to write the number by hand
    ((officer_panel, attrs),) = parts(html, "for-officer").found
    assert attrs.get("lang") == "en" and attrs.get("dir") == "ltr"
    assert officer_panel == " ".join(STATEMENTS)


def test_the_sheet_has_eight_cards_on_the_paper_chosen_as_for_the_flyer(app):
    client = app.test_client()
    for query, paper in (
        ("", "letter"),
        ("?paper=letter", "letter"),
        ("?paper=a4", "a4"),
        ("?paper=x", "letter"),
    ):
        html = client.get(f"/fr/cards{query}").get_data(as_text=True)
        assert html.count('<div class="card">') == 8
        assert f"cards-{paper}.css" in html
        assert f"cards-{'a4' if paper == 'letter' else 'letter'}.css" not in html


def test_the_share_page_links_to_the_sheet_of_cards_in_the_links_language(app):
    html = app.test_client().get("/en/local_police/share?link_lang=vi").get_data(as_text=True)
    assert {"/vi/cards?paper=letter", "/vi/cards?paper=a4"} <= links(html)


def test_a_site_without_words_for_an_officer_has_no_such_pages(tiny_client):
    for url in ("/en/show", "/en/card", "/en/cards"):
        assert tiny_client.get(url).status_code == 404


@pytest.mark.parametrize("template", ["show.html", "_card.html"])
def test_a_words_for_an_officer_page_that_reads_the_person_fails_instead_of_serving_them(template):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    source = app.jinja_env.loader.get_source(app.jinja_env, template)[0]
    anchor = '<ul class="officer">' if template == "show.html" else '<div class="card">'
    assert anchor in source
    changed = source.replace(anchor, "{{ session.get('a') }}" + anchor, 1)
    app.jinja_env.loader = ChoiceLoader([DictLoader({template: changed}), app.jinja_env.loader])
    with pytest.raises(KeptPageError):
        app.test_client().get("/en/show" if template == "show.html" else "/en/card")
