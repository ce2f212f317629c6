"""Strict headers on every response, and no answer in any log line."""

from __future__ import annotations

import base64
import hashlib
import logging
import re

import pytest

from helpers import CHECK, RESULT, SECRET, csrf, set_walk
from questionnaire import create_app


@pytest.mark.parametrize(
    "url", ["/en/", "/en/walk", "/en/local_police/", "/en/nope/", "/en/e/nope", "/exit", "/"]
)
def test_every_response_has_the_security_headers(client, url):
    if url == "/en/walk":
        set_walk(client, "local_police", {}, "q/state")  # a question on screen
    response = client.get(url)
    if url == "/en/walk":
        assert 'name="page" value="state"' in response.get_data(as_text=True)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for part in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize("page", ["question", "check", "outcome", "state problem", "home", "not found"])
def test_every_page_says_it_is_html_in_utf8(client, page):
    # With nosniff, a browser shows a page only as the type it is sent as.
    if page in ("question", "check", "outcome"):
        at = {"question": "q/state", "check": CHECK, "outcome": RESULT}[page]
        set_walk(client, "local_police", {} if page == "question" else {"state": "TX", "county": "48201"}, at)
    if page == "state problem":
        client.set_cookie("s", "not-a-cookie-we-made", domain="localhost")
    url = {"home": "/en/", "not found": "/en/nope/"}.get(page, "/en/walk")
    response = client.get(url)
    assert response.status_code == {"state problem": 400, "not found": 404}.get(page, 200)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


def test_no_inline_script_or_style_in_any_template():
    """No inline script, no style attribute, and one inline style block: the stylesheet itself."""
    from pathlib import Path

    for template in (Path(__file__).parents[1] / "questionnaire" / "templates").glob("*.html"):
        text = template.read_text()
        assert " style=" not in text, template.name
        assert "<script>" not in text and "onclick" not in text, template.name
        styles = re.findall(r"<style[^>]*>.*?</style>", text, re.S)
        assert styles == (["<style>{{ inline_css }}</style>"] if template.name == "_head.html" else []), (
            template.name
        )


STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def style_hashes(csp: str) -> list[str]:
    """The sha256 sources of the policy's style-src, as base64."""
    (style_src,) = [part for part in csp.split("; ") if part.startswith("style-src ")]
    assert style_src.split()[1] == "'self'" and "unsafe" not in style_src
    return re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", style_src)


@pytest.fixture(scope="module")
def one_app():
    return create_app({"TESTING": True, "SECRET_KEY": SECRET})


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("what", ["home", "question", "outcome", "urgent", "explanation", "error", "desk"])
def test_every_page_paints_from_its_inline_stylesheet_which_the_policy_names_by_hash(one_app, lang, what):
    """The stylesheet is inside the page (no second request before the first paint), and the
    Content-Security-Policy allows exactly that block, by the sha256 of its bytes."""
    app, client = one_app, one_app.test_client()
    url = f"/{lang}/walk"
    if what == "home":
        url = f"/{lang}/"
    elif what == "question":
        set_walk(client, "local_police", {}, "q/state")
    elif what == "outcome":
        set_walk(client, "local_police", {"state": "TX", "county": "48201"}, RESULT)
    elif what == "urgent":
        url = f"/{lang}/urgent"
    elif what == "explanation":
        from questionnaire.privacy.sealed import seal

        url = f"/{lang}/e/" + seal(app, ("ice_at_door", "result_street"))
    elif what == "error":
        url = f"/{lang}/no_such_page/"
    elif what == "desk":
        url = f"/{lang}/desk"
    response = client.get(url)
    assert response.status_code == (404 if what == "error" else 200), url
    html = response.data.decode("utf-8")
    blocks = STYLE.findall(html)
    assert len(blocks) == 1 and "<style" not in html.replace("<style>", "", 1), url
    # The hash of the block's exact bytes, as a browser computes it, is the one in the header.
    digest = base64.b64encode(hashlib.sha256(blocks[0].encode("utf-8")).digest()).decode()
    assert style_hashes(response.headers["Content-Security-Policy"]) == [digest]
    assert 'rel="stylesheet"' not in html  # nothing to wait for before painting
    assert ".exit {" in blocks[0] or ".exit{" in blocks[0]  # the real stylesheet, not a stub


def test_a_changed_inline_stylesheet_no_longer_matches_the_policy(client):
    page = client.get("/en/urgent")
    block = STYLE.findall(page.data.decode())[0]
    changed = block.replace("--danger: #b00020", "--danger: #b00021")
    assert changed != block
    digest = base64.b64encode(hashlib.sha256(changed.encode()).digest()).decode()
    assert digest not in style_hashes(page.headers["Content-Security-Policy"])


def test_static_files_are_cached_only_when_fingerprinted(client):
    page = client.get("/en/").get_data(as_text=True)
    url = page.split('<script src="')[1].split('"')[0]
    assert "?v=" in url
    for path, expected in ((url, "public, max-age=31536000, immutable"), ("/static/site.js", "no-cache")):
        response = client.get(path)
        assert response.headers["Cache-Control"] == expected
        response.close()


def test_hsts_when_served_over_tls():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "HSTS": True})
    assert "max-age=" in app.test_client().get("/en/").headers["Strict-Transport-Security"]


def _log_every_request(app) -> None:
    """Log each request as an access log or a proxy would: method, path, query, status, and the
    address a redirect sends the browser to (which its history keeps)."""
    log = logging.getLogger("test.access")
    inner = app.wsgi_app

    def logged(environ, start_response):
        def start(status, headers, exc_info=None):
            location = dict(headers).get("Location", "-")
            path = environ.get("SCRIPT_NAME", "") + environ["PATH_INFO"]
            method, query = environ["REQUEST_METHOD"], environ.get("QUERY_STRING", "")
            log.info("%s %s?%s %s %s", method, path, query, status.split()[0], location)
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    app.wsgi_app = logged


def test_no_answer_reaches_any_log(app, caplog, walker):
    from questionnaire.privacy.sealed import unseal

    _log_every_request(app)
    caplog.set_level(logging.DEBUG)
    walker.start("local_police")
    walker.answer("state", "WY")
    walker.answer("county", "56001")
    walker.go("change", page="county")
    walker.answer("county", "56001")
    outcome = walker.result().get_data(as_text=True)
    explain = outcome.split('href="/en/e/')[1].split('"')[0]
    assert unseal(app, explain)[2:] == ("WY", "56001")
    walker.get(f"/en/e/{explain}")
    walker.get("/en/summary")
    walker.go("check")
    assert walker.on_screen() == CHECK
    walker.go("result")
    assert walker.on_screen() == RESULT
    walker.go("restart")
    entry = "/en/local_police/"  # a shared link, requested as such: it may name its questionnaire
    walker.get(entry, status=302)
    assert walker.on_screen() == "state"

    for record in caplog.records:
        message = record.getMessage()
        for answer in ("WY", "Wyoming", "56001", "Albany"):
            assert answer not in message, message
    requests = [r.getMessage() for r in caplog.records if r.name == "test.access"]
    assert len(requests) > 20 and any(line.startswith("POST /en/walk?") for line in requests)
    trees = app.extensions["questionnaire"].trees
    pages = {node_id for tree in trees.values() for node_id in tree.nodes}  # questions and outcomes
    for line in requests:
        # The explanation's address is sealed: it opens only with the site's key (checked above).
        line = line.replace(explain, "<sealed>")
        named = {node_id for node_id in pages if node_id in line}
        assert not named, (line, named)
        if not line.startswith(f"GET {entry}?"):
            assert not [tree_id for tree_id in trees if tree_id in line], line


def test_a_server_error_is_logged_without_the_form_body(caplog):
    app = create_app({"TESTING": False, "SECRET_KEY": SECRET})

    @app.post("/boom")
    def boom():
        from flask import request

        raise RuntimeError(request.form["answer"])  # an error whose message quotes the answer

    client = app.test_client()
    token = csrf(client.get("/en/").get_data(as_text=True))  # a genuine form, so the view itself runs
    caplog.set_level(logging.DEBUG)
    response = client.post("/boom", data={"csrf_token": token, "answer": "secret-answer-TX"})
    assert response.status_code == 500
    logged = [r.getMessage() for r in caplog.records]
    assert any("RuntimeError" in line and "/boom" in line for line in logged), logged  # it was logged
    assert all("secret-answer-TX" not in line for line in logged)


def test_health_answers_any_host_even_when_hosts_are_set():
    from helpers import SECRET
    from questionnaire import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "TRUSTED_HOSTS": ["kwys.example"]})
    client = app.test_client()
    assert client.get("/en/", headers={"Host": "127.0.0.1:8000"}).status_code == 400  # the host check holds
    response = client.get("/healthz", headers={"Host": "127.0.0.1:8000"})
    assert response.status_code == 200 and response.data == b"ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code != 200


def test_an_error_log_names_the_exception_and_its_place_never_its_message(caplog):
    from helpers import SECRET
    from questionnaire import create_app

    app = create_app({"TESTING": False, "SECRET_KEY": SECRET})

    @app.get("/fails")
    def fails():
        from flask import request

        return str(int(request.headers["X-Answer"]))  # a ValueError whose message quotes the value

    with caplog.at_level("ERROR"):
        assert app.test_client().get("/fails", headers={"X-Answer": "Harris-48201"}).status_code == 500
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ValueError" in logged and "fails" in logged  # the type and the frame
    assert "48201" not in logged and "Harris" not in logged
