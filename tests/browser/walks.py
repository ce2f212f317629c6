"""Walk a questionnaire in a real browser: with the mouse, by keyboard alone, or with JS off."""

from __future__ import annotations

from playwright.sync_api import Page

from questionnaire.jurisdictions import load_jurisdictions
from questionnaire.paths import Path, enumerate_paths
from questionnaire.tree import Tree, load_trees

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


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching selector has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


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


def walk(page: Page, base: str, lang: str, tree: Tree, path: Path, keyboard: bool = False) -> None:
    """From the home page to the outcome of the path."""
    page.goto(f"{base}/{lang}/")
    if keyboard:
        tab_to(page, f'a[href="/{lang}/{tree.id}/"]')
        page.keyboard.press("Enter")
    else:
        page.click(f'a[href="/{lang}/{tree.id}/"]')
    for node_id, value in path.answers:
        page.wait_for_url(f"**/{lang}/{tree.id}/q/{node_id}")
        (answer_with_keyboard if keyboard else answer_with_mouse)(page, tree, node_id, value)
    page.wait_for_url(f"**/{lang}/{tree.id}/check")
    if keyboard:
        tab_to(page, "a.button")
        page.keyboard.press("Enter")
    else:
        page.click("a.button")
    page.wait_for_url(f"**/{lang}/{tree.id}/result")
