"""Form tokens: a form counts only if it carries this browser's own secret, under any mask."""

import base64

from helpers import SECRET, Walker, csrf
from questionnaire import create_app


def _on_the_state_question(walker: Walker) -> tuple[str, str]:
    """Open local_police at its first question; that page and its form token."""
    assert walker.start("local_police") == "state"
    html = walker.page()
    return html, csrf(html)


def _answer_texas(walker: Walker, token: str):
    form = {"csrf_token": token, "tree": "local_police", "page": "state", "answer": "TX"}
    return walker.client.post("/en/walk", data=form)


def test_each_page_masks_the_token_differently_and_each_mask_works(walker):
    _, first = _on_the_state_question(walker)
    second = csrf(walker.page())
    assert first != second
    # An older page's token is still good: a person may answer in a tab opened earlier.
    response = _answer_texas(walker, first)
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    assert walker.on_screen() == "county"


def test_a_token_from_another_browser_is_refused(app):
    mine, theirs = Walker(app.test_client()), Walker(app.test_client())
    _, token = _on_the_state_question(theirs)
    _on_the_state_question(mine)
    assert _answer_texas(mine, token).status_code == 400
    assert mine.on_screen() == "state"


def test_a_token_from_another_deployment_is_refused():
    ours = Walker(create_app({"TESTING": True, "SECRET_KEY": SECRET}).test_client())
    other = Walker(create_app({"TESTING": True, "SECRET_KEY": "another-secret"}).test_client())
    _, token = _on_the_state_question(other)
    _on_the_state_question(ours)
    assert _answer_texas(ours, token).status_code == 400
    assert ours.on_screen() == "state"


def test_malformed_tokens_are_refused_not_errors(walker):
    _, token = _on_the_state_question(walker)
    raw = base64.urlsafe_b64decode(token)
    flipped = base64.urlsafe_b64encode(raw[:-1] + bytes([raw[-1] ^ 1])).decode()
    for bad in ("", "x", token[:-4], token + "AAAA", flipped, "é" * 88, "A" * 10_000):
        assert _answer_texas(walker, bad).status_code == 400, bad[:20]
    assert walker.on_screen() == "state"


def test_the_secret_itself_never_appears_on_a_page(walker, client):
    """Only masked copies go out, so a compressed page never repeats the same secret bytes."""
    html, _ = _on_the_state_question(walker)
    home = client.get("/en/").get_data(as_text=True)
    with client.session_transaction() as state:
        secret = state["csrf"]
    assert secret not in html and secret not in home


def test_a_page_without_a_form_makes_no_secret(client):
    for url, status in (("/en/local_police/share", 200), ("/en/no_such_page/", 404)):
        assert client.get(url).status_code == status
        with client.session_transaction() as state:
            assert "csrf" not in state, url


def test_the_home_page_token_starts_a_walk(client):
    """The home page's buttons are forms: its token is this browser's, and starting needs it."""
    home = client.get("/en/").get_data(as_text=True)
    with client.session_transaction() as state:
        assert "csrf" in state
    form = {"tree": "local_police", "go": "start"}
    assert client.post("/en/walk", data=form).status_code == 400  # without the token
    response = client.post("/en/walk", data={**form, "csrf_token": csrf(home)})
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    assert Walker(client).on_screen() == "state"
