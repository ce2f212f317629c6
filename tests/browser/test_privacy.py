"""In a real browser: nothing leaves our origin, the CSP holds, quick exit leaves no answer behind,
and the browser's history names no questionnaire, question, answer or outcome."""

from __future__ import annotations

import re
import shutil
import sqlite3
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import Page

from chromium import CHROMIUM, CHROMIUM_ARGS, PHONE, phone
from walks import RESULT, TREES, answer, longest_path, on_screen, press, start, submit, walk


@pytest.mark.parametrize("tree_id", list(TREES))
def test_a_whole_walk_stays_on_our_origin_without_csp_violations(browser, server, tree_id):
    page = phone(browser)
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    walk(page, server, "en", TREES[tree_id], longest_path(TREES[tree_id]))
    assert requests and all(url.startswith(server + "/") for url in requests), [
        u for u in requests if not u.startswith(server)
    ]
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_after_quick_exit_back_shows_no_answer(browser, server, javascript):
    page = phone(browser, java_script_enabled=javascript)
    tree = TREES["local_police"]
    path = longest_path(tree)
    walk(page, server, "en", tree, path)
    state_name = page.inner_text('.jurisdiction h2[id^="state-law-"]')
    assert "The law in" in state_name
    page.click("a.exit")
    page.wait_for_url("**/neutral")
    assert not page.context.cookies()
    page.go_back()
    page.wait_for_load_state()
    html = page.content()
    assert state_name not in html
    assert tree.node(path.outcome).title not in html
    # Whatever Back brings, it is neither the outcome nor the check page of a walk.
    for button in ("result", "change", "check", "restart"):
        assert not page.locator(f'[name="go"][value="{button}"]').count(), (button, page.url)
    assert 'selected=""' not in html and " selected" not in html
    page.context.close()


def test_shift_three_times_leaves(browser, server):
    page = phone(browser)
    start(page, server, "en", "local_police")
    page.select_option("#answer", "TX")
    submit(page, lambda: page.click("#continue"))
    assert on_screen(page) == "county"
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/neutral")
    assert not page.context.cookies()
    page.context.close()


# The questionnaires a person would least want anyone to see, walked with Back and Change once.
# A step is (node id, value) to answer the question on screen ("" goes on from an information
# page), ("back", None) for its Back button, ("change", node id) for that question's Change
# button on the check page, and ("result", None) / ("check", None) for "See what this means for
# you" and "Change your answers".
SENSITIVE_WALKS = {
    "crime_victim": [
        ("danger", "yes"),
        ("get_safe", ""),
        ("what", "abuse"),
        ("state", "TX"),
        ("who_abuses", "spouse"),
        ("back", None),
        ("who_abuses", "spouse"),
        ("abuser_status", "yes"),
        ("change", "state"),
        ("state", "CA"),
        ("result", None),
        ("check", None),
        ("result", None),
    ],
    "family_arrested": [
        ("held_by", "ice"),
        ("state", "TX"),
        ("back", None),
        ("state", "TX"),
        ("know_where", "no"),
        ("change", "know_where"),
        ("know_where", "yes"),
        ("result", None),
    ],
    "ice_at_door": [
        ("right_now", ""),
        ("where", "home"),
        ("inside", "no"),
        ("back", None),
        ("inside", "no"),
        ("warrant", "no_paper"),
        ("change", "inside"),
        ("inside", "no"),
        ("result", None),
    ],
}
SITE = "Know Where You Stand"
HOME = "Police, jails and ICE where you live"
# The words of the titles a page of the walk may have: the same for everyone, whatever they answer.
NEUTRAL_WORDS = (SITE, HOME, "Questions", "Check your answers", "What it means")
# Every title the pages may show ("Weather" is the neutral site quick exit goes to in these tests;
# "" an address with no title of its own, such as a redirect).
NEUTRAL_TITLES = {"", SITE, "Weather", *(f"{words} – {SITE}" for words in NEUTRAL_WORDS[1:])}


def answered_label(page: Page, node_kind: str, value: str) -> str:
    """The words of the chosen answer, as the person read them."""
    if node_kind == "select":
        return page.inner_text(f'#answer option[value="{value}"]').strip()
    radio_id = page.get_attribute(f'input[name="answer"][value="{value}"]', "id")
    return page.inner_text(f'label[for="{radio_id}"]').strip()


def walk_and_leave(page: Page, server: str, tree_id: str, seen: list[str], given: set[str]) -> None:
    """From the home page through the steps to the outcome, its explanation link, then quick exit."""
    tree = TREES[tree_id]
    start(page, server, "en", tree_id)
    seen.append(page.title())
    for step, value in SENSITIVE_WALKS[tree_id]:
        if step in ("back", "change", "result", "check"):
            press(page, step, value)  # the next step checks which page it brought
        else:
            node = tree.node(step)
            if node.kind != "info":
                given.update({value, answered_label(page, node.kind, value)})
            answer(page, tree, step, value)
        seen.append(page.title())
    assert on_screen(page) == RESULT
    outcome = page.inner_text("h1")
    assert outcome in {n.title for n in tree.nodes.values() if n.is_outcome}, outcome
    with page.expect_navigation():
        page.click('.forward a[href^="/en/e/"]')  # "link to this explanation"
    assert page.inner_text("h1") == outcome
    seen.append(page.title())
    page.click("a.exit")
    page.wait_for_url("**/neutral")
    seen.append(page.title())


def named_in(text: str, terms: set[str]) -> list[str]:
    """The terms text names: an id or a single word as a whole word, longer ones anywhere in it."""
    words = {w.casefold() for w in re.findall(r"[A-Za-z0-9_]+", text)}
    return sorted(
        term
        for term in terms
        if (
            term.casefold() in words
            if re.fullmatch(r"[A-Za-z0-9_]+", term)
            else term.casefold() in text.casefold()
        )
    )


def test_the_browsers_history_names_no_questionnaire_question_answer_or_outcome(browser, server, tmp_path):
    profile = tmp_path / "profile"
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE
    )
    page = context.pages[0] if context.pages else context.new_page()
    seen: list[str] = []  # the title of every page as it was shown
    given: set[str] = set()  # every answer value chosen, and its words
    for tree_id in SENSITIVE_WALKS:
        walk_and_leave(page, server, tree_id, seen, given)
    context.close()

    saved = tmp_path / "History"
    for part in (profile / "Default").glob("History*"):  # the database and its journal, if any
        shutil.copy(part, tmp_path / part.name)
    with sqlite3.connect(saved) as db:
        urls = db.execute("SELECT url, title FROM urls ORDER BY id").fetchall()
        visited = [u for (u,) in db.execute("SELECT u.url FROM visits v JOIN urls u ON u.id = v.url")]

    terms = set(given) - {""}
    for tree in TREES.values():  # every tree, not only the ones walked
        terms |= {tree.id, tree.title}
        for node in tree.nodes.values():
            terms |= {node.id, node.title}
    history = "\n".join(f"{url}  |  {title!r}" for url, title in urls)
    # The history is real: it holds the pages of the walks.
    assert f"{server}/en/walk" in visited and f"{server}/neutral" in visited, history
    assert any(url.startswith(f"{server}/en/e/") for url in visited), history
    leaks = []
    for url, title in urls:
        leaks += [(url, term) for term in named_in(unquote_plus(url), terms)]
        # The site's own wording (such as "What it means") is the same for everyone: what else does it say?
        rest = title
        for words in NEUTRAL_WORDS:
            rest = rest.replace(words, " ")
        leaks += [(title, term) for term in named_in(rest, terms)]
    assert not leaks, f"the history names {leaks}; it holds:\n{history}"
    titles = {title for _, title in urls} | set(seen)
    assert titles <= NEUTRAL_TITLES, (
        f"titles {sorted(titles - NEUTRAL_TITLES)}; pages showed {seen}; the history holds:\n{history}"
    )
