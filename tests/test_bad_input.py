"""Bad input of any kind gets a clear page and a 4xx, never a 500, and loses no answers."""

import time

import pytest
from cryptography.fernet import Fernet

from helpers import SECRET, Walker, csrf
from questionnaire import create_app
from questionnaire.privacy.state_token import StateKeys


@pytest.mark.parametrize(
    "url",
    [
        "/en/no_such_tree/",
        "/en/local_police/q/no_such_node",
        "/en/local_police/q/state",  # a question's old address: the walk has one address now
        "/xx/",
        "/xx/local_police/",
        "/xx/walk",
        "/en/local_police/q/result_limits",
        "/en/local_police/nothing",
        "/en/e/not-a-sealed-link",
        "/en/e/",
        "/favicon.ico",
    ],
)
def test_unknown_tree_node_or_language_is_a_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and 'class="exit"' in html


def test_wrong_method_is_a_405_page(client):
    response = client.post("/en/")
    assert response.status_code == 405
    assert "cannot be used that way" in response.get_data(as_text=True)


def test_restart_by_get_changes_nothing(walker, client):
    """Only a form with a token starts again: the old GET address is gone, and a GET of the walk
    that asks for a restart just shows the walk, answers kept."""
    walker.start("local_police")
    walker.answer("state", "TX")
    assert client.get("/en/local_police/restart").status_code in (404, 405)
    response = client.get("/en/walk?go=restart&tree=local_police")
    assert response.status_code == 200 and "Clear-Site-Data" not in response.headers
    assert walker.on_screen() == "county"
    for method in ("PUT", "DELETE", "PATCH"):
        assert client.open("/en/walk", method=method, data={"go": "restart"}).status_code == 405
    assert walker.on_screen() == "county"


def _start_in_texas(walker: Walker) -> str:
    """A walk with the state answered; the county question's page (with its token)."""
    walker.start("local_police")
    walker.answer("state", "TX")
    page = walker.page()
    assert walker.on_screen(page) == "county"
    return page


def test_oversized_body_is_a_413_page_and_keeps_the_answers(walker, client):
    page = _start_in_texas(walker)
    response = client.post(
        "/en/walk",
        data={"csrf_token": csrf(page), "tree": "local_police", "page": "county", "answer": "x" * 100_000},
    )
    assert response.status_code == 413
    assert "Too much was sent" in response.get_data(as_text=True)
    assert walker.on_screen() == "county"
    assert "Harris County" in walker.page()  # Texas is still answered


def test_post_without_a_csrf_token_is_refused_and_keeps_the_answers(walker, client):
    _start_in_texas(walker)
    response = client.post("/en/walk", data={"tree": "local_police", "page": "county", "answer": "48201"})
    assert response.status_code == 400
    assert "open too long" in response.get_data(as_text=True)
    assert walker.on_screen() == "county"
    assert "Harris County" in walker.page()
    for go in ("restart", "start", "result", "back"):  # no button works without the token either
        data = {"tree": "local_police", "go": go, "page": "county"}
        assert client.post("/en/walk", data=data).status_code == 400, go
    assert walker.on_screen() == "county"


def _set_cookie(client, value: str) -> None:
    client.set_cookie("s", value, domain="localhost")


def test_tampered_state_is_explained(client):
    _set_cookie(client, "gAAAAAB-this-is-not-a-real-token")
    response = client.get("/en/walk")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "could not read the answers" in html
    assert "Start again" in html


TEXAS = b'{"a":{"local_police":{"state":"TX"}},"w":"local_police"}'  # the county question on screen


def test_state_from_another_key_is_explained(client):
    token = Fernet(Fernet.generate_key()).encrypt(TEXAS).decode()
    _set_cookie(client, token)
    response = client.get("/en/walk")
    assert response.status_code == 400
    assert "could not read the answers" in response.get_data(as_text=True)


def test_expired_state_is_explained(client):
    old = int(time.time()) - 31 * 60
    token = StateKeys([SECRET]).encrypt_at_time(TEXAS, old)
    _set_cookie(client, token)
    response = client.get("/en/walk")
    assert response.status_code == 400
    assert "after 30 minutes" in response.get_data(as_text=True)
    # The bad cookie is removed, so the next walk starts cleanly, with nothing answered.
    assert Walker(client).start("local_police") == "state"


def test_state_just_inside_the_idle_time_still_works(client):
    recent = int(time.time()) - 29 * 60
    token = StateKeys([SECRET]).encrypt_at_time(TEXAS, recent)
    _set_cookie(client, token)
    assert Walker(client).on_screen() == "county"


def test_valid_state_of_the_wrong_shape_is_ignored_not_a_500(client):
    token = StateKeys([SECRET]).encrypt(b'{"a":{"local_police":["TX"]}}')
    _set_cookie(client, token)
    response = client.get("/en/local_police/")
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    assert Walker(client).on_screen() == "state"
    for shape in (
        b'{"a":{"local_police":{"state":"TX"}},"w":["local_police"],"at":5}',
        b'{"a":[],"w":"local_police","at":["county"]}',
        b'{"a":{"local_police":{"state":"TX"}},"w":"local_police","at":"no_such_node"}',
        b'{"a":{"local_police":{"state":"TX"}},"w":"no_such_tree"}',
        b'{"a":"TX","w":7}',
    ):
        _set_cookie(client, StateKeys([SECRET]).encrypt(shape))
        assert client.get("/en/walk").status_code in (200, 302), shape
    token = StateKeys([SECRET]).encrypt(b"[1,2,3]")
    _set_cookie(client, token)
    assert client.get("/en/local_police/").status_code in (302, 400)
    assert client.get("/en/walk").status_code in (302, 400)


def test_malformed_form_body_is_a_4xx(walker, client):
    _start_in_texas(walker)
    response = client.post("/en/walk", data=b"\xff\xfe%%%", content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500
    assert walker.on_screen() == "county"


def test_the_error_pages_never_show_a_traceback(client):
    app = create_app({"TESTING": False, "SECRET_KEY": SECRET})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret detail" not in html and "Traceback" not in html
    assert "Sorry, something went wrong" in html


def test_expired_form_token_shows_the_question_again_and_keeps_answers(walker, client):
    _start_in_texas(walker)
    response = client.post(
        "/en/walk",
        data={"csrf_token": "stale-token", "tree": "local_police", "page": "county", "answer": "48201"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Which county do you live in?" in html
    assert "open too long" in html and 'class="error-summary"' in html
    assert "Harris County" in html  # the county list still follows the state already chosen
    assert "<title>Error: Questions" in html  # the title names no question
    assert walker.on_screen() == "county"  # nothing was taken


def test_expired_form_on_an_information_page(tiny_client):
    from helpers import Walker

    walker = Walker(tiny_client)
    walker.start("tiny")
    walker.answer("where", "TX")
    walker.answer("arrested", "yes")
    walker.answer("held", "police")
    response = tiny_client.post("/en/walk", data={"csrf_token": "stale", "tree": "tiny", "page": "about"})
    assert response.status_code == 400
    assert 'href="#continue"' in response.get_data(as_text=True)
    assert walker.on_screen() == "about"


def _cookie(born: int, issued: int) -> str:
    state = f'{{"a":{{"local_police":{{"state":"TX"}}}},"w":"local_police","_born":{born}}}'.encode()
    return StateKeys([SECRET]).encrypt_at_time(state, issued)


def test_a_state_kept_alive_is_still_cleared_two_hours_after_it_began(client):
    now = int(time.time())
    _set_cookie(client, _cookie(born=now - 2 * 3600 - 60, issued=now - 30))  # refreshed 30 s ago
    response = client.get("/en/walk")
    assert response.status_code == 400
    assert Walker(client).start("local_police") == "state"  # and it is gone


def test_a_state_younger_than_two_hours_still_works(client):
    now = int(time.time())
    _set_cookie(client, _cookie(born=now - 2 * 3600 + 120, issued=now - 30))
    assert Walker(client).on_screen() == "county"


def test_refreshing_the_cookie_keeps_the_time_the_answers_began(client):
    import json

    now = int(time.time())
    _set_cookie(client, _cookie(born=now - 600, issued=now - 120))
    response = client.get("/en/walk")
    token = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    assert json.loads(StateKeys([SECRET]).decrypt(token)[0])["_born"] == now - 600
