"""Walk a questionnaire in a real browser: with the mouse, by keyboard alone, or with JS off.

Every page of a walk is at /<lang>/walk and every step is a form, so which page is on screen is
read from the page itself (as tests/helpers.Walker does), never from the address.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page

from helpers import CHECK, RESULT
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.paths import Path, enumerate_paths
from questionnaire.content.tree import Tree, load_trees

TREES = load_trees()
DATA = load_jurisdictions()


def longest_path(tree: Tree) -> Path:
    """A path that shows as many pages as any: the most to walk through."""
    return max(enumerate_paths(tree, DATA), key=lambda p: len(p.answers))


def path_through(kind: str) -> tuple[Tree, Path, int] | None:
    """A tree, a path and the step at which it shows a node of this kind."""
    for tree in TREES.values():
        for path in enumerate_paths(tree, DATA):
            for i, (node_id, _) in enumerate(path.answers):
                if tree.node(node_id).kind == kind:
                    return tree, path, i
    return None


def walk_address(page: Page) -> str:
    """The one address of every page of a walk, in the language of the page on screen."""
    url = urlsplit(page.url)
    return f"{url.scheme}://{url.netloc}/{page.get_attribute('html', 'lang')}/walk"


def on_screen(page: Page) -> str:
    """The question's node id, or CHECK, or RESULT: which page of the walk is showing."""
    question = page.locator('form[novalidate] input[name="page"]')
    if question.count():
        return question.get_attribute("value") or ""
    if page.locator('button[name="go"][value="result"]').count():
        return CHECK
    assert page.locator('button[name="go"][value="restart"]').count(), (
        f"neither a question, the check page nor an outcome: {page.url} {page.title()!r}"
    )
    return RESULT


def submit(page: Page, act: Callable[[], None]) -> None:
    """Send a form of the walk (act fills it in and sends it) and wait for the page it leads to."""
    walk = walk_address(page)
    with page.expect_navigation():
        act()
    assert page.url == walk, f"a step of the walk left {walk}: {page.url}"


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def activate(page: Page, selector: str, keyboard: bool = False) -> None:
    """Click the element, or reach it with Tab and press Enter."""
    if keyboard:
        tab_to(page, selector)
        page.keyboard.press("Enter")
    else:
        page.click(selector)


BUTTONS = {
    "back": 'form.back-form button[name="go"][value="back"]',  # from the first question: a link home
    "result": 'button[name="go"][value="result"]',  # "See what this means for you"
    "check": 'button[name="go"][value="check"]',  # "Change your answers"
    "restart": 'button[name="go"][value="restart"]',  # "Start again"
}


def start(page: Page, base: str, lang: str, tree_id: str, keyboard: bool = False) -> None:
    """From the home page, press the questionnaire's button."""
    page.goto(f"{base}/{lang}/")
    with page.expect_navigation():
        activate(
            page,
            f'form:has(input[name="tree"][value="{tree_id}"]) button[name="go"][value="start"]',
            keyboard,
        )
    assert page.url == f"{base}/{lang}/walk", page.url


def press(page: Page, go: str, node_id: str | None = None, keyboard: bool = False) -> None:
    """Press a button of the walk: back, result, check, restart; or change (node_id's Change button)."""
    if go == "change":
        selector = f'form:has(input[name="go"][value="change"]) button[name="page"][value="{node_id}"]'
    else:
        selector = BUTTONS[go]
    submit(page, lambda: activate(page, selector, keyboard))


def answer_with_mouse(page: Page, tree: Tree, node_id: str, value: str) -> None:
    kind = tree.node(node_id).kind
    if kind == "select":
        page.select_option("#answer", value)
    elif kind != "info":
        # People tap the label (the big target); the radio itself is drawn by the label.
        radio_id = page.get_attribute(f'input[name="answer"][value="{value}"]', "id")
        page.click(f'label[for="{radio_id}"]')
        assert page.is_checked(f'input[name="answer"][value="{value}"]')
    page.click("#continue")


def answer_with_keyboard(page: Page, tree: Tree, node_id: str, value: str) -> None:
    node = tree.node(node_id)
    if node.kind == "select":
        tab_to(page, "#answer")
        options = page.eval_on_selector_all("#answer option", "os => os.map(o => o.value)")
        target = options.index(value)
        current = page.evaluate("() => document.activeElement.selectedIndex")
        key = "ArrowDown" if target > current else "ArrowUp"
        for _ in range(abs(target - current)):
            page.keyboard.press(key)
    elif node.kind != "info":
        tab_to(page, 'input[name="answer"]')
        values = page.eval_on_selector_all('input[name="answer"]', "rs => rs.map(r => r.value)")
        # Arrow keys move the choice within a radio group; Space picks the first one.
        page.keyboard.press("Space")
        for _ in range(values.index(value)):
            page.keyboard.press("ArrowDown")
    tab_to(page, "#continue")
    page.keyboard.press("Enter")


def answer(page: Page, tree: Tree, node_id: str, value: str, keyboard: bool = False) -> None:
    """Answer the question on screen, which must be node_id, and wait for the next page."""
    assert on_screen(page) == node_id, f"expected {node_id!r} on screen, found {on_screen(page)!r}"
    submit(
        page, lambda: (answer_with_keyboard if keyboard else answer_with_mouse)(page, tree, node_id, value)
    )


def walk(page: Page, base: str, lang: str, tree: Tree, path: Path, keyboard: bool = False) -> None:
    """From the home page to the outcome of the path; every page on the way is at /<lang>/walk."""
    start(page, base, lang, tree.id, keyboard)
    for node_id, value in path.answers:
        answer(page, tree, node_id, value, keyboard)
    assert on_screen(page) == CHECK
    press(page, "result", keyboard=keyboard)
    assert on_screen(page) == RESULT
