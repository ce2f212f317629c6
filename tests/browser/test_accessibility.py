"""axe-core finds no WCAG 2.2 A/AA or best-practice violation on any page type, LTR and RTL."""

from __future__ import annotations

import pytest

from chromium import axe_violations, phone, screenshot, with_answers
from helpers import OTHER, RTL
from questionnaire.privacy.sealed import seal
from walks import CHECK, RESULT, TREES, longest_path, on_screen, path_through, start

EXPLAIN = ("local_police", "result_requires", "TX", "48201")  # what the explanation page explains
PARTNER = "casa-del-pueblo"  # tests/partners/casa-del-pueblo.json


def page_types() -> list[tuple[str, str, dict[str, str], str]]:
    """(name, tree id, answers, page) for every kind of page the product has.

    With a tree id, the page is a page of that walk at /<lang>/walk: "q/<node id>", "check" or
    "result". Without one, it is the address after the language ("" for the home page).
    """
    types = [("home", "", {}, "")]
    for kind in ("select", "choice", "yes_no", "info"):
        found = path_through(kind)
        if found:
            tree, path, step = found
            node_id = path.answers[step][0]
            types.append((f"question-{kind}", tree.id, dict(path.answers[:step]), f"q/{node_id}"))
    tree = TREES["local_police"]
    path = longest_path(tree)
    types.append(("question-county", tree.id, dict(path.answers[:1]), "q/county"))
    for tree in TREES.values():
        path = longest_path(tree)
        types.append((f"outcome-{tree.id}", tree.id, dict(path.answers), "result"))
    # The myth about 287(g): its outcome carries the chart of 287(g) growth and its table.
    types.append(("outcome-myths-287g", "myths", {"which": "same_287g"}, "result"))
    types.append(("check-answers", tree.id, dict(path.answers), "check"))
    # An outcome opened by a partner's link: the partner first in the legal-help block and in the footer.
    types.append(("outcome-partner", "local_police", {"state": "TX", "county": "48201"}, "result"))
    types.append(("share", "", {}, "local_police/share?state=TX&county=48201"))
    types.append(("flyer", "", {}, "local_police/flyer?state=TX"))
    types.append(("explain", "", {}, "e/"))  # the sealed address of EXPLAIN, made with the live key
    types.append(("desk", "", {}, "desk"))
    types.append(("map-nation", "", {}, "map"))
    types.append(("map-state", "", {}, "map/TX"))  # the most counties: 254
    types.append(("map-state-from-outcome", "", {}, "m/"))  # the sealed address an outcome links to
    types.append(("urgent-kept", "", {}, "urgent"))  # the first urgent page as a phone keeps it
    types.append(("sharing", "", {}, "share"))
    types.append(("about", "", {}, "about"))
    types.append(("report", "", {}, "report"))
    types.append(("show-officer", "", {}, "show"))
    types.append(("wallet-card", "", {}, "card"))
    types.append(("wallet-cards", "", {}, "cards?paper=a4"))
    # The sheet printed for a partner: its name and number on each card (not a partner's visit).
    types.append(("wallet-cards-for-casa", "", {}, "cards?paper=a4&partner=casa-del-pueblo"))
    return types


PAGE_TYPES = page_types()


def expected_on_screen(where: str) -> str:
    return {"check": CHECK, "result": RESULT}.get(where, where.removeprefix("q/"))


@pytest.mark.parametrize("lang", ["en", *RTL])
@pytest.mark.parametrize(("name", "tree_id", "answers", "where"), PAGE_TYPES, ids=[t[0] for t in PAGE_TYPES])
def test_page_type_has_no_axe_violation(browser, live_app, lang, name, tree_id, answers, where):
    page = phone(browser)
    server = live_app.config["BASE_URL"]
    partner = PARTNER if name.endswith("-partner") else None
    if tree_id:
        with_answers(page, live_app, tree_id, answers, at=where, partner=partner)
        url = f"{server}/{lang}/walk"
    elif where == "e/":
        url = f"{server}/{lang}/e/{seal(live_app, EXPLAIN)}"
    elif where == "m/":
        url = f"{server}/{lang}/m/{seal(live_app, ('map', 'GA'))}"
    else:
        url = f"{server}/{lang}/{where}"
    response = page.goto(url)
    assert response and response.status == 200, (url, response and response.status)
    if tree_id:
        assert on_screen(page) == expected_on_screen(where), (name, url)
    if partner:
        assert (
            page.locator(".legal-help .partner").count() == 1 and page.locator(".partner-line").count() == 1
        )
    if where == "e/":
        # The explanation for a place, with "Answer the questions yourself" and no answer.
        assert page.locator('button[name="go"][value="start"]').count() == 1
    if name.startswith("map"):
        # The map is drawn: every shape has its title, and the table says it again in words.
        shapes = page.locator("svg.map path")
        assert shapes.count() >= 51 and shapes.count() == page.locator("svg.map path > title").count()
        assert page.locator("svg.map").bounding_box()["height"] > 100
        assert page.locator("table.map-table tbody tr").count() >= shapes.count()
        # On a phone, the page does not scroll sideways (a wide table scrolls in its own region).
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    if where in ("urgent", "q/right_now"):  # the first urgent page (the "info" page type is it)
        assert page.locator("#keep button").is_visible()  # "Keep on this phone", checked too
    assert axe_violations(page) == []
    screenshot(page, f"{name}-{lang}")
    page.context.close()


@pytest.mark.parametrize("lang", ["en", *RTL])
def test_error_pages_have_no_axe_violation(browser, server, lang):
    page = phone(browser)
    start(page, server, lang, "local_police")
    assert on_screen(page) == "state"
    with page.expect_navigation():
        page.click("#continue")  # nothing chosen: the question again, with the error summary
    assert page.url == f"{server}/{lang}/walk" and on_screen(page) == "state"
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page) == []
    screenshot(page, f"question-error-{lang}")
    response = page.goto(f"{server}/{lang}/no_such_page/")
    assert response and response.status == 404
    assert axe_violations(page) == []
    screenshot(page, f"not-found-{lang}")
    page.context.add_cookies([{"name": "s", "value": "tampered", "url": server}])
    response = page.goto(f"{server}/{lang}/walk")
    assert response and response.status == 400  # the answers could not be read: said so, not hidden
    assert axe_violations(page) == []
    screenshot(page, f"answers-cleared-{lang}")
    page.context.close()


@pytest.mark.parametrize("lang", ["en", *RTL])
def test_desk_mode_pages_have_no_axe_violation(browser, live_app, lang):
    page = phone(browser)
    tree = TREES["local_police"]
    path = longest_path(tree)
    with_answers(page, live_app, tree.id, dict(path.answers[:1]), desk=True)
    server = live_app.config["BASE_URL"]
    page.goto(f"{server}/{lang}/walk")
    assert on_screen(page) == "county"
    assert page.locator(".answers-so-far").count() == 1
    assert axe_violations(page) == []
    screenshot(page, f"desk-question-{lang}")
    with_answers(page, live_app, tree.id, dict(path.answers), desk=True)
    response = page.goto(f"{server}/{lang}/summary")
    assert response and response.status == 200 and page.url == f"{server}/{lang}/summary"
    assert axe_violations(page) == []
    screenshot(page, f"desk-summary-{lang}")
    page.context.close()


DESK_PAGES = [  # (name, tree id, answers, page): the pages that carry an English column at the desk
    ("question-choice", "myths", {}, "q/which"),
    ("question-county", "local_police", {"state": "TX"}, "q/county"),
    ("check-answers", "myths", {"which": "must_obey"}, "walk"),
    ("outcome", "local_police", {"state": "TX", "county": "48201"}, "result"),
]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("lang", ["en", OTHER, *RTL])
@pytest.mark.parametrize(("name", "tree_id", "answers", "where"), DESK_PAGES, ids=[p[0] for p in DESK_PAGES])
def test_bilingual_desk_pages_have_no_axe_violation(
    browser, live_app, width, lang, name, tree_id, answers, where
):
    """The bilingual desk (issue 15) at a desk's width and a phone's, English beside LTR and RTL."""
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    with_answers(page, live_app, tree_id, answers, desk=True, at=where)
    response = page.goto(f"{live_app.config['BASE_URL']}/{lang}/walk")
    assert response and response.status == 200
    assert page.locator(".english-column").count() == (0 if lang == "en" else 1)
    if lang != "en" and width == 360:
        page.click(".in-english > summary")  # the English opened too, as an advocate would
        assert page.locator(".english-column").is_visible()
    assert axe_violations(page) == []
    screenshot(page, f"desk-{name}-{lang}-{width}")
    page.context.close()
