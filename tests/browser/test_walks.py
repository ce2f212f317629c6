"""Every questionnaire, walked in Chromium on a phone-sized screen: JS off, keyboard only, RTL."""

from __future__ import annotations

import pytest

from chromium import phone, screenshot
from helpers import OTHER, RTL
from walks import TREES, longest_path, on_screen, start, walk


@pytest.mark.parametrize("tree_id", list(TREES))
def test_walk_with_javascript_off(browser, server, tree_id):
    page = phone(browser, java_script_enabled=False)
    tree = TREES[tree_id]
    path = longest_path(tree)
    walk(page, server, "en", tree, path)
    assert page.inner_text("h1") == tree.node(path.outcome).title
    page.context.close()


@pytest.mark.parametrize("tree_id", list(TREES))
def test_walk_by_keyboard_alone(browser, server, tree_id):
    page = phone(browser)
    tree = TREES[tree_id]
    path = longest_path(tree)
    walk(page, server, "en", tree, path, keyboard=True)
    assert page.inner_text("h1") == tree.node(path.outcome).title
    page.context.close()


@pytest.mark.parametrize("lang", [*RTL, OTHER])
@pytest.mark.parametrize("tree_id", list(TREES))
def test_walk_in_another_language(browser, server, tree_id, lang):
    page = phone(browser)
    tree = TREES[tree_id]
    walk(page, server, lang, tree, longest_path(tree))
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == ("rtl" if lang in RTL else "ltr")
    if lang in RTL:
        # The page really mirrors: the heading starts at the right edge.
        box = page.locator("h1").bounding_box()
        assert box and box["x"] + box["width"] > 300
    screenshot(page, f"outcome-{tree_id}-{lang}")
    page.context.close()


def test_the_quick_exit_is_the_first_thing_a_keyboard_reaches(browser, server):
    page = phone(browser)
    start(page, server, "en", "local_police")
    assert on_screen(page) == "state"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "exit"
    page.context.close()
