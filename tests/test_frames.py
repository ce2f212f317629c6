"""Pages are rendered once per language and page, then filled in per request: the filled page is
the page a person should see, and what the server keeps never names an answer."""

import base64
import time

import pytest
from markupsafe import Markup

from helpers import SECRET, Walker
from questionnaire import create_app
from questionnaire.frames import MARK, Frame, slot
from questionnaire.paths import enumerate_paths
from questionnaire.state import _fernet


def test_a_frame_fills_each_slot_and_escapes_plain_values():
    frame = Frame(f'<a href="{slot("back")}">{slot("name")}</a>{slot("html")}')
    assert frame.slots == {"back", "name", "html"}
    page = frame.fill({"back": "/en/x?a=1&b=2", "name": lambda: "<Ann>", "html": Markup("<b>ok</b>")})
    assert page == '<a href="/en/x?a=1&amp;b=2">&lt;Ann&gt;</a><b>ok</b>'


def test_a_frame_refuses_an_unclosed_slot_and_a_slot_nobody_fills():
    with pytest.raises(ValueError):
        Frame(f"<p>{MARK}back</p>")
    with pytest.raises(KeyError):
        Frame(str(slot("back"))).fill({})


def test_a_radio_answer_already_given_is_checked_and_no_other(tiny_client):
    walker = Walker(tiny_client)
    walker.answer("/en/tiny/q/where", "CA")
    walker.answer("/en/tiny/q/arrested", "yes")
    html = walker.get("/en/tiny/q/arrested").get_data(as_text=True)
    assert html.count(" checked>") == 1
    assert 'value="yes" checked>' in html
    # The same page for someone else, served from the same frame, has nothing chosen.
    other = Walker(tiny_client.application.test_client())
    other.answer("/en/tiny/q/where", "CA")
    assert " checked>" not in other.get("/en/tiny/q/arrested").get_data(as_text=True)


def test_a_page_without_a_form_starts_no_session(client):
    response = client.get("/en/")
    assert "Set-Cookie" not in response.headers


def test_what_the_server_keeps_never_names_an_answer(app, data):
    """Walk many places in two languages, then look at every key the app remembers."""
    tree = app.extensions["questionnaire"].trees["local_police"]
    walked = set()
    for lang in ("en", "es"):
        for path in list(enumerate_paths(tree, data))[::9]:
            walker = Walker(app.test_client(), lang)
            for node_id, value in path.answers:
                walker.answer(f"/{lang}/local_police/q/{node_id}", value)
                walked.add(value)
            walker.get(f"/{lang}/local_police/result")
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
    state = f'{{"a":{{"local_police":{{"state":"TX"}}}},"csrf":"{form_secret}"}}'.encode()
    return _fernet(SECRET).encrypt_at_time(state, int(when)).decode()


def test_the_cookie_is_reissued_once_a_minute_not_on_every_page(app):
    client = app.test_client()
    client.set_cookie("s", _cookie_at(time.time() - 5))
    assert "Set-Cookie" not in client.get("/en/local_police/q/county").headers
    client.set_cookie("s", _cookie_at(time.time() - 61))
    assert client.get("/en/local_police/q/county").headers["Set-Cookie"].startswith("s=")


def test_an_answer_always_reissues_the_cookie(walker):
    walker.answer("/en/local_police/q/state", "TX")
    response = walker.answer("/en/local_police/q/county", "48201")
    assert response.headers["Set-Cookie"].startswith("s=")


def test_with_a_short_idle_time_the_cookie_is_refreshed_sooner():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "STATE_IDLE_SECONDS": 60})
    client = app.test_client()
    client.set_cookie("s", _cookie_at(time.time() - 10))
    assert client.get("/en/local_police/q/county").headers["Set-Cookie"].startswith("s=")
