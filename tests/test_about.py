"""Findable: the home page and every page's footer lead to desk mode, sharing, "About this site" and
"Report a mistake"; the About page says who runs the site and how old and how checked its content is,
from the settings and the data; Report a mistake never offers a dead link and keeps nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest

from helpers import SECRET, set_walk
from questionnaire import _from_environment, create_app
from questionnaire.content.jurisdictions import STATES_DIR, load_jurisdictions
from questionnaire.content.reviews import record_review
from questionnaire.content.tree import load_trees
from questionnaire.i18n import TRANSLATIONS_DIR

FOOTER_LINKS = {
    "Desk mode for advocates": "/en/desk",
    "Share with a group": "/en/share",
    "About this site": "/en/about",
    "Report a mistake": "/en/report",
}


def app_with(**settings):
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, **settings})


def text(html: str) -> str:
    """The words a person reads: tags removed, spaces joined."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def footer(html: str) -> str:
    return html.split('<footer class="site">', 1)[1]


def links(html: str) -> dict[str, str]:
    return {text(words): href for href, words in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html)}


def test_the_home_page_links_desk_mode_sharing_about_and_report(client):
    html = client.get("/en/").get_data(as_text=True)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    found = links(main)
    for words, href in FOOTER_LINKS.items():
        assert found.get(words) == href, (words, found)


@pytest.mark.parametrize(
    "page",
    ["home", "question", "check", "outcome", "summary", "desk", "share", "about", "report", "not found"],
)
def test_the_footer_of_every_kind_of_page_links_the_four_places(client, page):
    url = {"home": "/en/", "desk": "/en/desk", "share": "/en/local_police/share", "about": "/en/about"}
    url |= {"report": "/en/report", "not found": "/en/nowhere/"}
    if page in ("question", "check", "outcome", "summary"):
        with client.session_transaction() as session:
            session["desk"] = True
        answers = {"state": "TX", "county": "48201"} if page != "question" else {"state": "TX"}
        set_walk(
            client, "local_police", answers, {"question": "q/county", "outcome": "result"}.get(page, "check")
        )
    response = client.get(url.get(page, "/en/summary" if page == "summary" else "/en/walk"))
    assert response.status_code == (404 if page == "not found" else 200)
    assert links(footer(response.get_data(as_text=True))) == FOOTER_LINKS


def test_footer_links_stay_in_the_pages_language(client):
    html = client.get("/es/about").get_data(as_text=True)
    assert set(links(footer(html)).values()) == {"/es/desk", "/es/share", "/es/about", "/es/report"}
    assert "Acerca de este sitio" in footer(html)


def test_the_sharing_page_lists_every_questionnaire_with_its_share_tools(app, client):
    html = client.get("/en/share").get_data(as_text=True)
    for tree in app.extensions["questionnaire"].trees.values():
        assert f'href="/en/{tree.id}/share"' in html, tree.id
        assert client.get(f"/en/{tree.id}/share").status_code == 200


def test_about_names_who_runs_the_site_from_its_settings():
    client = app_with(
        OPERATOR="Example Immigrant Rights Network", OPERATOR_URL="https://example.org/"
    ).test_client()
    page = client.get("/en/about").get_data(as_text=True)
    assert "This copy of the site is run by Example Immigrant Rights Network." in text(page)
    assert '<a href="https://example.org/" rel="noreferrer">Their website</a>' in page


def test_about_says_plainly_when_nobody_is_named(client):
    page = text(client.get("/en/about").get_data(as_text=True))
    assert "The people who run this copy of the site have not given their name here." in page
    assert "is run by" not in page


def state_dates() -> list[str]:
    """The date each state's law was last checked, read from the state files themselves."""
    return sorted(
        json.loads(p.read_text(encoding="utf-8"))["last_reviewed"] for p in STATES_DIR.glob("*.json")
    )


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def test_about_says_when_the_facts_were_checked_as_the_data_says():
    dates = state_dates()
    page = text(app_with().test_client().get("/en/about").get_data(as_text=True))
    if dates[0] == dates[-1]:
        assert (
            f"The law of every state was last checked against its sources on {long_date(dates[0])}." in page
        )
    else:
        assert f"between {long_date(dates[0])} and {long_date(dates[-1])}" in page
    agreements = json.loads((STATES_DIR.parent / "agreements_287g.json").read_text(encoding="utf-8"))
    newest = max(lst["as_of"] for lst in agreements["lists"])
    assert (
        f"Our list of 287(g) agreements is made from what ICE published on its website on {long_date(newest)}. "
        "The newest agreements may be missing from it."
    ) in page


def test_about_follows_the_data_when_a_state_is_checked_again():
    # One state read again on another day: the page gives the range, from the data, not a fixed date.
    app = app_with()
    content = app.extensions["questionnaire"]
    states = dict(content.data.states)
    states["NM"] = {**states["NM"], "last_reviewed": "2026-01-02"}
    data = dataclasses.replace(content.data, states=states)
    app.extensions["questionnaire"] = dataclasses.replace(content, data=data)
    page = text(app.test_client().get("/en/about").get_data(as_text=True))
    assert f"between January 2, 2026 and {long_date(state_dates()[-1])}" in page


def test_about_names_the_translations_no_qualified_person_has_checked(client):
    languages = json.loads((TRANSLATIONS_DIR / "languages.json").read_text(encoding="utf-8"))["languages"]
    unchecked = [lang["name"] for lang in languages if not lang["reviewed"] and lang.get("shipped", True)]
    page = text(client.get("/en/about").get_data(as_text=True))
    assert "No qualified person has checked these translations yet: " + ", ".join(unchecked) + "." in page


def test_about_says_no_lawyer_has_checked_the_content_when_no_review_is_recorded(tmp_path):
    reviews = tmp_path / "reviews.json"
    reviews.write_text('{"reviews": []}', encoding="utf-8")
    page = text(app_with(REVIEWS_FILE=str(reviews)).test_client().get("/en/about").get_data(as_text=True))
    assert "No lawyer has checked the legal content yet." in page
    assert "A lawyer has checked" not in page


def test_about_lists_what_a_lawyer_has_checked_from_the_recorded_reviews(tmp_path):
    reviews = tmp_path / "reviews.json"
    trees, data = load_trees(), load_jurisdictions()
    record_review(reviews, "TX", "Ana Example", "Example Legal Aid", dt.date(2026, 12, 1), trees, data)
    record_review(reviews, "myths", "Ana Example", "Example Legal Aid", dt.date(2026, 12, 1), trees, data)
    outcomes = sum(n.is_outcome for tree in trees.values() for n in tree.nodes.values())
    myths = sum(n.is_outcome for n in trees["myths"].nodes.values())
    page = text(app_with(REVIEWS_FILE=str(reviews)).test_client().get("/en/about").get_data(as_text=True))
    assert "A lawyer has checked the law of these states as it is now: Texas." in page
    assert f"A lawyer has checked {myths} of {outcomes} answer pages as they are now." in page
    assert f"All of them for: {trees['myths'].title}." in page
    assert "No lawyer has checked" not in page


def test_report_offers_the_deployments_email_and_web_address():
    client = app_with(REPORT_EMAIL="fixes@example.org", REPORT_URL="https://example.org/report").test_client()
    page = client.get("/en/report").get_data(as_text=True)
    assert 'href="mailto:fixes@example.org?subject=' in page
    assert '<a href="https://example.org/report" rel="noreferrer">' in page
    assert "This site does not see it or keep it." in text(page)
    assert "<form" not in page.split("<main", 1)[1].split("</main>")[0]  # nothing is sent to us


def test_report_without_a_way_set_says_so_and_offers_no_dead_link(client):
    page = client.get("/en/report").get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert "have not set up a way to report mistakes yet" in text(main)
    assert "You can tell the group that shared this site with you." in text(main)
    assert "<a " not in main and "mailto:" not in page


def test_report_without_a_way_set_points_to_the_operators_site_when_there_is_one():
    page = (
        app_with(OPERATOR_URL="https://example.org/").test_client().get("/en/report").get_data(as_text=True)
    )
    main = page.split("<main", 1)[1].split("</main>")[0]
    assert '<a href="https://example.org/" rel="noreferrer">Their website</a>' in main


@pytest.mark.parametrize(
    "setting",
    [
        {"REPORT_EMAIL": "not an address"},
        {"REPORT_EMAIL": "a@b.org, c@d.org"},
        {"REPORT_URL": "http://example.org/report"},
        {"OPERATOR_URL": "javascript:alert(1)"},
    ],
)
def test_a_setting_that_would_make_a_broken_or_unsafe_link_is_refused(setting):
    with pytest.raises(RuntimeError):
        app_with(**setting)


def test_the_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_OPERATOR", "Example Network")
    monkeypatch.setenv("QUESTIONNAIRE_OPERATOR_URL", "https://example.org/")
    monkeypatch.setenv("QUESTIONNAIRE_REPORT_EMAIL", "fixes@example.org")
    monkeypatch.setenv("QUESTIONNAIRE_REPORT_URL", "https://example.org/report")
    config = _from_environment()
    assert config["OPERATOR"] == "Example Network"
    assert config["OPERATOR_URL"] == "https://example.org/"
    assert config["REPORT_EMAIL"] == "fixes@example.org"
    assert config["REPORT_URL"] == "https://example.org/report"


@pytest.mark.parametrize("url", ["/en/about", "/en/report", "/en/share"])
def test_about_report_and_sharing_pages_are_kept_and_start_no_walk(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("no-store")
    assert "Set-Cookie" not in response.headers  # no form on the page: no state is begun
