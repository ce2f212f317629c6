"""The question flow, page by page, as a person walks it: every page at one address, /<lang>/walk."""

import re

import pytest

from helpers import CHECK, RESULT, Walker, csrf


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html).group(1)


def heading(html: str) -> str:
    return re.search(r"<h1>(?:<label for=\"answer\">)?(.*?)(?:</label>)?</h1>", html).group(1)


@pytest.fixture
def police(walker) -> Walker:
    """A person who has opened "Police, jails and ICE" from the home page."""
    walker.start("local_police")
    return walker


def test_root_sends_to_the_home_page_in_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"


def test_home_offers_every_questionnaire_as_a_button_that_names_no_address(client, app):
    html = client.get("/en/").get_data(as_text=True)
    for tree in app.extensions["questionnaire"].trees.values():
        assert f'<input type="hidden" name="tree" value="{tree.id}">' in html
        assert f'href="/en/{tree.id}/"' not in html
    assert html.count('action="/en/walk"') == len(app.extensions["questionnaire"].trees)


def test_start_shows_the_first_question_at_the_walk_address(walker):
    assert walker.start("local_police") == "state"
    html = walker.page()
    assert heading(html) == "Which state do you live in?"


def test_a_shared_link_to_a_questionnaire_opens_it_at_the_walk_address(walker):
    response = walker.get("/en/local_police/", status=302)
    assert response.headers["Location"] == "/en/walk"
    walker.tree = "local_police"
    assert walker.on_screen() == "state"


def test_the_walk_address_without_a_walk_goes_home(walker):
    assert walker.get(status=302).headers["Location"] == "/en/"


def test_question_page_has_one_question_as_its_heading_and_a_neutral_title(police):
    html = police.page()
    assert '<h1><label for="answer">Which state do you live in?</label></h1>' in html
    assert title(html) == "Questions – Know Where You Stand"
    assert "novalidate" in html


def test_no_page_of_a_walk_names_its_question_or_outcome_in_the_title(police):
    titles = {title(police.page())}
    police.answer("state", "TX")
    titles.add(title(police.page()))
    police.answer("county", "48201")
    titles.add(title(police.page()))
    titles.add(title(police.result().get_data(as_text=True)))
    assert titles == {
        "Questions – Know Where You Stand",
        "Check your answers – Know Where You Stand",
        "What it means – Know Where You Stand",
    }


def test_answer_redirects_to_the_walk_which_shows_the_next_question(police):
    response = police.answer("state", "TX")
    assert response.headers["Location"] == "/en/walk"
    html = police.page()
    assert police.on_screen(html) == "county"
    assert "Harris County" in html and "Los Angeles County" not in html


def test_back_is_a_button_that_shows_the_previous_question_with_its_answer(police):
    police.answer("state", "TX")
    html = police.page()
    assert '<button type="submit" name="go" value="back" class="back">Back</button>' in html
    assert police.go("back", page="county").headers["Location"] == "/en/walk"
    html = police.page()
    assert police.on_screen(html) == "state"
    assert '<option value="TX" selected>' in html


def test_back_on_the_first_question_is_a_link_home(police):
    assert '<a class="back" href="/en/">Back</a>' in police.page()


def test_answering_a_question_shown_again_moves_on_from_there(police):
    police.answer("state", "TX")
    police.go("back", page="county")
    police.answer("state", "CA")
    html = police.page()
    assert police.on_screen(html) == "county"
    assert "Los Angeles County" in html and " selected>" not in html


def test_a_form_for_a_question_no_longer_on_the_path_changes_nothing(police, client):
    stale = police.page()  # the state question, as another tab kept it
    police.answer("state", "TX")
    police.answer("county", "48201")
    response = client.post(
        "/en/walk", data={"csrf_token": csrf(stale), "tree": "local_police", "page": "nowhere", "answer": "x"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    assert police.on_screen() == CHECK


def test_a_post_naming_no_questionnaire_is_refused(police, client):
    response = client.post(
        "/en/walk", data={"csrf_token": csrf(police.page()), "page": "state", "answer": "TX"}
    )
    assert response.status_code == 400


def test_missing_choice_shows_the_question_again_with_errors(police):
    police.answer("state", "TX")
    response = police.answer("county", None, status=400)
    html = response.get_data(as_text=True)
    assert title(html) == "Error: Questions – Know Where You Stand"
    assert heading(html) == "Which county do you live in?"
    assert 'class="error-summary"' in html and 'href="#answer"' in html
    assert 'id="answer-error"' in html
    assert 'id="answer"' in html  # the summary link has a target


def test_a_choice_not_offered_is_refused_and_loses_nothing(police):
    police.answer("state", "TX")
    response = police.answer("county", "06037", status=400)  # a California county
    assert 'class="error-summary"' in response.get_data(as_text=True)
    police.go("back", page="county")
    assert '<option value="TX" selected>' in police.page()


def test_check_answers_lists_each_answer_with_a_change_button(police):
    police.answer("state", "TX")
    police.answer("county", "48201")
    html = police.page()
    assert police.on_screen(html) == CHECK
    assert "Texas" in html and "Harris County" in html
    assert '<button type="submit" name="page" value="state" class="link">Change' in html
    assert '<button type="submit" name="page" value="county" class="link">Change' in html


def test_change_shows_the_question_and_returns_to_check_answers_when_nothing_new_is_needed(police):
    police.answer("state", "TX")
    police.answer("county", "48201")
    police.go("change", page="county")
    assert police.on_screen() == "county"
    police.answer("county", "48113")  # Dallas County
    html = police.page()
    assert police.on_screen(html) == CHECK and "Dallas County" in html


def test_change_cannot_show_a_question_not_on_the_path(police):
    police.answer("state", "TX")
    police.go("change", page="county")  # not answered yet: the walk stays where it stands
    assert police.on_screen() == "county"
    police.go("change", page="no_such_question")
    assert police.on_screen() == "county"


def test_changing_the_state_asks_the_county_again(police):
    police.answer("state", "TX")
    police.answer("county", "48201")
    police.go("change", page="state")
    police.answer("state", "CA")
    html = police.page()
    assert police.on_screen(html) == "county"
    assert " selected>" not in html


def test_outcome_shows_the_state_law_and_legal_help(police):
    police.answer("state", "CA")
    police.answer("county", "06037")
    html = police.result().get_data(as_text=True)
    assert police.on_screen(html) == RESULT
    assert "Your state has rules that limit how police and jails help ICE" in html
    assert "The law in California" in html
    assert "Talk to a person for legal advice" in html
    assert "Last checked against the sources" in html and "This page was last reviewed on" in html


def test_change_your_answers_goes_from_the_outcome_back_to_check_answers(police):
    police.answer("state", "CA")
    police.answer("county", "06037")
    police.result()
    police.go("check")
    assert police.on_screen() == CHECK


def test_the_outcome_cannot_be_asked_for_before_the_end(police):
    police.go("result")
    assert police.on_screen() == "state"


def test_start_again_wipes_every_answer_and_opens_the_same_questionnaire(police, client):
    police.answer("state", "CA")
    police.answer("county", "06037")
    police.result()
    response = police.go("restart")
    assert response.headers["Location"] == "/en/walk"
    assert response.headers["Clear-Site-Data"] == '"cache"'  # the new cookie replaces the old one
    html = police.page()
    assert police.on_screen(html) == "state" and " selected>" not in html
    with client.session_transaction() as session:
        assert session.get("a") in (None, {})


def test_start_again_forgets_the_other_questionnaires_too(walker, client):
    walker.start("myths")
    walker.start("local_police")
    walker.answer("state", "CA")
    walker.go("restart")
    with client.session_transaction() as session:
        assert set(session) <= {"w", "csrf", "_born"}


def test_quick_exit_wipes_the_state_and_leaves(police, client, app):
    police.answer("state", "CA")
    response = client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == app.config["EXIT_URL"]
    # The browser drops its copies too, and the pages a phone kept for use with no signal.
    assert response.headers["Clear-Site-Data"] == '"cookies", "cache", "storage"'
    assert police.get(status=302).headers["Location"] == "/en/"  # no walk left
    assert police.start("local_police") == "state"


def test_progress_is_shown(police):
    assert re.search(r"Step 1 of up to \d+", police.page())


def test_a_walk_in_another_tab_is_answered_by_its_own_forms(walker):
    walker.start("local_police")
    police_page = walker.page()
    walker.start("family_arrested")
    walker.tree = "local_police"
    walker.post({"page": "state", "answer": "TX"}, token_from=police_page)
    assert walker.on_screen() == "county"  # the form named its questionnaire, which is on screen now


def test_switching_language_keeps_the_walk_address(police):
    police.answer("state", "TX")
    html = police.page()
    assert 'href="/es/walk"' in html
    spanish = police.get("/es/walk").get_data(as_text=True)
    assert 'lang="es"' in spanish and "Harris County" in spanish


def test_radio_error_summary_links_to_the_first_radio(tiny_client):
    walker = Walker(tiny_client)
    walker.start("tiny")
    walker.answer("where", "TX")
    html = walker.answer("arrested", None, status=400).get_data(as_text=True)
    assert '<a href="#answer">' in html
    assert '<input type="radio" id="answer" name="answer" value="yes">' in html
    assert 'id="answer-1" name="answer" value="no"' in html


def test_information_page_continues(tiny_client):
    walker = Walker(tiny_client)
    walker.start("tiny")
    walker.answer("where", "TX")
    walker.answer("arrested", "yes")
    walker.answer("held", "police")
    walker.answer("about", None)
    assert walker.on_screen() == CHECK


def test_urgent_outcome_puts_legal_help_first(tiny_client):
    walker = Walker(tiny_client)
    walker.start("tiny")
    walker.answer("where", "TX")
    walker.answer("arrested", "yes")
    walker.answer("held", "ice")
    html = walker.result().get_data(as_text=True)
    assert html.index("Talk to a person for legal advice") < html.index("Call.")
    assert html.count("Talk to a person for legal advice") == 2
