"""Know Where You Stand: plain answers on police, jails and ICE where you live."""

from __future__ import annotations

import os
import traceback
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, request

from . import i18n, rendering
from .content.jurisdictions import load_jurisdictions
from .content.legal_help import load_legal_help
from .content.maps import load_maps
from .content.officer import load_officer
from .content.reviews import Signoffs, read_reviews
from .content.tree import TREES_DIR, load_trees
from .i18n import catalogs
from .privacy import csrf, security
from .privacy.state import EncryptedStateInterface
from .web import Page, about, desk, errors, maps, officer, offline, partners, share, walk

DEFAULTS: dict[str, t.Any] = {
    "STATE_IDLE_SECONDS": 30 * 60,
    "STATE_MAX_SECONDS": 2 * 60 * 60,  # however active, answers are cleared 2 hours after the first
    "MAX_CONTENT_LENGTH": 16 * 1024,
    "MAX_FORM_MEMORY_SIZE": 16 * 1024,
    "EXIT_URL": "https://weather.com/",
    "SESSION_COOKIE_NAME": "s",
    "SESSION_COOKIE_SECURE": False,
    "HSTS": False,
    "DISCREET": False,  # neutral page titles and link previews, for shared phones
    "TREES_DIR": str(TREES_DIR),
}


def base_url(value: str) -> str:
    """The site's own origin (scheme, host, port) for absolute links, checked and without a path."""
    parts = urlsplit(value.strip())
    extra = parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password
    if parts.scheme not in ("http", "https") or not parts.hostname or extra:
        raise RuntimeError(f"QUESTIONNAIRE_BASE_URL must be like https://help.example.org, not {value!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


MIN_SECRET = 32  # characters; token_urlsafe(32) and longer give at least 32 random bytes' worth


def _from_environment() -> dict[str, t.Any]:
    """Settings from QUESTIONNAIRE_* environment variables."""
    config: dict[str, t.Any] = {}
    if "QUESTIONNAIRE_SECRET_KEY" in os.environ:
        config["SECRET_KEY"] = os.environ["QUESTIONNAIRE_SECRET_KEY"]
        if len(config["SECRET_KEY"]) < MIN_SECRET and os.environ.get("QUESTIONNAIRE_DEVELOPMENT") != "1":
            raise RuntimeError(
                f"QUESTIONNAIRE_SECRET_KEY must be at least {MIN_SECRET} characters of random text, such as "
                "the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
    if "QUESTIONNAIRE_OLD_SECRET_KEYS" in os.environ:
        # Keys being retired: cookies made with them are still read (and re-made with the new key).
        config["OLD_SECRET_KEYS"] = [
            k.strip() for k in os.environ["QUESTIONNAIRE_OLD_SECRET_KEYS"].split(",") if k.strip()
        ]
    if "QUESTIONNAIRE_EXIT_URL" in os.environ:
        config["EXIT_URL"] = os.environ["QUESTIONNAIRE_EXIT_URL"]
    if "QUESTIONNAIRE_IDLE_MINUTES" in os.environ:
        minutes = int(os.environ["QUESTIONNAIRE_IDLE_MINUTES"])
        if minutes < 1:
            raise RuntimeError("QUESTIONNAIRE_IDLE_MINUTES must be at least 1")
        config["STATE_IDLE_SECONDS"] = minutes * 60
    if "QUESTIONNAIRE_HOSTS" in os.environ:
        # Share links and QR codes are built from the Host header: accept only our own names.
        config["TRUSTED_HOSTS"] = [
            security.normal_host(h) for h in os.environ["QUESTIONNAIRE_HOSTS"].split(",") if h.strip()
        ]
    if "QUESTIONNAIRE_SCRIPT_NAME" in os.environ:
        # The path a proxy serves the site under, the one SCRIPT_NAME accepted (security.py).
        config["SCRIPT_NAME"] = security.mount_path(os.environ["QUESTIONNAIRE_SCRIPT_NAME"])
    if "QUESTIONNAIRE_PARTNERS_DIR" in os.environ:
        config["PARTNERS_DIR"] = os.environ["QUESTIONNAIRE_PARTNERS_DIR"]
    if "QUESTIONNAIRE_LEGAL_HELP_FILE" in os.environ:
        config["LEGAL_HELP_FILE"] = os.environ["QUESTIONNAIRE_LEGAL_HELP_FILE"]
    for key in about.SETTINGS:  # who runs this copy of the site, and where mistakes are reported
        if os.environ.get(f"QUESTIONNAIRE_{key}", "").strip():
            config[key] = os.environ[f"QUESTIONNAIRE_{key}"].strip()
    if os.environ.get("QUESTIONNAIRE_DISCREET") == "1":
        config["DISCREET"] = True
    if "QUESTIONNAIRE_BASE_URL" in os.environ:
        config["BASE_URL"] = base_url(os.environ["QUESTIONNAIRE_BASE_URL"])
    if os.environ.get("QUESTIONNAIRE_TLS") == "1":
        if not config.get("BASE_URL", "").startswith("https://"):
            raise RuntimeError(
                "With QUESTIONNAIRE_TLS=1, set QUESTIONNAIRE_BASE_URL to the site's https:// address: "
                "share links, QR codes and flyers are built from it, never from the Host header."
            )
        config["SESSION_COOKIE_SECURE"] = True
        # "__Host-": the browser takes it only over HTTPS, for the whole site, from this host alone.
        config["SESSION_COOKIE_NAME"] = "__Host-s"
        config["HSTS"] = True
    return config


class App(Flask):
    """Flask, with error logs that name the exception and where it happened, never its message.

    A message can quote the data at hand (a KeyError of an answer, a value that failed to parse),
    and a log must never hold an answer.
    """

    response_class = Page

    def log_exception(self, exc_info: t.Any) -> None:
        kind, _, tb = exc_info
        frames = "".join(traceback.format_tb(tb)) if tb else ""
        self.logger.error(
            "Exception on %s [%s]: %s\n%s",
            request.path,
            request.method,
            getattr(kind, "__name__", kind),
            frames,
        )


def create_app(test_config: t.Mapping[str, t.Any] | None = None) -> Flask:
    """Create and configure an instance of the app."""
    app = App(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.update(_from_environment() if test_config is None else test_config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("Set QUESTIONNAIRE_SECRET_KEY: it encrypts the answers in the cookie.")

    app.session_interface = EncryptedStateInterface()
    i18n.init_app(app, catalogs.compiled())  # first: the routes use its language converter
    csrf.init_app(app)  # form tokens live in the state, so they expire with it
    trees = load_trees(Path(app.config["TREES_DIR"]))
    agreements = app.config.get("AGREEMENTS_FILE")  # tests give their own 287(g) lists
    data = load_jurisdictions(agreements_path=Path(agreements) if agreements else None)
    app.extensions["questionnaire"] = walk.Content(
        trees=trees,
        data=data,
        signoffs=Signoffs(read_reviews(app.config.get("REVIEWS_FILE")), trees, data),
        maps=load_maps(),
        officer=load_officer(Path(app.config["TREES_DIR"])),
    )

    rendering.init_app(app, legal_help=load_legal_help(app.config.get("LEGAL_HELP_FILE")))
    app.register_blueprint(walk.site)
    app.register_blueprint(walk.bp)
    app.register_blueprint(share.bp)
    app.register_blueprint(maps.bp)
    app.register_blueprint(offline.site)
    app.register_blueprint(offline.bp)
    app.register_blueprint(officer.bp)
    desk.init_app(app)
    about.init_app(app)
    partners.init_app(app, data)
    errors.init_app(app)
    security.init_app(app)
    return app
