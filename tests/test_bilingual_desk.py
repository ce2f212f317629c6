"""The bilingual desk (issue 15, item 3): in desk mode, the question, the check page and the outcome
carry their words in English, marked as English, beside the person's language; outside desk mode, or
when the page is in English, they do not. The form stays one: one set of inputs, no id twice."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from helpers import set_walk

# The myths questionnaire as its tree writes it (English is the source language).
QUESTION = "Which of these have you heard?"
CHOICE = "All police must do what ICE asks."
OUTCOME = "Not all police must do what ICE asks"
CHECK = "Check your answers"
ANSWERS = {"which": "must_obey"}


class English(HTMLParser):
    """The text inside elements marked lang="en" and dir="ltr", and every id on the page."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[bool] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "id" in found:
            self.ids.append(str(found["id"]))
        if tag not in self.VOID:
            self.open.append(found.get("lang") == "en" and found.get("dir") == "ltr")

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if any(self.open):
            self.text.append(data)


def read(html: str) -> English:
    parser = English()
    parser.feed(html)
    return parser


def page(client, lang: str, where: str, desk: bool) -> str:
    set_walk(client, "myths", ANSWERS if where != "q/which" else {}, where)
    with client.session_transaction() as session:
        if desk:
            session["desk"] = True
    response = client.get(f"/{lang}/walk")
    assert response.status_code == 200
    return response.data.decode()


PAGES = {"q/which": [QUESTION, CHOICE], "check": [CHECK, QUESTION, CHOICE], "result": [OUTCOME]}


@pytest.mark.parametrize("where", PAGES)
def test_in_desk_mode_a_spanish_page_carries_its_english_words_marked_as_english(client, where):
    html = page(client, "es", where, desk=True)
    english = " ".join(" ".join(read(html).text).split())
    for words in PAGES[where]:
        assert words in english, (where, words)
    assert 'class="in-english"' in html  # behind a switch on a phone


@pytest.mark.parametrize("where", PAGES)
def test_outside_desk_mode_the_page_is_in_its_language_only(client, where):
    html = page(client, "es", where, desk=False)
    english = " ".join(" ".join(read(html).text).split())
    for words in PAGES[where]:
        assert words not in english, (where, words)
    assert 'class="in-english"' not in html


@pytest.mark.parametrize("where", PAGES)
def test_an_english_desk_page_has_one_column(client, where):
    html = page(client, "en", where, desk=True)
    assert 'class="in-english"' not in html and 'class="bilingual"' not in html


@pytest.mark.parametrize("lang", ["es", "ar"])
@pytest.mark.parametrize("where", PAGES)
def test_the_english_column_repeats_words_not_the_form(client, lang, where):
    """One set of inputs, in the person's language; the English copy adds no control and no id."""
    html = page(client, lang, where, desk=True)
    alone = page(client, lang, where, desk=False)
    ids = Counter(read(html).ids)
    assert [i for i, n in ids.items() if n > 1] == []
    assert ids == Counter(read(alone).ids)
    for control in ("<input", "<button", "<select", "<textarea"):
        assert html.count(control) == alone.count(control), control


def test_the_english_column_keeps_no_answer(app):
    """The question frame (kept for everyone) holds the English words; the chosen answer is a slot."""
    first, second = app.test_client(), app.test_client()
    for client, answer in ((first, "must_obey"), (second, "sanctuary")):
        set_walk(client, "myths", {"which": answer}, "q/which")
        with client.session_transaction() as session:
            session["desk"] = True
    one = first.get("/es/walk").data.decode()
    two = second.get("/es/walk").data.decode()
    english = [re.search(r'<div class="english-column".*?</div>', html, re.S) for html in (one, two)]
    assert english[0] and english[1] and english[0].group(0) == english[1].group(0)
    assert "checked" not in english[0].group(0)
