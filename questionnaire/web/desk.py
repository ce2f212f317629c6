"""Intake-desk mode for advocates: answers in view, a bilingual printable summary, "Next person"."""

from __future__ import annotations

import datetime as dt

from flask import Flask, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from .. import current
from ..i18n import DEFAULT
from ..rendering.frames import render_page
from . import localized, partners
from .bilingual import in_language
from .walk import answer_rows, finished_walk, wiped

bp = localized("desk", __name__)

DESK = "desk"  # session flag; it holds no answer


def in_desk_mode() -> bool:
    return current.session().get(DESK) is True


@bp.get("/desk")
def desk() -> bytes:
    """What desk mode does, and the button that turns it on."""
    return render_page("desk.html")


@bp.post("/desk/start")
def desk_start() -> BaseResponse:
    state = current.session()
    state.clear()
    state[DESK] = True
    return wiped(redirect(url_for("walk.home")), cookies=False)  # the new cookie keeps desk mode


@bp.post("/desk/next")
def desk_next() -> BaseResponse:
    """Next person: wipe every answer in one step, and stay in desk mode."""
    state = current.session()
    state.clear()
    state[DESK] = True
    return wiped(redirect(url_for("walk.home")), cookies=False)  # the new cookie keeps desk mode


@bp.post("/desk/stop")
def desk_stop() -> BaseResponse:
    current.session().clear()
    return redirect(url_for("walk.home"))


@bp.get("/summary")
def summary() -> BaseResponse | bytes:
    """One printable page: the client's language beside English, with answers, outcome and next steps."""
    walk = finished_walk()
    if isinstance(walk, BaseResponse):
        return walk
    tree, pos = walk
    lang = current.g().lang
    languages = [lang] if lang == DEFAULT else [lang, DEFAULT]
    columns = []
    for code in languages:
        with in_language(code):
            columns.append(
                render_template(
                    "_summary_column.html",
                    tree=tree,
                    node=pos.node,
                    rows=answer_rows(tree, pos),
                    answers=pos.answers,
                    partner_help=partners.help_html(),  # in this column's language
                )
            )
    return render_page("summary.html", tree=tree, columns=columns, today=dt.date.today().isoformat())


def init_app(app: Flask) -> None:
    # Read once, before any part of a page is rendered: kept parts cannot read the state.
    app.before_request(lambda: setattr(current.g(), "desk", in_desk_mode()))
    app.register_blueprint(bp)
