"""About this site and Report a mistake: who runs it, where the facts come from, how to reach them."""

from __future__ import annotations

import re
import typing as t
from urllib.parse import quote

from flask import Flask, current_app, g

from ..content.provenance import Provenance, provenance
from ..i18n import DEFAULT, LANGUAGES, Language
from ..rendering.frames import render_page
from ..rendering.memo import remember
from . import localized
from .walk import content

bp = localized("about", __name__)

# Who runs this copy of the site and where mistakes are reported: settings, never answers.
SETTINGS = ("OPERATOR", "OPERATOR_URL", "REPORT_EMAIL", "REPORT_URL")
EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]+")


def check_settings(config: t.Mapping[str, t.Any]) -> None:
    """Refuse a setting that would give people a broken or unsafe link."""
    for key in ("OPERATOR_URL", "REPORT_URL"):
        value = config.get(key)
        if value and not str(value).startswith("https://"):
            raise RuntimeError(f"QUESTIONNAIRE_{key} must start with https://, not {value!r}")
    email = config.get("REPORT_EMAIL")
    if email and not EMAIL.fullmatch(str(email)):
        raise RuntimeError(f"QUESTIONNAIRE_REPORT_EMAIL must be one e-mail address, not {email!r}")


def facts() -> Provenance:
    """The content's dates and reviews, worked out once per app (the content does not change)."""
    c = content()
    return remember("about", "provenance", lambda: provenance(c.trees, c.data, c.signoffs))


def translations_reviewed() -> tuple[list[Language], list[Language]]:
    """Translations a qualified person has checked, and those not yet (English is the original)."""
    others = [lang for lang in LANGUAGES.values() if lang.code != DEFAULT]
    return [lang for lang in others if lang.reviewed], [lang for lang in others if not lang.reviewed]


def key() -> tuple[str, bool]:
    return (g.lang, g.get("desk", False))


@bp.get("/about")
def about() -> bytes:
    """Who runs this site, where its facts come from and how old they are, and what was reviewed."""
    reviewed, not_reviewed = translations_reviewed()
    return render_page(
        "about.html",
        key=key(),
        facts=facts(),
        reviewed=reviewed,
        not_reviewed=not_reviewed,
        idle_minutes=current_app.config["STATE_IDLE_SECONDS"] // 60,
    )


@bp.get("/report")
def report() -> bytes:
    """Where to tell the people who run this site about a mistake; nothing is sent to or kept by us."""
    return render_page("report.html", key=key(), quote=quote)


def init_app(app: Flask) -> None:
    check_settings(app.config)
    app.register_blueprint(bp)
