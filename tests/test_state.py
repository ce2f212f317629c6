"""Answers stay private: never in a URL, only in an encrypted cookie, and any process can serve."""

import base64

from helpers import CHECK, SECRET, Walker, csrf
from questionnaire import create_app


def _cookie(response) -> str:
    header = response.headers.get("Set-Cookie", "")
    assert header.startswith("s="), header
    return header


def _texas(walker: Walker):
    """Open local_police from the home page and answer Texas; the answer's response."""
    assert walker.start("local_police") == "state"
    return walker.answer("state", "TX")


def test_the_state_cookie_is_encrypted_http_only_and_same_site(walker):
    response = _texas(walker)
    header = _cookie(response)
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Expires" not in header and "Max-Age" not in header  # gone when the browser closes
    token = header.split(";")[0][2:]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"TX" not in raw and b"state" not in raw and b"local_police" not in raw


def test_secure_cookie_when_served_over_tls():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SESSION_COOKIE_SECURE": True})
    walker = Walker(app.test_client())
    assert "Secure" in _cookie(_texas(walker))


def test_no_answer_ever_appears_in_a_url(app, walker):
    from questionnaire.privacy.sealed import unseal

    locations = [_texas(walker).headers["Location"]]
    locations.append(walker.answer("county", "48201").headers["Location"])
    assert walker.on_screen() == CHECK
    locations.append(walker.go("result").headers["Location"])
    html = walker.get().get_data(as_text=True)
    # Every step of the walk is at one address, which names no questionnaire, question or answer.
    assert locations == ["/en/walk"] * 3
    links = [a.split('"')[0] for a in html.split('href="')[1:] if a.startswith("/")]
    explain = [link for link in links if link.startswith("/en/e/")]
    assert len(explain) == 1
    for link in links:
        assert "48201" not in link and "local_police" not in link and "result_" not in link, link
    # The place is the one thing a link may carry, sealed, and only the link a person chooses to
    # forward: it opens with the site's key alone.
    place = ("local_police", "result_requires", "TX", "48201")
    assert unseal(app, explain[0].removeprefix("/en/e/")) == place
    assert walker.get(explain[0]).status_code == 200


def test_pages_are_never_cached(walker):
    assert _texas(walker).headers["Cache-Control"] == "no-store"
    response = walker.get()  # one address shows every page, so no copy may be kept
    assert walker.on_screen(response.get_data(as_text=True)) == "county"
    assert response.headers["Cache-Control"] == "no-store"


def test_two_processes_sharing_the_secret_serve_one_walk():
    first = create_app({"TESTING": True, "SECRET_KEY": SECRET}).test_client()
    second = create_app({"TESTING": True, "SECRET_KEY": SECRET}).test_client()
    cookie = None

    def visit(client, method, url, **form):
        nonlocal cookie
        if cookie:
            client.set_cookie("s", cookie, domain="localhost")
        response = client.open(url, method=method, data=form or None)
        for header in response.headers.getlist("Set-Cookie"):
            if header.startswith("s="):
                cookie = header.split(";")[0][2:]
        return response

    walker = Walker(first)  # reads which page is on screen; every request goes through visit

    def act(**form):
        page = visit(first, "GET", "/en/walk").get_data(as_text=True)  # the token from one process ...
        response = visit(second, "POST", "/en/walk", csrf_token=csrf(page), tree="local_police", **form)
        assert response.status_code == 302 and response.headers["Location"] == "/en/walk"  # ... the other

    home = visit(first, "GET", "/en/").get_data(as_text=True)
    response = visit(second, "POST", "/en/walk", csrf_token=csrf(home), tree="local_police", go="start")
    assert response.status_code == 302 and response.headers["Location"] == "/en/walk"
    assert walker.on_screen(visit(first, "GET", "/en/walk").get_data(as_text=True)) == "state"
    act(page="state", answer="NY")
    assert walker.on_screen(visit(first, "GET", "/en/walk").get_data(as_text=True)) == "county"
    act(page="county", answer="36061")
    assert walker.on_screen(visit(first, "GET", "/en/walk").get_data(as_text=True)) == CHECK
    act(go="result")
    html = visit(first, "GET", "/en/walk").get_data(as_text=True)
    assert "The law in New York" in html


def test_a_process_with_another_secret_cannot_read_the_state(walker):
    response = _texas(walker)
    token = _cookie(response).split(";")[0][2:]
    other = create_app({"TESTING": True, "SECRET_KEY": "another-secret"}).test_client()
    other.set_cookie("s", token, domain="localhost")
    assert other.get("/en/walk").status_code == 400


def test_a_walk_works_over_https_where_browsers_send_no_referer():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SESSION_COOKIE_SECURE": True})
    client = app.test_client()
    https = "https://localhost"

    def post(html: str, **form):
        data = {"csrf_token": csrf(html), "tree": "local_police", **form}
        response = client.post("/en/walk", data=data, base_url=https)
        assert response.status_code == 302 and response.headers["Location"] == "/en/walk"

    post(client.get("/en/", base_url=https).get_data(as_text=True), go="start")
    page = client.get("/en/walk", base_url=https).get_data(as_text=True)
    assert Walker(client).on_screen(page) == "state"
    post(page, page="state", answer="TX")
    page = client.get("/en/walk", base_url=https).get_data(as_text=True)
    assert Walker(client).on_screen(page) == "county" and "Harris County" in page


def test_only_trusted_hosts_are_answered(monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_HOSTS", "help.example.org")
    client = create_app().test_client()
    assert client.get("/en/", base_url="https://help.example.org").status_code == 200
    assert client.get("/en/", base_url="https://evil.example").status_code == 400


def test_idle_minutes_must_be_positive(monkeypatch):
    import pytest

    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_IDLE_MINUTES", "0")
    with pytest.raises(RuntimeError, match="at least 1"):
        create_app()


def test_a_short_secret_is_refused_outside_development(monkeypatch):
    import pytest

    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", "too-short-to-be-safe")
    with pytest.raises(RuntimeError, match="at least 32 characters"):
        create_app()
    monkeypatch.setenv("QUESTIONNAIRE_DEVELOPMENT", "1")  # `make run` on a laptop
    assert create_app() is not None


def test_over_tls_the_cookie_is_a_host_only_secure_cookie(monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_TLS", "1")
    monkeypatch.setenv("QUESTIONNAIRE_BASE_URL", "https://localhost")
    client = create_app().test_client()
    home = client.get("/en/", base_url="https://localhost").get_data(as_text=True)
    response = client.post(
        "/en/walk",
        data={"csrf_token": csrf(home), "tree": "local_police", "go": "start"},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    page = client.get("/en/walk", base_url="https://localhost").get_data(as_text=True)
    response = client.post(
        "/en/walk",
        data={"csrf_token": csrf(page), "tree": "local_police", "page": "state", "answer": "TX"},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-s=") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie


def test_a_cookie_made_with_a_retired_key_still_reads_during_rotation():
    old = create_app({"TESTING": True, "SECRET_KEY": "old-" + SECRET})
    walker = Walker(old.test_client())
    _texas(walker)
    cookie = walker.client.get_cookie("s").value
    new = create_app({"TESTING": True, "SECRET_KEY": "new-" + SECRET, "OLD_SECRET_KEYS": ["old-" + SECRET]})
    client = new.test_client()
    client.set_cookie("s", cookie)
    assert Walker(client).on_screen() == "county"  # Texas is still answered
    without = create_app({"TESTING": True, "SECRET_KEY": "new-" + SECRET}).test_client()
    without.set_cookie("s", cookie)
    assert without.get("/en/walk").status_code == 400


def _token_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def _token_text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def test_the_time_a_cookie_was_made_cannot_be_moved_to_keep_it_alive(app, walker):
    import struct
    import time

    from questionnaire.privacy.state_token import StateKeys

    _texas(walker)
    raw = _token_bytes(walker.client.get_cookie("s").value)
    version, issued = struct.unpack(">cQ", raw[:9])
    assert version == b"\x02" and abs(issued - time.time()) < 5  # the time is in the clear, not the answers
    # A cookie left idle too long, its time moved to a minute ago: refused, not brought back.
    state = b'{"a":{"local_police":{"state":"TX"}},"w":"local_police"}'
    idle = _token_bytes(StateKeys([SECRET]).encrypt_at_time(state, int(time.time()) - 31 * 60))
    moved = _token_text(idle[:1] + struct.pack(">Q", int(time.time()) - 60) + idle[9:])
    client = app.test_client()
    client.set_cookie("s", moved)
    response = client.get("/en/walk")
    assert response.status_code == 400 and "could not read the answers" in response.get_data(as_text=True)


def test_a_cookie_from_the_future_is_refused(app):
    import time

    from questionnaire.privacy.state_token import StateKeys

    state = b'{"a":{"local_police":{"state":"TX"}},"w":"local_police"}'
    client = app.test_client()
    client.set_cookie("s", StateKeys([SECRET]).encrypt_at_time(state, int(time.time()) + 3600))
    assert client.get("/en/walk").status_code == 400
    client.set_cookie(
        "s", StateKeys([SECRET]).encrypt_at_time(state, int(time.time()) + 30)
    )  # clocks differ a little
    assert Walker(client).on_screen() == "county"


def test_a_walk_begun_before_the_cookie_format_changed_goes_on_in_the_new_format(app):
    """Cookies were Fernet tokens until 2026-12: those still open, and the next answer rewrites them."""
    import json
    import time

    from questionnaire.privacy.state_token import StateKeys, _fernet

    state = {"a": {"local_police": {"state": "TX"}}, "w": "local_police", "_born": int(time.time()) - 300}
    old = _fernet(SECRET).encrypt_at_time(json.dumps(state).encode(), int(time.time()) - 120).decode()
    assert old.startswith("gAAAAA")
    client = app.test_client()
    client.set_cookie("s", old, domain="localhost")
    walker = Walker(client)
    walker.tree = "local_police"
    assert walker.on_screen() == "county"
    walker.answer("county", "48201")
    new = client.get_cookie("s").value
    assert _token_bytes(new)[:1] == b"\x02"
    kept, _ = StateKeys([SECRET]).decrypt(new)
    assert json.loads(kept)["_born"] == state["_born"]  # the two hours still count from the first answer
    assert json.loads(kept)["a"]["local_police"] == {"state": "TX", "county": "48201"}
    expired = _fernet(SECRET).encrypt_at_time(json.dumps(state).encode(), int(time.time()) - 31 * 60).decode()
    client.set_cookie("s", expired, domain="localhost")
    assert "after 30 minutes" in client.get("/en/walk").get_data(as_text=True)
