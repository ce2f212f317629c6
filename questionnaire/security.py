"""Headers on every response: a strict content policy, no referrer, no caching of answers."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, request

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


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    if request.endpoint == "static":
        headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if request.args.get("v") else "no-cache"
        )
    else:
        # Any page may show an answer, so none is kept by the browser or a proxy.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    static_urls(app)
    hsts = app.config.get("HSTS")

    def after(response: Response) -> Response:
        response = add_headers(response)
        if hsts:
            response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        return response

    app.after_request(after)


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
