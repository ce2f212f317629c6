"""Sharing and printing, checked the way people will use them: a phone camera and a printer."""

from __future__ import annotations

import subprocess

from chromium import SHOTS, phone, with_answers
from helpers import OTHER
from walks import CHECK, on_screen, tab_to


def test_the_qr_code_decodes_to_the_link_it_shows_and_that_link_works(browser, live_app, tmp_path):
    server = live_app.config["BASE_URL"]
    page = phone(browser)
    page.goto(f"{server}/en/local_police/share?link_lang={OTHER}&state=TX&county=48201")
    link = page.inner_text(".share-link")
    assert link == f"{server}/{OTHER}/local_police/from/TX/48201"
    image = tmp_path / "qr.png"
    page.locator(".qr svg").screenshot(path=str(image))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == link
    page.goto(decoded.stdout.strip())
    # The place is answered, in Spanish: the walk is at the check page, at the walk's one address.
    assert page.url == f"{server}/{OTHER}/walk"
    assert on_screen(page) == CHECK
    assert page.get_attribute("html", "lang") == OTHER
    page.context.close()


def test_the_flyer_prints_on_one_page(browser, server, tmp_path):
    page = phone(browser)
    for paper in ("letter", "a4"):
        page.goto(f"{server}/{OTHER}/local_police/flyer?state=TX&paper={paper}")
        pdf = tmp_path / f"flyer-{paper}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in info, info
    page.context.close()


def test_the_desk_summary_prints_in_both_languages(browser, live_app):
    page = phone(browser)
    server = live_app.config["BASE_URL"]
    with_answers(page, live_app, "local_police", {"state": "TX", "county": "48201"}, desk=True)
    response = page.goto(f"{server}/{OTHER}/summary")
    assert response and response.status == 200 and page.url == f"{server}/{OTHER}/summary"
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS.parent / f"desk-summary-{OTHER}.pdf"
    page.pdf(path=str(pdf), format="Letter")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Which state do you live in?" in text  # English
    assert "Texas" in text and "Harris County" in text
    spanish_title = page.locator(f'.summary-column[lang="{OTHER}"] h2').first.inner_text()
    assert spanish_title.split()[0] in text
    page.context.close()


def test_next_person_by_keyboard_alone(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = phone(browser)
    page.goto(f"{server}/en/desk")
    tab_to(page, "#continue")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/en/")
    assert "Next person" in page.content()
    with_answers(page, live_app, "local_police", {"state": "TX"}, desk=True)
    page.goto(f"{server}/en/walk")
    assert on_screen(page) == "county"
    tab_to(page, '[accesskey="n"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/en/")
    page.goto(f"{server}/en/local_police/")  # the answers are gone: the walk starts over
    assert page.url == f"{server}/en/walk"
    assert on_screen(page) == "state"
    page.context.close()
