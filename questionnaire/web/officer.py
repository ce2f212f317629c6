"""Words for an officer: shown large in English (/<lang>/show), and printed as a wallet card, one
(/<lang>/card) or eight on a sheet (/<lang>/cards). The same for everyone: kept pages, no answer."""

from __future__ import annotations

import typing as t

from flask import abort, g, request, session

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


@bp.get("/card")
def card() -> str:
    """One wallet card: the rights in the person's language, the English for the officer; it folds."""
    return _page("card.html")


@bp.get("/cards")
def cards() -> str:
    """Eight wallet cards on one sheet, for groups; the paper chosen as for the flyer (Letter or A4)."""
    return _page("cards.html", paper="a4" if request.args.get("paper") == "a4" else "letter")
