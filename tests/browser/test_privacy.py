"""In a real browser: nothing leaves our origin, the CSP holds, and quick exit leaves no answer behind."""

from __future__ import annotations

import pytest

from chromium import phone
from walks import TREES, longest_path, walk


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
    assert "/result" not in page.url and "/check" not in page.url
    assert 'selected=""' not in html and " selected" not in html
    page.context.close()


def test_shift_three_times_leaves(browser, server):
    page = phone(browser)
    page.goto(f"{server}/en/local_police/q/state")
    page.select_option("#answer", "TX")
    page.click("#continue")
    page.wait_for_url("**/q/county")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/neutral")
    assert not page.context.cookies()
    page.context.close()
