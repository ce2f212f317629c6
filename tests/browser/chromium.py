"""Chromium helpers for the browser tests: a phone-sized page, screenshots, axe-core."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


def phone(browser: Browser, **options) -> Page:
    """A 360x740 phone-sized page."""
    context = browser.new_context(viewport=PHONE, **options)
    return context.new_page()


def screenshot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.2 A and AA, and best practices) on the page as it stands."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make test` installs it (npm ci)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def with_answers(
    page: Page,
    app,
    tree_id: str,
    answers: dict[str, str],
    desk: bool = False,
    at: str = "walk",
    partner: str | None = None,
) -> None:
    """Give the browser the encrypted state cookie a person would have after these answers.

    The walk of tree_id is the one on screen at /<lang>/walk, showing `at`: "walk" for where it
    stands (the first unanswered question, or the check page), "q/<node id>" for that question,
    "result" for the outcome (the names tests/helpers.set_walk uses).
    """
    state: dict = {"a": {tree_id: answers}, "w": tree_id}
    if at == "result":
        state["at"] = ":result"
    elif at.startswith("q/"):
        state["at"] = at.removeprefix("q/")
    if desk:
        state["desk"] = True
    if partner:
        state["p"] = partner  # as a partner's link (/<lang>/p/<slug>) leaves it
    token = app.session_interface.keys(app).encrypt(json.dumps(state).encode())
    page.context.add_cookies([{"name": "s", "value": token, "url": app.config["BASE_URL"]}])
