"""Headers on every response (a strict content policy, no referrer, no caching of answers), and
only our own Host names and mount path let through to the app."""

from __future__ import annotations

import base64
import hashlib
import re
import typing as t
from urllib.parse import parse_qs

from flask import Flask

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CSP_PARTS = (
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    # The service worker that keeps the urgent pages for use with no signal (web/offline.py).
    "worker-src 'self'",
)
CSP = "; ".join(CSP_PARTS)


def content_policy(inline_styles: t.Iterable[str] = ()) -> str:
    """The Content-Security-Policy: our own files only, and the inline style blocks named by the
    sha256 of their exact text (the stylesheet inlined in every page, so it paints in one round
    trip). Never 'unsafe-inline': a style injected into a page does not match a hash."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"
        for text in inline_styles
    )
    return "; ".join((*CSP_PARTS, f"style-src 'self' {hashes}".rstrip()))


PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


def split_host(value: str) -> tuple[str, str]:
    """A Host header's name and port ("" if none), the name in lower case without a final dot."""
    name, colon, port = value.lower().rpartition(":")
    if not (colon and port.isascii() and port.isdigit()):  # no port ("[::1]" ends in "1]")
        name, port = value.lower(), ""
    return name.rstrip("."), port


def normal_host(value: str) -> str:
    """A host name as the Host check compares it: lower case, no final dot, the port kept."""
    name, port = split_host(value.strip())
    return f"{name}:{port}" if port else name


class Hosts:
    """The host names the site answers to (QUESTIONNAIRE_HOSTS), each with the ports it is on.

    Werkzeug's check ignores the port. Here an entry without a port is the site on the default
    ports, so "help.example.org" accepts that name alone or with :80 or :443 (what browsers and
    proxies send for http and https), and "help.example.org:8443" accepts only that port. As in
    Werkzeug, an entry starting with a dot also accepts every name under it.
    """

    def __init__(self, entries: t.Iterable[str]) -> None:
        self.names: dict[str, set[str]] = {}
        self.suffixes: dict[str, set[str]] = {}
        for entry in entries:
            name, port = split_host(entry.strip())
            ports = {port} if port else {"80", "443"}
            if name.startswith("."):
                self.suffixes.setdefault(name, set()).update(ports)
                name = name[1:]
            self.names.setdefault(name, set()).update(ports)

    def allow(self, name: str, port: str, scheme: str | None) -> bool:
        """Whether a request for name:port (the port "" when the Host header has none) is ours."""
        port = port or ("443" if scheme == "https" else "80")
        if port in self.names.get(name, ()):
            return True
        return any(name.endswith(suffix) and port in ports for suffix, ports in self.suffixes.items())


UNKNOWN_HOST = b"Bad request: unknown host.\n"
UNKNOWN_MOUNT = b"Bad request: unknown SCRIPT_NAME.\n"
# A path the site may be served under (QUESTIONNAIRE_SCRIPT_NAME): plain segments, nothing a
# browser could read as another site ("//host", "https:", "\\") and no "." or "..".
MOUNT = re.compile(r"(/(?!\.\.?(?:/|$))[A-Za-z0-9._~-]+)*")


def mount_path(value: str) -> str:
    """The configured SCRIPT_NAME without a final slash ("" for the root), checked."""
    path = value.strip().rstrip("/")
    if not MOUNT.fullmatch(path):
        raise RuntimeError(f"QUESTIONNAIRE_SCRIPT_NAME must be a path such as /help, not {value!r}")
    return path


class SecurityHeaders:
    """WSGI middleware that puts the same headers on every response, error pages included, and
    refuses a Host or SCRIPT_NAME that is not ours before any page is built on it.

    Added where the response leaves the app, as ready-made pairs: setting them one by one on
    each response object cost more than some whole pages.
    """

    def __init__(
        self,
        wsgi_app: WSGIApplication,
        static_path: str,
        hsts: bool,
        hosts: Hosts | None = None,
        script_name: str = "",
        csp: str = CSP,
    ) -> None:
        self.wsgi_app = wsgi_app
        self.hosts = hosts
        self.script_name = script_name
        self.static_prefix = static_path.rstrip("/") + "/"
        common = [
            ("Content-Security-Policy", csp),
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", PERMISSIONS),
            ("X-Content-Type-Options", "nosniff"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ]
        if hsts:
            common.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
        # Any page may show an answer, so none is kept by the browser or a proxy.
        self.page = [*common, ("Cache-Control", "no-store"), ("Pragma", "no-cache")]
        # Static files are named by their content (?v=...), so a year is safe; without it, revalidate.
        self.versioned = [*common, ("Cache-Control", "public, max-age=31536000, immutable")]
        self.unversioned = [*common, ("Cache-Control", "no-cache")]
        self.replaced = {name.lower() for name, _ in self.page + self.versioned}

    def headers_for(self, environ: WSGIEnvironment) -> list[tuple[str, str]]:
        if not environ.get("PATH_INFO", "").startswith(self.static_prefix):
            return self.page
        versioned = any(v for v in parse_qs(environ.get("QUERY_STRING", "")).get("v", ()))
        return self.versioned if versioned else self.unversioned

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> t.Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        trusted = True
        if host:
            # Host names are case-insensitive and may end in a dot; the trusted-host check is not.
            name, port = split_host(host)
            environ["HTTP_HOST"] = f"{name}:{port}" if port else name
            # Flask checks TRUSTED_HOSTS too, but without the port. A request with no Host header
            # is left to Flask, which then checks the server's own name.
            trusted = self.hosts is None or self.hosts.allow(name, port, environ.get("wsgi.url_scheme"))
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # Answered here, before the Host header is checked against QUESTIONNAIRE_HOSTS, so
            # a container's health check (which asks 127.0.0.1) works with any host setting.
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3"), *self.page])
            return [b"ok\n"] if environ["REQUEST_METHOD"] == "GET" else []
        if not trusted:
            return self.refuse(start_response, UNKNOWN_HOST)
        script_name = environ.get("SCRIPT_NAME", "")
        if script_name != self.script_name:
            # Every redirect and link starts with SCRIPT_NAME, which a trusted proxy may set
            # (gunicorn's --forwarder-headers), and the parts of pages kept in the memo keep the
            # links of the request that first asked for them: one root per app, or a second
            # (even an empty one) would hand its links to everyone. Anything else is refused, not
            # dropped: gunicorn has already cut the value off the path, so the page asked for is
            # lost, and a 400 shows a misconfigured proxy at once and gives a forged value nothing.
            path = environ.get("PATH_INFO", "")
            if script_name or not path.startswith(self.script_name + "/"):
                return self.refuse(start_response, UNKNOWN_MOUNT)
            # A proxy that passes the whole path under our mount path: split it here.
            environ["SCRIPT_NAME"], environ["PATH_INFO"] = self.script_name, path[len(self.script_name) :]
        ours = self.headers_for(environ)

        def start(status: str, headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Any:
            kept = [h for h in headers if h[0].lower() not in self.replaced]
            return start_response(status, kept + ours, exc_info)

        return self.wsgi_app(environ, start)

    def refuse(self, start_response: StartResponse, body: bytes) -> list[bytes]:
        """A plain 400, with our headers, for a request no page can be built for."""
        start_response(
            "400 Bad Request",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *self.page],
        )
        return [body]


HEALTH_PATH = "/healthz"


def init_app(app: Flask) -> None:
    assert app.static_url_path is not None
    hosts = app.config.get("TRUSTED_HOSTS")
    app.wsgi_app = SecurityHeaders(  # type: ignore[method-assign]
        app.wsgi_app,
        app.static_url_path,
        bool(app.config.get("HSTS")),
        hosts=Hosts(hosts) if hosts else None,
        script_name=mount_path(app.config.get("SCRIPT_NAME", "")),
        csp=content_policy(app.extensions.get("inline_styles", ())),
    )
