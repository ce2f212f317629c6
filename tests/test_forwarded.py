"""What a proxy forwards (the Host header, SCRIPT_NAME) is checked before any page is built on it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

from helpers import SECRET
from questionnaire import create_app

EXIT_URL = "https://weather.com/"


def hosts_app(monkeypatch, hosts: str):
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_HOSTS", hosts)
    return create_app()


def status_for(client, host: str, scheme: str = "http") -> int:
    return client.get("/en/", headers={"Host": host}, base_url=f"{scheme}://localhost").status_code


def test_a_host_without_a_port_is_the_site_on_the_default_ports(monkeypatch):
    client = hosts_app(monkeypatch, "Help.Example.org").test_client()
    for host in ("help.example.org", "HELP.EXAMPLE.ORG.", "help.example.org:80", "Help.Example.org.:443"):
        assert status_for(client, host) == 200, host
        assert status_for(client, host, "https") == 200, host
    for host in (
        "help.example.org:8443",
        "help.example.org:8000",
        "help.example.org:1",
        "help.example.org:0443",
    ):
        assert status_for(client, host) == 400, host
    assert status_for(client, "help.example.org.evil.example") == 400


def test_a_host_with_a_port_is_the_site_on_that_port_only(monkeypatch):
    client = hosts_app(monkeypatch, "Help.Example.org.:8443").test_client()
    assert status_for(client, "help.example.org:8443", "https") == 200
    assert status_for(client, "HELP.example.org.:8443") == 200
    for host in ("help.example.org", "help.example.org:443", "help.example.org:80", "help.example.org:8444"):
        assert status_for(client, host) == 400, host
        assert status_for(client, host, "https") == 400, host


def test_a_name_listed_with_and_without_a_port_is_answered_on_both(monkeypatch):
    client = hosts_app(monkeypatch, "help.example.org, help.example.org:8443").test_client()
    for host in ("help.example.org", "help.example.org:443", "help.example.org:8443"):
        assert status_for(client, host, "https") == 200, host
    assert status_for(client, "help.example.org:8000") == 400


def test_a_host_given_with_a_port_over_https_names_that_port():
    # Without a port the Host header means the scheme's default port: 443 over https, 80 over http.
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "TRUSTED_HOSTS": ["help.example.org:443"]})
    client = app.test_client()
    assert status_for(client, "help.example.org", "https") == 200
    assert status_for(client, "help.example.org") == 400


def test_a_name_with_a_leading_dot_covers_the_names_under_it_on_the_default_ports(monkeypatch):
    client = hosts_app(monkeypatch, ".example.org").test_client()
    for host in ("example.org", "help.example.org", "a.b.example.org:443"):
        assert status_for(client, host) == 200, host
    for host in ("help.example.org:8443", "evil-example.org", "example.org.evil.example"):
        assert status_for(client, host) == 400, host


def test_an_unknown_host_or_port_gets_a_plain_400_with_our_headers_and_no_cookie(monkeypatch):
    client = hosts_app(monkeypatch, "help.example.org").test_client()
    response = client.get("/en/local_police/", headers={"Host": "help.example.org:8443"})
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers and "Location" not in response.headers


# SCRIPT_NAME as gunicorn sets it: from the process environment, or from a SCRIPT_NAME header when
# the request comes from an address in FORWARDED_ALLOW_IPS (--forwarder-headers, on by default).
# gunicorn refuses a request whose path does not start with it, cuts it off PATH_INFO, and passes
# it on as sent (still percent-encoded). These are values such a header could carry.
FORGED = [
    "//evil.example",
    "//evil.example/",
    "//evil.example:99999",  # once a 500: the redirect's Location could not be parsed
    "//[",
    "https://evil.example",
    "http:",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F/evil.example",
    "/%2e%2e",
    "/",
    "help",
    "/help/",
    "/help/..",
    "/help/x",
    "/HELP",
]
PATHS = ["/", "/en/", "/en/local_police/", "/en", "/exit", "/en/no_such_tree/", "/static/style.css"]


def forwarded(app, script_name: str, path: str, method: str = "GET") -> Response:
    """The app's answer to the request gunicorn hands it for script_name + path.

    Called as gunicorn calls it, without the test client, which reads SCRIPT_NAME itself.
    """
    environ = EnvironBuilder(method=method).get_environ()
    environ["SCRIPT_NAME"], environ["PATH_INFO"] = script_name, path
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    return Response(b"".join(body), status, headers)


def stays_on_site(location: str) -> bool:
    if location == EXIT_URL:
        return True
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "localhost"
    # A path: browsers read "//x" and "/\x" as another site, and a relative path depends on
    # where the browser is.
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.fixture(scope="module")
def root_app():
    return create_app({"TESTING": True, "SECRET_KEY": SECRET})


@pytest.fixture(scope="module")
def help_app():
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "SCRIPT_NAME": "/help"})


@pytest.mark.parametrize("script_name", FORGED)
def test_a_forged_script_name_is_refused_and_never_redirects_elsewhere(root_app, help_app, script_name):
    for app in (root_app, help_app):
        for path in PATHS:
            for method in ("GET", "HEAD", "POST"):
                response = forwarded(app, script_name, path, method)
                assert response.status_code == 400, (script_name, path, method, response.status_code)
                assert "Location" not in response.headers and "Set-Cookie" not in response.headers


def links_of(response: Response) -> list[str]:
    return re.findall(r'(?:href|src|action)="(/[^"]*)"', response.get_data(as_text=True))


def test_the_configured_mount_path_is_served_from_a_header_or_the_whole_path(help_app):
    # A proxy sends SCRIPT_NAME (gunicorn then cuts it off the path), or passes the whole path.
    for script_name, path in (("/help", "/"), ("", "/help/")):
        response = forwarded(help_app, script_name, path)
        assert response.status_code == 302 and response.headers["Location"] == "/help/en/"
    for script_name, path in (("/help", "/en/"), ("", "/help/en/")):
        page = forwarded(help_app, script_name, path)
        assert page.status_code == 200
        assert links_of(page) and all(a.startswith("/help/") for a in links_of(page)), links_of(page)
    response = forwarded(help_app, "/help", "/en/local_police/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/help/en/")
    assert forwarded(help_app, "/help", "/static/style.css").status_code == 200


def test_with_a_mount_path_a_request_outside_it_is_refused_and_leaves_the_kept_pages_alone():
    """Pages are kept with the links of the request that first asked: it must not be one at the root."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "SCRIPT_NAME": "/help"})
    for path in ("/en/", "/", "/en/local_police/", "/help"):
        assert forwarded(app, "", path).status_code == 400, path
    page = forwarded(app, "/help", "/en/")
    assert all(a.startswith("/help/") for a in links_of(page)), links_of(page)
    assert forwarded(app, "", "/healthz").status_code == 200  # a container's health check


def test_without_a_mount_path_only_an_empty_script_name_is_served(root_app):
    assert forwarded(root_app, "", "/en/").status_code == 200
    assert forwarded(root_app, "/help", "/en/").status_code == 400


latin1 = st.text(st.characters(max_codepoint=255), max_size=30)  # gunicorn decodes headers as latin-1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    script_name=latin1 | st.sampled_from(FORGED) | st.builds("/{}".format, latin1),
    path=st.sampled_from(PATHS),
)
def test_no_script_name_breaks_a_page_or_leads_off_the_site(root_app, help_app, script_name, path):
    for app in (root_app, help_app):
        response = forwarded(app, script_name, path)
        assert response.status_code < 500, (script_name, path)
        location = response.headers.get("Location")
        assert location is None or stays_on_site(location), (script_name, path, location)


@pytest.mark.parametrize("value", ["//evil.example", "https://evil.example/help", "help", "/a/../b", "/a b"])
def test_a_mount_path_that_is_not_a_plain_path_stops_the_app_at_start(monkeypatch, value):
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_SCRIPT_NAME", value)
    with pytest.raises(RuntimeError, match="QUESTIONNAIRE_SCRIPT_NAME"):
        create_app()


def test_a_mount_path_is_read_without_its_final_slash(monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", SECRET)
    monkeypatch.setenv("QUESTIONNAIRE_SCRIPT_NAME", "/help/")
    assert forwarded(create_app(), "/help", "/").headers["Location"] == "/help/en/"
