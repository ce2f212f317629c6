"""Words for an officer: shown large in English (/<lang>/show). The same for everyone: a kept page,
no answer."""

from __future__ import annotations

import typing as t

from flask import abort, g, session

from ..content.officer import Officer
from ..rendering.frames import render_page
from . import localized
from .walk import content

bp = localized("officer", __name__)


def officer() -> Officer:
    found = content().officer
    if not found.statements:
        abort(404)  # a site whose content has no words for an officer (the test trees)
    return found


def _page(template: str, **context: t.Any) -> str:
    """A page kept per language (and desk mode, which shows its own bar), never per person."""
    key = (g.lang, session.get("desk") is True, *sorted(context.items()))
    return render_page(template, key=key, officer=officer(), **context)


@bp.get("/show")
def show() -> str:
    """The statements in very large English, the person's language below, and a button to play them."""
    return _page("show.html")
