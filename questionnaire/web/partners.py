"""Partner links: /<lang>/p/<slug> opens the site as a partner organisation's.

The partner is kept in the encrypted state with the answers (and wiped with them: Quick exit,
Start again, Next person). The slug appears in the address a group shares, never in a walk's: the
entry answers with a redirect to the home page, the questionnaire or the place link it names.
What names the partner on a page (its help at the top of the legal-help block, the footer) is a
per-request slot, so pages kept for everyone never carry it.
"""

from __future__ import annotations

import typing as t

from flask import Flask, abort, redirect, render_template, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from .. import current
from ..content.jurisdictions import Jurisdictions
from ..content.partners import Partner, load_partners
from ..i18n import tr
from . import localized
from .share import from_place
from .walk import content, start, state_problem

bp = localized("partner", __name__)

PARTNER = "p"  # session key: the slug of the partner whose link opened the site


def partners() -> t.Mapping[str, Partner]:
    return t.cast(t.Mapping[str, Partner], current.app().extensions["partners"])


def current_partner() -> Partner | None:
    """The partner of this visit, if its link opened the site and it is still listed."""
    slug = current.session().get(PARTNER)
    return partners().get(slug) if isinstance(slug, str) else None


def get_partner(slug: str) -> Partner:
    partner = partners().get(slug)
    if partner is None:
        abort(404)  # unknown or removed: the plain not-found page, which links to the start
    return partner


@bp.get("/p/<slug>")
@bp.get("/p/<slug>/<tree_id>/")
@bp.get("/p/<slug>/<tree_id>/from/<state>")
@bp.get("/p/<slug>/<tree_id>/from/<state>/<county>")
def entry(
    slug: str, tree_id: str | None = None, state: str | None = None, county: str | None = None
) -> BaseResponse:
    """A partner's link: remember the partner, then go where the link leads, at an address without it."""
    partner = get_partner(slug)
    problem = state_problem()
    if problem:
        return problem
    if tree_id is not None and tree_id not in content().trees:
        abort(404)
    current.session()[PARTNER] = partner.slug
    if tree_id is None:
        return redirect(url_for("walk.home"))
    if state is not None:
        return from_place(tree_id, state, county)
    return start(tree_id)


def places(partner: Partner) -> list[str]:
    """The states and counties the partner serves, named in the page's language."""
    data = content().data
    states = [tr(data.states[code]["name"]) for code in partner.states if code in data.states]
    return states + [data.counties[f].name for f in partner.counties if f in data.counties]


def help_html() -> Markup:
    """The partner first in the legal-help block, in the page's language; nothing without one."""
    partner = current_partner()
    if partner is None:
        return Markup("")
    return Markup(render_template("_partner_help.html", partner=partner, places=places(partner)))


def footer_html() -> Markup:
    """The footer's line naming the partner of this visit; nothing without one."""
    partner = current_partner()
    return Markup(render_template("_partner_footer.html", partner=partner)) if partner else Markup("")


def init_app(app: Flask, data: Jurisdictions) -> None:
    app.extensions["partners"] = load_partners(app.config.get("PARTNERS_DIR"), data)
    app.extensions.setdefault("page_slots", {}).update(partner_help=help_html, partner_footer=footer_html)
    app.register_blueprint(bp)
