"""Headers on every response: a strict content policy, no referrer, no caching of answers."""

from __future__ import annotations

import typing as t
from pathlib import Path
from urllib.parse import parse_qs

from flask import Flask

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CSP = "; ".join(
    (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "img-src 'self' data:",
    )
)
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


class SecurityHeaders:
    """WSGI middleware that puts the same headers on every response, error pages included.

    Added where the response leaves the app, as ready-made pairs: setting them one by one on
    each response object cost more than some whole pages.
    """

    def __init__(self, wsgi_app: WSGIApplication, static_path: str, hsts: bool) -> None:
        self.wsgi_app = wsgi_app
        self.static_prefix = static_path.rstrip("/") + "/"
        common = [
            ("Content-Security-Policy", CSP),
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
        if host:
            # Host names are case-insensitive and may end in a dot; the trusted-host check is not.
            name, colon, port = host.lower().rpartition(":")
            if not (colon and port.isdigit()):  # no port ("[::1]" ends in "1]", not a number)
                name, colon, port = host.lower(), "", ""
            environ["HTTP_HOST"] = name.rstrip(".") + colon + port
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # Answered here, before Flask checks the Host header against QUESTIONNAIRE_HOSTS, so
            # a container's health check (which asks 127.0.0.1) works with any host setting.
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3"), *self.page])
            return [b"ok\n"] if environ["REQUEST_METHOD"] == "GET" else []
        ours = self.headers_for(environ)

        def start(status: str, headers: list[tuple[str, str]], exc_info: t.Any = None) -> t.Any:
            kept = [h for h in headers if h[0].lower() not in self.replaced]
            return start_response(status, kept + ours, exc_info)

        return self.wsgi_app(environ, start)


HEALTH_PATH = "/healthz"


def init_app(app: Flask) -> None:
    static_urls(app)
    assert app.static_url_path is not None
    app.wsgi_app = SecurityHeaders(  # type: ignore[method-assign]
        app.wsgi_app, app.static_url_path, bool(app.config.get("HSTS"))
    )


def static_urls(app: Flask) -> None:
    """Fingerprint static files by content, so they can be cached for a year and never go stale."""
    import hashlib

    from flask import url_for

    assert app.static_folder
    folder = Path(app.static_folder)
    versions = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in folder.iterdir() if p.is_file()
    }

    def static_url(filename: str) -> str:
        return url_for("static", filename=filename, v=versions[filename])

    app.jinja_env.globals["static_url"] = static_url
