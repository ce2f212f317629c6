"""Answers stay private: never in a URL, only in an encrypted cookie, and any process can serve."""

import base64

from helpers import SECRET, Walker
from questionnaire import create_app


def _cookie(response) -> str:
    header = response.headers.get("Set-Cookie", "")
    assert header.startswith("s="), header
    return header


def test_the_state_cookie_is_encrypted_http_only_and_same_site(walker):
    response = walker.answer("/en/local_police/q/state", "TX")
    header = _cookie(response)
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Expires" not in header and "Max-Age" not in header  # gone when the browser closes
    token = header.split(";")[0][2:]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert b"TX" not in raw and b"state" not in raw and b"local_police" not in raw


def test_secure_cookie_when_served_over_tls():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SESSION_COOKIE_SECURE": True})
    walker = Walker(app.test_client())
    assert "Secure" in _cookie(walker.answer("/en/local_police/q/state", "TX"))


def test_no_answer_ever_appears_in_a_url(walker):
    locations = [walker.answer("/en/local_police/q/state", "TX").headers["Location"]]
    locations.append(walker.answer("/en/local_police/q/county", "48201").headers["Location"])
    html = walker.get("/en/local_police/result").get_data(as_text=True)
    for url in locations:
        assert "TX" not in url and "48201" not in url
    links = [a.split('"')[0] for a in html.split('href="')[1:] if a.startswith("/")]
    # The place is the one thing a link may carry, and only the link a person chooses to forward.
    assert [link for link in links if "48201" in link] == [
        "/en/local_police/explain/result_requires/TX/48201"
    ]


def test_pages_are_never_cached(walker):
    response = walker.get("/en/local_police/q/state")
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

    import re

    page = visit(first, "GET", "/en/local_police/q/state").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert visit(second, "POST", "/en/local_police/q/state", csrf_token=token, answer="NY").status_code == 302
    page = visit(first, "GET", "/en/local_police/q/county").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = visit(second, "POST", "/en/local_police/q/county", csrf_token=token, answer="36061")
    assert response.headers["Location"] == "/en/local_police/check"
    html = visit(first, "GET", "/en/local_police/result").get_data(as_text=True)
    assert "The law in New York" in html


def test_a_process_with_another_secret_cannot_read_the_state(walker):
    response = walker.answer("/en/local_police/q/state", "TX")
    token = _cookie(response).split(";")[0][2:]
    other = create_app({"TESTING": True, "SECRET_KEY": "another-secret"}).test_client()
    other.set_cookie("s", token, domain="localhost")
    assert other.get("/en/local_police/q/county").status_code == 400


def test_a_walk_works_over_https_where_browsers_send_no_referer():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SESSION_COOKIE_SECURE": True})
    client = app.test_client()
    page = client.get("/en/local_police/q/state", base_url="https://localhost").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/en/local_police/q/state", data={"csrf_token": token, "answer": "TX"}, base_url="https://localhost"
    )
    assert response.status_code == 302 and response.headers["Location"] == "/en/local_police/q/county"


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
    walker = Walker(client)
    walker.client.get("/en/local_police/q/state", base_url="https://localhost")
    page = client.get("/en/local_police/q/state", base_url="https://localhost").get_data(as_text=True)
    from helpers import csrf

    response = client.post(
        "/en/local_police/q/state",
        data={"csrf_token": csrf(page), "answer": "TX"},
        base_url="https://localhost",
    )
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-s=") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie


def test_a_cookie_made_with_a_retired_key_still_reads_during_rotation():
    old = create_app({"TESTING": True, "SECRET_KEY": "old-" + SECRET})
    walker = Walker(old.test_client())
    walker.answer("/en/local_police/q/state", "TX")
    cookie = walker.client.get_cookie("s").value
    new = create_app({"TESTING": True, "SECRET_KEY": "new-" + SECRET, "OLD_SECRET_KEYS": ["old-" + SECRET]})
    client = new.test_client()
    client.set_cookie("s", cookie)
    assert client.get("/en/local_police/q/county").status_code == 200  # Texas is still answered
    without = create_app({"TESTING": True, "SECRET_KEY": "new-" + SECRET}).test_client()
    without.set_cookie("s", cookie)
    assert without.get("/en/local_police/q/county").status_code == 400
