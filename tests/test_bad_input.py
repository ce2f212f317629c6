"""Bad input of any kind gets a clear page and a 4xx, never a 500, and loses no answers."""

import time

import pytest
from cryptography.fernet import Fernet

from helpers import SECRET, csrf
from questionnaire import create_app
from questionnaire.state import _fernet


@pytest.mark.parametrize(
    "url",
    [
        "/en/no_such_tree/",
        "/en/local_police/q/no_such_node",
        "/xx/",
        "/xx/local_police/",
        "/en/local_police/q/result_limits",
        "/en/local_police/nothing",
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


def test_restart_by_get_is_a_405(client):
    assert client.get("/en/local_police/restart").status_code == 405


def test_oversized_body_is_a_413_page_and_keeps_the_answers(walker, client):
    walker.answer("/en/local_police/q/state", "TX")
    page = walker.get("/en/local_police/q/county").get_data(as_text=True)
    response = client.post(
        "/en/local_police/q/county", data={"csrf_token": csrf(page), "answer": "x" * 100_000}
    )
    assert response.status_code == 413
    assert "Too much was sent" in response.get_data(as_text=True)
    assert walker.get("/en/local_police/q/county").status_code == 200


def test_post_without_a_csrf_token_is_refused_and_keeps_the_answers(walker, client):
    walker.answer("/en/local_police/q/state", "TX")
    response = client.post("/en/local_police/q/county", data={"answer": "48201"})
    assert response.status_code == 400
    assert "open too long" in response.get_data(as_text=True)
    assert walker.get("/en/local_police/q/county").status_code == 200


def _set_cookie(client, value: str) -> None:
    client.set_cookie("s", value, domain="localhost")


def test_tampered_state_is_explained(client):
    _set_cookie(client, "gAAAAAB-this-is-not-a-real-token")
    response = client.get("/en/local_police/q/state")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "could not read the answers" in html
    assert "Start again" in html


def test_state_from_another_key_is_explained(client):
    token = Fernet(Fernet.generate_key()).encrypt(b'{"a":{"local_police":{"state":"TX"}}}').decode()
    _set_cookie(client, token)
    response = client.get("/en/local_police/q/county")
    assert response.status_code == 400
    assert "could not read the answers" in response.get_data(as_text=True)


def test_expired_state_is_explained(client):
    old = int(time.time()) - 31 * 60
    token = _fernet(SECRET).encrypt_at_time(b'{"a":{"local_police":{"state":"TX"}}}', old).decode()
    _set_cookie(client, token)
    response = client.get("/en/local_police/q/county")
    assert response.status_code == 400
    assert "after 30 minutes" in response.get_data(as_text=True)
    # The bad cookie is removed, so the next page starts cleanly.
    assert client.get("/en/local_police/q/state").status_code == 200


def test_state_just_inside_the_idle_time_still_works(client):
    recent = int(time.time()) - 29 * 60
    token = _fernet(SECRET).encrypt_at_time(b'{"a":{"local_police":{"state":"TX"}}}', recent).decode()
    _set_cookie(client, token)
    assert client.get("/en/local_police/q/county").status_code == 200


def test_valid_state_of_the_wrong_shape_is_ignored_not_a_500(client):
    token = _fernet(SECRET).encrypt(b'{"a":{"local_police":["TX"]}}').decode()
    _set_cookie(client, token)
    assert client.get("/en/local_police/").status_code == 302
    token = _fernet(SECRET).encrypt(b"[1,2,3]").decode()
    _set_cookie(client, token)
    assert client.get("/en/local_police/").status_code in (302, 400)


def test_malformed_form_body_is_a_4xx(walker, client):
    walker.answer("/en/local_police/q/state", "TX")
    response = client.post(
        "/en/local_police/q/county", data=b"\xff\xfe%%%", content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500


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
    walker.answer("/en/local_police/q/state", "TX")
    response = client.post("/en/local_police/q/county", data={"csrf_token": "stale-token", "answer": "48201"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Which county do you live in?" in html
    assert "open too long" in html and 'class="error-summary"' in html
    assert "Harris County" in html  # the county list still follows the state already chosen


def test_expired_form_on_an_information_page(tiny_client):
    from helpers import Walker

    walker = Walker(tiny_client)
    walker.answer("/en/tiny/q/where", "TX")
    walker.answer("/en/tiny/q/arrested", "yes")
    walker.answer("/en/tiny/q/held", "police")
    response = tiny_client.post("/en/tiny/q/about", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert 'href="#continue"' in response.get_data(as_text=True)


def _cookie(born: int, issued: int) -> str:
    state = f'{{"a":{{"local_police":{{"state":"TX"}}}},"_born":{born}}}'.encode()
    return _fernet(SECRET).encrypt_at_time(state, issued).decode()


def test_a_state_kept_alive_is_still_cleared_two_hours_after_it_began(client):
    now = int(time.time())
    _set_cookie(client, _cookie(born=now - 2 * 3600 - 60, issued=now - 30))  # refreshed 30 s ago
    response = client.get("/en/local_police/q/county")
    assert response.status_code == 400
    assert client.get("/en/local_police/q/state").status_code == 200  # and it is gone


def test_a_state_younger_than_two_hours_still_works(client):
    now = int(time.time())
    _set_cookie(client, _cookie(born=now - 2 * 3600 + 120, issued=now - 30))
    assert client.get("/en/local_police/q/county").status_code == 200


def test_refreshing_the_cookie_keeps_the_time_the_answers_began(client):
    import json

    now = int(time.time())
    _set_cookie(client, _cookie(born=now - 600, issued=now - 120))
    response = client.get("/en/local_police/q/county")
    token = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    assert json.loads(_fernet(SECRET).decrypt(token.encode()))["_born"] == now - 600
