"""Words for an officer: shown large in English (/<lang>/show), and printed as a wallet card, one
(/<lang>/card) or eight on a sheet (/<lang>/cards). The same for everyone: kept pages, no answer.

A group printing cards may name a partner organisation (?partner=<slug>, as for the flyer): each card
then prints the partner's name and phone number. The partner comes from the address, never from the
visit, so the page stays the same for everyone who asks for it: it is kept per partner.
"""

from __future__ import annotations

import typing as t

from flask import abort, g, request, session

from ..content.officer import Officer
from ..content.partners import Partner
from ..rendering.frames import render_page
from . import localized
from .partners import get_partner
from .walk import content

bp = localized("officer", __name__)


def officer() -> Officer:
    found = content().officer
    if not found.statements:
        abort(404)  # a site whose content has no words for an officer (the test trees)
    return found


def _page(template: str, **context: t.Any) -> bytes:
    """A page kept per language, desk mode (which shows its own bar) and what the address chooses
    (paper, partner), never per person."""
    key = (g.lang, session.get("desk") is True, *sorted(context.items()))
    return render_page(template, key=key, officer=officer(), **context)


def printed_partner() -> Partner | None:
    """The partner the address names for printed cards; an unknown one is a plain 404."""
    slug = request.args.get("partner")
    return get_partner(slug) if slug else None


@bp.get("/show")
def show() -> bytes:
    """The statements in very large English, the person's language below, and a button to play them."""
    return _page("show.html")


@bp.get("/card")
def card() -> bytes:
    """One wallet card: the rights in the person's language, the English for the officer; it folds."""
    return _page("card.html", partner=printed_partner())


@bp.get("/cards")
def cards() -> bytes:
    """Eight wallet cards on one sheet, for groups; the paper chosen as for the flyer (Letter or A4)."""
    paper = "a4" if request.args.get("paper") == "a4" else "letter"
    return _page("cards.html", paper=paper, partner=printed_partner())
