"""The bilingual desk (issue 15, item 3) as a browser shows it: on a wide screen the person's page and
its English stand side by side; on a phone there is one column, and a switch shows the English."""

from __future__ import annotations

import pytest

from chromium import with_answers
from helpers import OTHER, RTL

PAGES = [
    ("myths", {}, "q/which"),
    ("myths", {"which": "must_obey"}, "walk"),
    ("myths", {"which": "must_obey"}, "result"),
]


def open_at(browser, live_app, width: int, lang: str, tree_id: str, answers: dict, where: str):
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    with_answers(page, live_app, tree_id, answers, desk=True, at=where)
    response = page.goto(f"{live_app.config['BASE_URL']}/{lang}/walk")
    assert response and response.status == 200
    return page


@pytest.mark.parametrize("lang", [OTHER, *RTL])
@pytest.mark.parametrize(("tree_id", "answers", "where"), PAGES, ids=[p[2] for p in PAGES])
def test_on_a_wide_screen_the_two_languages_stand_side_by_side(
    browser, live_app, lang, tree_id, answers, where
):
    page = open_at(browser, live_app, 1280, lang, tree_id, answers, where)
    own, english = page.locator(".own-column"), page.locator(".english-column")
    assert own.is_visible() and english.is_visible()
    a, b = own.bounding_box(), english.bounding_box()
    # Beside each other: they share a band of height and do not overlap across.
    assert a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
    assert a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
    # The person's language comes first in reading order: left in LTR, right in RTL.
    assert (a["x"] > b["x"]) == (lang in RTL)
    assert not page.locator(".in-english > summary").is_visible()  # no switch is needed
    page.context.close()


@pytest.mark.parametrize("lang", [OTHER, *RTL])
@pytest.mark.parametrize(("tree_id", "answers", "where"), PAGES, ids=[p[2] for p in PAGES])
def test_on_a_phone_one_column_and_a_switch_shows_the_english(
    browser, live_app, lang, tree_id, answers, where
):
    page = open_at(browser, live_app, 360, lang, tree_id, answers, where)
    english = page.locator(".english-column")
    switch = page.locator(".in-english > summary")
    assert switch.is_visible() and not english.is_visible()
    switch.click()
    assert english.is_visible()
    a, b = page.locator(".own-column").bounding_box(), english.bounding_box()
    assert b["y"] >= a["y"] + a["height"]  # below the person's page: one column
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    page.context.close()


def test_in_english_there_is_one_column_at_the_desk(browser, live_app):
    page = open_at(browser, live_app, 1280, "en", "myths", {}, "q/which")
    assert page.locator(".english-column").count() == 0 and page.locator(".in-english").count() == 0
    page.context.close()
