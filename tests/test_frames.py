"""Pages are rendered once per language and page, then filled in per request: the filled page is
the page a person should see, and what the server keeps never names an answer."""

import base64
import time

import pytest
from markupsafe import Markup

from helpers import SECRET, Walker, csrf
from questionnaire import create_app
from questionnaire.content.paths import enumerate_paths
from questionnaire.privacy.state_token import StateKeys
from questionnaire.rendering.frames import MARK, Frame, slot


def test_a_frame_fills_each_slot_and_escapes_plain_values():
    frame = Frame(f'<a href="{slot("back")}">{slot("name")}</a>{slot("html")}')
    assert frame.slots == {"back", "name", "html"}
    page = frame.fill({"back": "/en/x?a=1&b=2", "name": lambda: "<Ann>", "html": Markup("<b>ok</b>")})
    assert page == b'<a href="/en/x?a=1&amp;b=2">&lt;Ann&gt;</a><b>ok</b>'


def test_a_frame_sends_text_in_any_script_as_utf8():
    frame = Frame(f"<p>Español 中文 العربية {slot('name')}</p>")
    assert frame.fill({"name": "Tiếng Việt"}) == "<p>Español 中文 العربية Tiếng Việt</p>".encode()


def test_a_frame_refuses_an_unclosed_slot_and_a_slot_nobody_fills():
    with pytest.raises(ValueError):
        Frame(f"<p>{MARK}back</p>")
    with pytest.raises(KeyError):
        Frame(str(slot("back"))).fill({})


def test_a_radio_answer_already_given_is_checked_and_no_other(tiny_client):
    walker = Walker(tiny_client)
    walker.start("tiny")
    walker.answer("where", "CA")
    walker.answer("arrested", "yes")
    walker.go("back", page="held")
    html = walker.page()
    assert walker.on_screen(html) == "arrested"
    assert html.count(" checked>") == 1
    assert 'value="yes" checked>' in html
    # The same page for someone else, served from the same frame, has nothing chosen.
    other = Walker(tiny_client.application.test_client())
    other.start("tiny")
    other.answer("where", "CA")
    html = other.page()
    assert other.on_screen(html) == "arrested"
    assert " checked>" not in html


def test_a_page_without_a_form_starts_no_session(client):
    for url, status in (("/en/local_police/share", 200), ("/en/no_such_page/", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert "Set-Cookie" not in response.headers, url


def test_the_home_page_starts_a_session_whose_token_opens_a_walk(client):
    """The home page's questionnaires are buttons in forms, so it carries a token (and a cookie)."""
    response = client.get("/en/")
    assert response.headers["Set-Cookie"].startswith("s=")
    token = csrf(response.get_data(as_text=True))
    started = client.post("/en/walk", data={"csrf_token": token, "tree": "local_police", "go": "start"})
    assert started.status_code == 302 and started.headers["Location"] == "/en/walk"
    assert Walker(client).on_screen() == "state"


def test_what_the_server_keeps_never_names_an_answer(app, data):
    """Walk many places in two languages, then look at every key the app remembers."""
    tree = app.extensions["questionnaire"].trees["local_police"]
    walked = set()
    for lang in ("en", "es"):
        for path in list(enumerate_paths(tree, data))[::9]:
            walker = Walker(app.test_client(), lang)
            walker.start("local_police")
            for node_id, value in path.answers:
                walker.answer(node_id, value)
                walked.add(value)
            walker.result()
    places = {v for v in walked if v in data.states or v in data.counties}
    assert len(places) > 10
    keys = [key for name, memo in app.extensions.items() if name.startswith("memo.") for key in memo]
    assert keys

    def parts(key):
        return [p for k in key for p in parts(k)] if isinstance(key, tuple) else [key]

    named = {p for key in keys for p in parts(key)} & places
    assert not named, f"memo keys name answers: {sorted(named)}"


def _cookie_at(when: float) -> str:
    form_secret = base64.urlsafe_b64encode(bytes(32)).decode()
    state = f'{{"a":{{"local_police":{{"state":"TX"}}}},"w":"local_police","csrf":"{form_secret}"}}'.encode()
    return StateKeys([SECRET]).encrypt_at_time(state, int(when))


def test_the_cookie_is_reissued_once_a_minute_not_on_every_page(app):
    client = app.test_client()
    client.set_cookie("s", _cookie_at(time.time() - 5))
    response = client.get("/en/walk")
    assert Walker(client).on_screen(response.get_data(as_text=True)) == "county"
    assert "Set-Cookie" not in response.headers
    client.set_cookie("s", _cookie_at(time.time() - 61))
    assert client.get("/en/walk").headers["Set-Cookie"].startswith("s=")


def test_an_answer_always_reissues_the_cookie(walker):
    walker.start("local_police")
    walker.answer("state", "TX")
    response = walker.answer("county", "48201")
    assert response.headers["Set-Cookie"].startswith("s=")


def test_with_a_short_idle_time_the_cookie_is_refreshed_sooner():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "STATE_IDLE_SECONDS": 60})
    client = app.test_client()
    client.set_cookie("s", _cookie_at(time.time() - 10))
    response = client.get("/en/walk")
    assert Walker(client).on_screen(response.get_data(as_text=True)) == "county"
    assert response.headers["Set-Cookie"].startswith("s=")
