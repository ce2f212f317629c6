"""Form tokens: a form counts only if it carries this browser's own secret, under any mask."""

import base64

from helpers import SECRET, Walker, csrf
from questionnaire import create_app


def _page_and_token(walker: Walker, url: str) -> tuple[str, str]:
    html = walker.get(url).get_data(as_text=True)
    return html, csrf(html)


def test_each_page_masks_the_token_differently_and_each_mask_works(walker, client):
    _, first = _page_and_token(walker, "/en/local_police/q/state")
    _, second = _page_and_token(walker, "/en/local_police/q/state")
    assert first != second
    # An older page's token is still good: a person may answer in a tab opened earlier.
    response = client.post("/en/local_police/q/state", data={"csrf_token": first, "answer": "TX"})
    assert response.status_code == 302


def test_a_token_from_another_browser_is_refused(app):
    mine, theirs = Walker(app.test_client()), Walker(app.test_client())
    _, token = _page_and_token(theirs, "/en/local_police/q/state")
    _page_and_token(mine, "/en/local_police/q/state")
    response = mine.client.post("/en/local_police/q/state", data={"csrf_token": token, "answer": "TX"})
    assert response.status_code == 400


def test_a_token_from_another_deployment_is_refused():
    ours = Walker(create_app({"TESTING": True, "SECRET_KEY": SECRET}).test_client())
    other = Walker(create_app({"TESTING": True, "SECRET_KEY": "another-secret"}).test_client())
    _, token = _page_and_token(other, "/en/local_police/q/state")
    _page_and_token(ours, "/en/local_police/q/state")
    response = ours.client.post("/en/local_police/q/state", data={"csrf_token": token, "answer": "TX"})
    assert response.status_code == 400


def test_malformed_tokens_are_refused_not_errors(walker, client):
    _, token = _page_and_token(walker, "/en/local_police/q/state")
    raw = base64.urlsafe_b64decode(token)
    flipped = base64.urlsafe_b64encode(raw[:-1] + bytes([raw[-1] ^ 1])).decode()
    for bad in ("", "x", token[:-4], token + "AAAA", flipped, "é" * 88, "A" * 10_000):
        response = client.post("/en/local_police/q/state", data={"csrf_token": bad, "answer": "TX"})
        assert response.status_code == 400, bad[:20]


def test_the_secret_itself_never_appears_on_a_page(walker, client):
    """Only masked copies go out, so a compressed page never repeats the same secret bytes."""
    html, _ = _page_and_token(walker, "/en/local_police/q/state")
    with client.session_transaction() as state:
        secret = state["csrf"]
    assert secret not in html


def test_a_page_without_a_form_makes_no_secret(client):
    client.get("/en/")
    with client.session_transaction() as state:
        assert "csrf" not in state
