"""Words to say to an officer: in the person's language, then in English, on every page that has
them, in every language (issue 14, point 1)."""

from __future__ import annotations

import html as html_lib
import typing as t
from html.parser import HTMLParser

import pytest

from helpers import SECRET, Walker, set_walk
from questionnaire import create_app
from questionnaire.content.conditions import holds
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.paths import enumerate_paths
from questionnaire.content.tree import Node, load_trees
from questionnaire.i18n import ALL_LANGUAGES, LANGUAGES
from questionnaire.i18n.catalogs import po_path, read_catalog

TREES = load_trees()
DATA = load_jurisdictions()
CATALOGS = {
    code: read_catalog(po_path(code), ALL_LANGUAGES[code].catalog) for code in LANGUAGES if code != "en"
}


def says(node: Node, answers: t.Mapping[str, str] | None = None) -> list[t.Mapping[str, str]]:
    """The words-to-say items a node shows for these answers (any answers: None), in order."""
    return [
        item
        for key in ("body", "blocks")
        for block in node.raw.get(key, ())
        if answers is None or "if" not in block or holds(block["if"], answers, DATA)
        for item in block.get("items", ())
        if isinstance(item, dict) and "say" in item
    ]


def outcome_pages() -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """(tree id, answers, outcome id) for each outcome that has words to say, by one path to it."""
    pages = {}
    for tree_id, tree in TREES.items():
        for path in enumerate_paths(tree, DATA):
            if says(tree.node(path.outcome), dict(path.answers)):
                pages.setdefault((tree_id, path.outcome), (tree_id, path.answers, path.outcome))
    return list(pages.values())


OUTCOMES = outcome_pages()


class English(HTMLParser):
    """The text of every element marked lang="en" (nested ones too), with its direction."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, list[str] | None, str | None]] = []  # (tag, text if English, dir)
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        self.open.append((tag, [] if found.get("lang") == "en" else None, found.get("dir")))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, text, direction = self.open.pop()
            if text is not None:
                self.found.append(("".join(text), direction))
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        for _, text, _ in self.open:
            if text is not None:
                text.append(data)


def english_parts(page: str) -> list[tuple[str, str | None]]:
    parser = English()
    parser.feed(page)
    return parser.found


def translated(lang: str, english: str) -> str:
    message = CATALOGS[lang].get(english)
    assert message is not None and message.string, f"no {lang} translation of {english!r}"
    return message.string


def assert_says(page: str, lang: str, items: t.Sequence[t.Mapping[str, str]], where: str) -> None:
    assert items, f"{where}: no words to say on this page"
    marked = english_parts(page)
    text = " ".join(html_lib.unescape(page).split())
    for item in items:
        quoted = f"“{item['say']}”"
        # The English as the tree writes it, marked as English and left to right in every language.
        assert (quoted, "ltr") in marked, f"{lang} {where}: {quoted} is not marked lang=en dir=ltr"
        if lang == "en":
            continue
        assert translated(lang, item["say"]) in text, f"{lang} {where}: {item['say']!r} is not translated"
        if item.get("lead"):
            assert translated(lang, item["lead"]) in text, f"{lang} {where}: no lead for {item['say']!r}"
        assert translated(lang, "In English:") in text
    if lang == "en":
        # An English page says each sentence once, not once more as its own "translation".
        for item in items:
            shown = html_lib.unescape(page).count(item["say"])
            assert shown == sum(1 for i in items if i["say"] == item["say"]), (where, item["say"], shown)


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SECRET_KEY": SECRET})


def test_every_page_with_words_to_say_is_covered():
    """The walk below reaches every node that has words to say."""
    start = {(tree_id, tree.start) for tree_id, tree in TREES.items()}
    covered = start | {(tree_id, outcome) for tree_id, _, outcome in OUTCOMES}
    having = {
        (tree_id, node.id) for tree_id, tree in TREES.items() for node in tree.nodes.values() if says(node)
    }
    assert ("ice_at_door", "right_now") in having
    assert having <= covered, having - covered


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_first_urgent_page_says_it_in_english(app, lang):
    walker = Walker(app.test_client(), lang)
    assert walker.start("ice_at_door") == "right_now"
    page = walker.page()
    assert_says(page, lang, says(TREES["ice_at_door"].node("right_now"), {}), "ice_at_door/right_now")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_outcome_with_words_to_say_says_them_in_english(app, lang):
    client = app.test_client()
    for tree_id, answers, outcome in OUTCOMES:
        set_walk(client, tree_id, answers, "result")
        response = client.get(f"/{lang}/walk")
        assert response.status_code == 200
        items = says(TREES[tree_id].node(outcome), dict(answers))
        assert_says(response.get_data(as_text=True), lang, items, f"{tree_id}/{outcome}")
