"""With no signal: the urgent pages a person chose to keep open again, and nothing else is kept.

The first urgent page is "Police or ICE are at my door", its first page. "Keep on this phone" asks
the service worker to keep the urgent pages that carry no answers; going offline and opening the
page again shows it. Quick exit deletes what was kept, by its header and by its script.
"""

from __future__ import annotations

from playwright.sync_api import Page

from chromium import phone
from questionnaire.web.offline import kept_pages
from walks import TREES, answer, on_screen, start

KEPT = "Kept on this phone. These pages now open with no signal."
FIRST_HEADING = "Right now: stay calm and stay silent"  # trees/ice_at_door.json, its first page


def kept_urls(page: Page) -> list[str]:
    """Every address held in the browser's Cache Storage for this site."""
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
            }
            return urls.sort();
        }"""
    )


def workers(page: Page) -> int:
    return page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length")


def keep_on_this_phone(page: Page, server: str, lang: str = "en") -> None:
    """Open the urgent questionnaire from the home page and tap "Keep on this phone"."""
    start(page, server, lang, "ice_at_door")
    assert on_screen(page) == "right_now"
    assert not kept_urls(page) and workers(page) == 0  # nothing is kept before the person asks
    page.click("#keep button")
    page.wait_for_function("() => document.querySelector('#keep [role=status]').textContent !== ''")


def test_the_first_urgent_page_opens_again_with_no_signal(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = phone(browser)
    keep_on_this_phone(page, server)
    assert page.inner_text("#keep [role=status]") == KEPT
    with live_app.test_request_context():
        pages = kept_pages()
    # What was kept is exactly the list, in this language, and no page of a walk.
    assert kept_urls(page) == sorted(f"{server}/en/{p}" for p in pages)
    assert not [url for url in kept_urls(page) if "/walk" in url]
    # On through the walk, with the worker in charge: a page that shows an answer is never kept.
    answer(page, TREES["ice_at_door"], "right_now", "seen")
    answer(page, TREES["ice_at_door"], "where", "home")
    page.reload()
    assert on_screen(page) == "inside"
    assert kept_urls(page) == sorted(f"{server}/en/{p}" for p in pages)

    page.context.set_offline(True)
    page.reload()
    assert page.url == f"{server}/en/walk"  # the address stays the walk's; the page is the kept one
    assert page.inner_text("h1") == FIRST_HEADING
    assert page.locator('input[name="csrf_token"]').count() == 0  # the copy for everyone, no token
    assert page.locator("a#continue").get_attribute("href") == "/en/ice_at_door/"
    # Styled with no signal: the stylesheet is inside the page.
    assert page.evaluate("getComputedStyle(document.querySelector('a.exit')).display") == "block"
    # Every other kept page opens too: the officer page, the card, the sheet, the explanations.
    for kept in pages:
        response = page.goto(f"{server}/en/{kept}")
        assert response and response.status == 200 and response.from_service_worker, kept
    # An address that was not kept shows the first urgent page in its language.
    page.goto(f"{server}/en/")
    assert page.inner_text("h1") == FIRST_HEADING
    page.context.set_offline(False)
    page.goto(f"{server}/en/")
    assert page.inner_text("h1") != FIRST_HEADING  # online again: the network's page, not the copy
    page.context.close()


def test_kept_pages_are_in_the_persons_language_right_to_left_too(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = phone(browser)
    keep_on_this_phone(page, server, "ar")
    assert all("/ar/" in url for url in kept_urls(page))
    page.context.set_offline(True)
    page.reload()
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.locator("a#continue").get_attribute("href") == "/ar/ice_at_door/"
    page.context.close()


def test_quick_exit_deletes_what_was_kept_by_its_header(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = phone(browser)
    keep_on_this_phone(page, server)
    assert kept_urls(page) and workers(page) == 1
    page.goto(f"{server}/exit")  # the address alone, as without JavaScript: Clear-Site-Data does it
    page.wait_for_url("**/neutral")
    assert kept_urls(page) == [] and workers(page) == 0
    page.context.close()


def test_quick_exit_deletes_what_was_kept_with_no_signal(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = phone(browser)
    keep_on_this_phone(page, server)
    page.context.set_offline(True)
    page.reload()
    assert page.inner_text("h1") == FIRST_HEADING
    page.click("a.exit")  # its script deletes the kept pages before it leaves
    page.wait_for_function("() => !document.querySelector('main')")
    page.context.set_offline(False)
    page.goto(f"{server}/neutral")
    assert kept_urls(page) == [] and workers(page) == 0
    page.context.close()
