"""The web edge: one blueprint per feature (the walk, sharing, desk mode) and the error pages."""

from __future__ import annotations

import typing as t

from flask import Blueprint, abort, g

from ..i18n import DEFAULT, language_or_none


def localized(name: str, import_name: str) -> Blueprint:
    """A blueprint whose every address begins with a language we ship (/<lang>/...)."""
    bp = Blueprint(name, import_name, url_prefix="/<lang:lang>")

    @bp.url_value_preprocessor
    def pull_language(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        lang = language_or_none((values or {}).pop("lang", None))
        if lang is None:
            abort(404)
        here = g._get_current_object()  # every read through the proxy costs about 2.5 µs
        here.lang = lang
        here.lang_from_url = True  # so this page's address begins with its language

    @bp.url_defaults
    def add_language(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang", getattr(g, "lang", DEFAULT))

    return bp
