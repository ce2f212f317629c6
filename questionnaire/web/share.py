"""Sharing: links that pre-answer only the location, QR codes, flyers, and answer-free outcome pages."""

from __future__ import annotations

import typing as t

import segno
from flask import abort, current_app, g, redirect, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from ..content.partners import Partner
from ..content.tree import Tree
from ..i18n import LANGUAGES
from ..privacy.sealed import unseal
from ..rendering.frames import render_page
from . import localized
from .walk import (
    content,
    get_tree,
    open_walk,
    outcome_page,
    store_answers,
    stored_answers,
    walk_url,
)

bp = localized("share", __name__)


def location(tree: Tree, state: str | None, county: str | None) -> dict[str, str]:
    """Answers for the location questions only; anything that is not a real state or county is refused."""
    data = content().data
    state_q, county_q = tree.location_questions
    answers: dict[str, str] = {}
    if state:
        if state not in data.states:
            abort(404)
        if state_q:
            answers[state_q.id] = state
    if county:
        found = data.counties.get(county)
        if found is None or found.state != state:
            abort(404)
        if county_q:
            answers[county_q.id] = county
    return answers


@bp.get("/<tree_id>/from/<state>")
@bp.get("/<tree_id>/from/<state>/<county>")
def from_place(tree_id: str, state: str, county: str | None = None) -> BaseResponse:
    """A community link: start the questionnaire with the state (and county) already answered.

    Only a walk not yet begun is filled in: a link on another site must not change answers a
    person has already given (it arrives by GET, with no form token).
    """
    tree = get_tree(tree_id)
    place = location(tree, state, county)
    if not stored_answers(tree):
        store_answers(tree, place)
    open_walk(tree)
    return redirect(walk_url())


def share_link(
    tree: Tree, lang: str, state: str | None, county: str | None, partner: str | None = None
) -> str:
    """The absolute address a group shares (in links, QR codes and flyers).

    With a partner, the address begins with the partner's entry (/<lang>/p/<slug>/...), which
    remembers the partner and then leads where the plain link would.
    """
    given = {"lang": lang, "tree_id": tree.id, "state": state, "county": county}
    where: dict[str, t.Any] = {k: v for k, v in given.items() if v}
    if partner:
        path = url_for("partner.entry", slug=partner, **where)
    elif state:
        path = url_for("share.from_place", **where)
    else:
        path = url_for("walk.start", **where)
    # From the configured address when there is one: the Host header is whatever a request says.
    base = current_app.config.get("BASE_URL") or request.host_url.rstrip("/")
    return base + path


def qr_svg(link: str) -> Markup:
    """The link as a QR code, an inline SVG that needs no script and no other request."""
    code = segno.make(link, error="m")
    return Markup(code.svg_inline(scale=5, border=4, dark="#000", light="#fff", title=link))


def listed_partners() -> t.Mapping[str, Partner]:
    """The partner organisations this deployment lists (QUESTIONNAIRE_PARTNERS_DIR)."""
    return t.cast(t.Mapping[str, Partner], current_app.extensions.get("partners", {}))


def _choices() -> tuple[str, str | None, str | None, Partner | None]:
    link_lang = request.args.get("link_lang", "")
    state = request.args.get("state") or None
    county = request.args.get("county") or None
    partner = listed_partners().get(request.args.get("partner", ""))
    data = content().data
    if link_lang not in LANGUAGES:
        link_lang = g.lang
    if state not in data.states:
        state, county = None, None
    if county and (county not in data.counties or data.counties[county].state != state):
        county = None
    return link_lang, state, county, partner


@bp.get("/share")
def index() -> bytes:
    """For community groups: every questionnaire, each with its link, QR code and flyer."""
    return render_page(
        "share_index.html", key=(g.lang, g.get("desk", False)), trees=list(content().trees.values())
    )


@bp.get("/<tree_id>/share")
def share(tree_id: str) -> bytes:
    """For community groups: choose the language and place, get a link, a QR code and a flyer."""
    tree = get_tree(tree_id)
    link_lang, state, county, partner = _choices()
    state_q, county_q = tree.location_questions
    slug = partner.slug if partner else None
    link = share_link(tree, link_lang, state if state_q else None, county if county_q else None, slug)
    data = content().data
    return render_page(
        "share.html",
        tree=tree,
        link=link,
        qr=qr_svg(link),
        link_lang=link_lang,
        state=state,
        county=county,
        asks_state=state_q is not None,
        asks_county=county_q is not None,
        states=data.state_options(),
        counties=data.county_options(state) if state else [],
        partner=partner,
        partners=sorted(listed_partners().values(), key=lambda p: p.name.casefold()),
    )


@bp.get("/<tree_id>/flyer")
def flyer(tree_id: str) -> bytes:
    """A one-page printable flyer in the page's language, with the QR code (Letter or A4)."""
    tree = get_tree(tree_id)
    _, state, county, partner = _choices()
    state_q, county_q = tree.location_questions
    slug = partner.slug if partner else None
    link = share_link(tree, g.lang, state if state_q else None, county if county_q else None, slug)
    paper = "a4" if request.args.get("paper") == "a4" else "letter"
    return render_page("flyer.html", tree=tree, link=link, qr=qr_svg(link), paper=paper, partner=partner)


@bp.get("/e/<sealed>")
def explain(sealed: str) -> bytes:
    """An outcome's explanation, for a place, at an address that names neither: it carries no answers."""
    parts = unseal(current_app, sealed)
    if parts is None or len(parts) not in (2, 3, 4):
        abort(404)
    tree_id, outcome_id, *place = parts
    tree = get_tree(tree_id)
    node = tree.nodes.get(outcome_id)
    if node is None or not node.is_outcome:
        abort(404)
    return outcome_page(tree, node, location(tree, *place, *(None,) * (2 - len(place))), public=True)
