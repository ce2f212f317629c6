"""Words for an officer in a real browser: English readable at arm's length on a 360 px phone,
spoken with the phone's own voices only when it has one, and wallet cards that print on one page."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from chromium import axe_violations, phone, screenshot, with_answers
from questionnaire.i18n import LANGUAGES

STATEMENTS = [
    "I do not consent to a search.",
    "I do not consent to your entry.",
    "I choose to remain silent.",
    "I want to speak with a lawyer.",
    "Please slide any warrant under the door.",
]
MIN_PX = 28  # the issue: each English line renders at 28 px or more

# Stands in for the browser's speech synthesis (a test machine has no voices): offers the voices
# given, and records what the page passes to the speech API.
SPEECH = """
(voices) => {
  window.__spoken = [];
  window.__cancelled = 0;
  function Utterance(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; }
  const synth = {
    speaking: false,
    getVoices: () => voices,
    speak: (u) => window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}),
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  Object.defineProperty(window, "SpeechSynthesisUtterance", {value: Utterance, configurable: true});
}
"""
EN_US = {"name": "English (US) on the phone", "lang": "en-US", "localService": True}
EN_GB = {"name": "English (UK) on the phone", "lang": "en-GB", "localService": True}
EN_NETWORK = {"name": "English from a server", "lang": "en-US", "localService": False}
ES = {"name": "Spanish on the phone", "lang": "es-ES", "localService": True}


def with_voices(browser, voices, **options):
    page = phone(browser, **options)
    page.add_init_script(f"({SPEECH})({json.dumps(voices)})")
    return page


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_english_line_is_large_enough_to_read_at_arms_length_on_a_phone(browser, server, lang):
    page = phone(browser)
    page.goto(f"{server}/{lang}/show")
    lines = page.eval_on_selector_all(
        ".officer-en",
        """els => els.map(e => ({text: e.innerText, size: parseFloat(getComputedStyle(e).fontSize),
                               right: e.getBoundingClientRect().right, left: e.getBoundingClientRect().left}))""",
    )
    assert [line["text"] for line in lines] == STATEMENTS
    for line in lines:
        assert line["size"] >= MIN_PX, line
        assert 0 <= line["left"] and line["right"] <= 360, line  # no line runs off the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.close()


def test_play_aloud_speaks_the_english_statements_with_an_english_voice_on_the_phone(browser, server):
    page = with_voices(browser, [ES, EN_NETWORK, EN_GB, EN_US])
    page.goto(f"{server}/ar/show")
    button = page.locator("button.speak")
    assert button.count() == 1
    assert button.inner_text() == page.evaluate(
        "document.querySelector('template[data-speak]').content.textContent"
    )
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == STATEMENTS
    assert {s["lang"] for s in spoken} == {"en-US"}
    assert {s["voice"] for s in spoken} == {EN_US["name"]}  # on the phone, not from a server
    page.context.close()


@pytest.mark.parametrize("voices", [[], [ES], [EN_NETWORK]], ids=["no-voice", "no-english", "network-only"])
def test_there_is_no_play_button_without_an_english_voice_on_the_phone(browser, server, voices):
    page = with_voices(browser, voices)
    page.goto(f"{server}/es/show")
    assert page.locator("button.speak").count() == 0
    page.context.close()


def test_there_is_no_play_or_listen_button_without_javascript(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = phone(browser, java_script_enabled=False)
    page.goto(f"{server}/en/show")
    assert page.locator(".officer-en").count() == len(STATEMENTS)
    assert page.locator("button.speak").count() == 0
    with_answers(page, live_app, "ice_at_door", {}, at="q/right_now")
    page.goto(f"{server}/es/walk")
    assert page.locator("h1").count() == 1
    assert page.locator("button.speak").count() == 0
    page.context.close()


def test_listen_reads_the_urgent_page_in_the_persons_language_with_a_voice_for_it(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = with_voices(browser, [EN_US, ES])
    with_answers(page, live_app, "ice_at_door", {}, at="q/right_now")
    page.goto(f"{server}/es/walk")
    page.click("button.speak")
    spoken = page.evaluate("window.__spoken")
    assert {s["lang"] for s in spoken} == {"es-ES"}
    texts = [s["text"] for s in spoken]
    assert texts[0] == page.inner_text("h1")
    assert "No doy mi consentimiento para un registro." in " ".join(texts)
    assert not any(statement in " ".join(texts) for statement in STATEMENTS)  # the English is left out
    page.context.close()


def test_no_listen_on_a_page_in_a_language_the_phone_has_no_voice_for(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = with_voices(browser, [EN_US, ES])
    with_answers(page, live_app, "ice_at_door", {}, at="q/right_now")
    page.goto(f"{server}/vi/walk")
    assert page.locator("h1").count() == 1
    assert page.locator("button.speak").count() == 0
    page.goto(f"{server}/vi/show")  # English is spoken to the officer whatever the page's language
    assert page.locator("button.speak").count() == 1
    page.context.close()


def test_listen_finds_a_tagalog_voice_by_either_name_of_the_language(browser, live_app):
    server = live_app.config["BASE_URL"]
    page = with_voices(browser, [{"name": "Filipino on the phone", "lang": "fil-PH", "localService": True}])
    with_answers(page, live_app, "ice_at_door", {}, at="q/right_now")
    page.goto(f"{server}/tl/walk")
    page.click("button.speak")
    assert {s["lang"] for s in page.evaluate("window.__spoken")} == {"fil-PH"}
    page.context.close()


def pdf_info(page, path) -> str:
    page.pdf(path=str(path), prefer_css_page_size=True)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def panels_overflowing(page) -> list[str]:
    page.emulate_media(media="print")  # as printed (page.pdf prints with print styles too)
    return page.eval_on_selector_all(
        ".card .panel", "els => els.filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.className)"
    )


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_wallet_card_and_the_sheets_of_eight_print_on_one_page(browser, server, tmp_path, lang):
    page = phone(browser)
    page.goto(f"{server}/{lang}/card")
    assert panels_overflowing(page) == []  # nothing is cut off the card
    assert "Pages:           1" in pdf_info(page, tmp_path / "card.pdf")
    for paper, size in (("letter", "(letter)"), ("a4", "(A4)")):
        page.goto(f"{server}/{lang}/cards?paper={paper}")
        assert page.locator(".sheet .card").count() == 8
        assert panels_overflowing(page) == []
        info = pdf_info(page, tmp_path / f"cards-{paper}.pdf")
        assert "Pages:           1" in info, (paper, info)
        assert re.search(rf"Page size: .* pts {re.escape(size)}", info), (paper, info)
    page.context.close()


def partner_name_cut_off(page) -> bool:
    return page.eval_on_selector_all(
        ".card .partner", "els => els.some(e => e.scrollHeight > e.clientHeight + 1)"
    )


# The longer test partner's name, in long languages and the fullest cards (French and Tagalog).
@pytest.mark.parametrize("lang", ["vi", "ar", "fr", "tl"])
def test_cards_printed_for_a_partner_still_print_on_one_page_with_nothing_cut_off(
    browser, server, tmp_path, lang
):
    page = phone(browser)
    page.goto(f"{server}/{lang}/card?partner=casa-del-pueblo")
    assert page.locator(".card .partner-phone").inner_text() == "(713) 555-0134"
    assert page.locator(".card .partner").inner_text().endswith("Casa del Pueblo Legal Clinic")
    assert panels_overflowing(page) == []
    assert not partner_name_cut_off(page)
    assert "Pages:           1" in pdf_info(page, tmp_path / "card.pdf")
    for paper in ("letter", "a4"):
        page.goto(f"{server}/{lang}/cards?paper={paper}&partner=casa-del-pueblo")
        assert page.locator(".sheet .card .partner-phone").count() == 8
        assert panels_overflowing(page) == []
        assert not partner_name_cut_off(page)
        info = pdf_info(page, tmp_path / f"cards-{paper}.pdf")
        assert "Pages:           1" in info, (paper, info)
    page.context.close()


def test_the_printed_card_is_credit_card_size_folded(browser, server):
    page = phone(browser)
    page.goto(f"{server}/en/card")
    page.emulate_media(media="print")
    # 96 CSS pixels to the inch: a credit card is 85.6 x 54 mm, the card two of them side by side.
    width, height = page.evaluate(
        "(() => { const r = document.querySelector('.card').getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert round(width / 96 * 25.4, 1) == 108.0 and round(height / 96 * 25.4, 1) == 85.6
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_speak_buttons_have_no_axe_violation_when_a_voice_offers_them(browser, live_app, lang):
    server = live_app.config["BASE_URL"]
    page = with_voices(
        browser, [EN_US, {"name": "Arabic on the phone", "lang": "ar-SA", "localService": True}]
    )
    page.goto(f"{server}/{lang}/show")
    assert page.locator("button.speak").count() == 1
    assert axe_violations(page) == []
    with_answers(page, live_app, "ice_at_door", {}, at="q/right_now")
    page.goto(f"{server}/{lang}/walk")
    assert page.locator("button.speak").count() == 1
    assert axe_violations(page) == []
    screenshot(page, f"listen-{lang}")
    page.context.close()
