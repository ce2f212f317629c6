"""The question flow, page by page, as a person walks it."""

import re

from helpers import csrf


def test_root_sends_to_the_home_page_in_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


def test_home_lists_every_questionnaire(client, app):
    html = client.get("/en/").get_data(as_text=True)
    for tree in app.extensions["questionnaire"].trees.values():
        assert f'href="/en/{tree.id}/"' in html


def test_start_goes_to_the_first_question(walker):
    assert walker.start("local_police") == "/en/local_police/q/state"


def test_question_page_has_one_question_as_its_heading(walker):
    html = walker.get("/en/local_police/q/state").get_data(as_text=True)
    assert '<h1><label for="answer">Which state do you live in?</label></h1>' in html
    assert "<title>Which state do you live in?" in html
    assert "novalidate" in html


def test_answer_redirects_to_the_next_question(walker):
    response = walker.answer("/en/local_police/q/state", "TX")
    assert response.headers["Location"] == "/en/local_police/q/county"
    html = walker.get("/en/local_police/q/county").get_data(as_text=True)
    assert "Harris County" in html and "Los Angeles County" not in html


def test_back_link_goes_to_the_previous_question(walker):
    walker.answer("/en/local_police/q/state", "TX")
    html = walker.get("/en/local_police/q/county").get_data(as_text=True)
    assert 'class="back" href="/en/local_police/q/state"' in html


def test_back_on_a_question_shows_the_answer_already_given(walker):
    walker.answer("/en/local_police/q/state", "TX")
    html = walker.get("/en/local_police/q/state").get_data(as_text=True)
    assert '<option value="TX" selected>' in html


def test_a_question_not_reached_yet_redirects_to_the_current_one(walker):
    response = walker.get("/en/local_police/q/county", status=302)
    assert response.headers["Location"] == "/en/local_police/q/state"


def test_missing_choice_shows_the_question_again_with_errors(walker):
    walker.answer("/en/local_police/q/state", "TX")
    response = walker.answer("/en/local_police/q/county", None, status=400)
    html = response.get_data(as_text=True)
    assert "<title>Error: Which county do you live in?" in html
    assert 'class="error-summary"' in html and 'href="#answer"' in html
    assert 'id="answer-error"' in html
    assert 'id="answer"' in html  # the summary link has a target


def test_a_choice_not_offered_is_refused_and_loses_nothing(walker, client):
    walker.answer("/en/local_police/q/state", "TX")
    response = walker.answer("/en/local_police/q/county", "06037", status=400)  # a California county
    assert 'class="error-summary"' in response.get_data(as_text=True)
    html = walker.get("/en/local_police/q/state").get_data(as_text=True)
    assert '<option value="TX" selected>' in html


def test_check_answers_lists_each_answer_with_a_change_link(walker):
    walker.answer("/en/local_police/q/state", "TX")
    response = walker.answer("/en/local_police/q/county", "48201")
    assert response.headers["Location"] == "/en/local_police/check"
    html = walker.get("/en/local_police/check").get_data(as_text=True)
    assert "Texas" in html and "Harris County" in html
    assert 'href="/en/local_police/q/state"' in html and 'href="/en/local_police/q/county"' in html


def test_change_from_check_answers_returns_to_check_answers_when_nothing_new_is_needed(walker):
    walker.answer("/en/local_police/q/state", "TX")
    walker.answer("/en/local_police/q/county", "48201")
    response = walker.answer("/en/local_police/q/county", "48113")  # Dallas County
    assert response.headers["Location"] == "/en/local_police/check"


def test_changing_the_state_asks_the_county_again(walker):
    walker.answer("/en/local_police/q/state", "TX")
    walker.answer("/en/local_police/q/county", "48201")
    response = walker.answer("/en/local_police/q/state", "CA")
    assert response.headers["Location"] == "/en/local_police/q/county"
    html = walker.get("/en/local_police/q/county").get_data(as_text=True)
    assert " selected>" not in html


def test_outcome_shows_the_state_law_and_legal_help(walker):
    walker.answer("/en/local_police/q/state", "CA")
    walker.answer("/en/local_police/q/county", "06037")
    html = walker.get("/en/local_police/result").get_data(as_text=True)
    assert "Your state has rules that limit how police and jails help ICE" in html
    assert "The law in California" in html
    assert "Talk to a person for legal advice" in html
    assert "Last checked against the sources" in html and "This page was last reviewed on" in html


def test_outcome_before_the_end_redirects_to_the_current_question(walker):
    response = walker.get("/en/local_police/result", status=302)
    assert response.headers["Location"] == "/en/local_police/q/state"


def test_start_again_wipes_every_answer(walker, client):
    walker.answer("/en/local_police/q/state", "CA")
    walker.answer("/en/local_police/q/county", "06037")
    page = walker.get("/en/local_police/result").get_data(as_text=True)
    response = client.post("/en/local_police/restart", data={"csrf_token": csrf(page)})
    assert response.status_code == 302
    assert walker.start("local_police") == "/en/local_police/q/state"
    assert "s=;" in response.headers.get(
        "Set-Cookie", ""
    ) or "Expires=Thu, 01 Jan 1970" in response.headers.get("Set-Cookie", "")


def test_quick_exit_wipes_the_state_and_leaves(walker, client, app):
    walker.answer("/en/local_police/q/state", "CA")
    response = client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == app.config["EXIT_URL"]
    assert response.headers["Clear-Site-Data"] == '"cookies", "cache"'  # the browser drops its copies too
    assert walker.start("local_police") == "/en/local_police/q/state"


def test_start_again_asks_the_browser_to_drop_cookies_and_cache(walker, client):
    walker.answer("/en/local_police/q/state", "CA")
    page = walker.get("/en/local_police/q/county").get_data(as_text=True)
    from helpers import csrf

    response = client.post("/en/local_police/restart", data={"csrf_token": csrf(page)})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cookies", "cache"'


def test_progress_is_shown(walker):
    html = walker.get("/en/local_police/q/state").get_data(as_text=True)
    assert re.search(r"Step 1 of up to \d+", html)


def test_radio_error_summary_links_to_the_first_radio(tiny_client):
    from helpers import Walker

    walker = Walker(tiny_client)
    walker.answer("/en/tiny/q/where", "TX")
    html = walker.answer("/en/tiny/q/arrested", None, status=400).get_data(as_text=True)
    assert '<a href="#answer">' in html
    assert '<input type="radio" id="answer" name="answer" value="yes">' in html
    assert 'id="answer-1" name="answer" value="no"' in html


def test_information_page_continues(tiny_client):
    from helpers import Walker

    walker = Walker(tiny_client)
    walker.answer("/en/tiny/q/where", "TX")
    walker.answer("/en/tiny/q/arrested", "yes")
    walker.answer("/en/tiny/q/held", "police")
    assert walker.answer("/en/tiny/q/about", None).headers["Location"] == "/en/tiny/check"


def test_urgent_outcome_puts_legal_help_first(tiny_client):
    from helpers import Walker

    walker = Walker(tiny_client)
    walker.answer("/en/tiny/q/where", "TX")
    walker.answer("/en/tiny/q/arrested", "yes")
    walker.answer("/en/tiny/q/held", "ice")
    html = walker.get("/en/tiny/result").get_data(as_text=True)
    assert html.index("Talk to a person for legal advice") < html.index("Call.")
    assert html.count("Talk to a person for legal advice") == 2
