"""Rendering: pages kept for everyone behind one door (frames), the parts around them, and the
one list of what templates may call."""

from __future__ import annotations

import hashlib
import re
import typing as t
from pathlib import Path

from flask import Flask, g, url_for
from markupsafe import Markup

from ..i18n import LANGUAGES, current, tr
from . import presenters
from .chrome import chrome, language_nav, switch_url
from .frames import slot
from .growth_chart import growth_chart_html


def _static_url(app: Flask) -> t.Callable[[str], str]:
    """Static files fingerprinted by content, so they can be cached for a year and never go stale."""
    assert app.static_folder
    folder = Path(app.static_folder)
    versions = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in folder.iterdir() if p.is_file()
    }
    return lambda filename: url_for("static", filename=filename, v=versions[filename])


COMMENT = re.compile(r"/\*.*?\*/", re.S)


def inline_css(app: Flask) -> str:
    """The stylesheet as every page carries it inline, so a page paints without a second request.

    Comments and indentation go (nothing in it needs them); the text is otherwise as written, and
    the Content-Security-Policy names its sha256 (security.content_policy).
    """
    assert app.static_folder
    css = COMMENT.sub("", (Path(app.static_folder) / "style.css").read_text(encoding="utf-8"))
    return "\n".join(line.strip() for line in css.splitlines() if line.strip())


def init_app(app: Flask, legal_help: t.Any) -> None:
    """Every global a template can use, in one place."""
    css = inline_css(app)
    app.extensions["inline_styles"] = (css,)  # their hashes go into the CSP (privacy/security.py)
    app.jinja_env.globals.update(
        # the page store and the parts around every page
        slot=slot,
        chrome=chrome,
        static_url=_static_url(app),
        inline_css=Markup(css),
        # languages
        tr=tr,
        languages=LANGUAGES,
        current_language=current,
        switch_url=switch_url,
        language_nav=language_nav,
        # content shown from the trees and the data
        legal_help=legal_help,
        format_iso=presenters.format_iso,
        visible=presenters.visible,
        state_info=presenters.state_info,
        fact_sentence=presenters.fact_sentence,
        state_sources=presenters.state_sources,
        banned_but_listed=presenters.banned_but_listed,
        law_status=presenters.law_status,
        lawyer_review=presenters.lawyer_review,
        option_hint=presenters.option_hint,
        legal_help_html=presenters.legal_help_html,
        blocks_html=presenters.blocks_html,
        proper_name=presenters.proper_name,
        growth_chart_287g=growth_chart_html,
    )
    # Desk mode is read once per request, before anything is rendered: kept parts cannot read
    # the state (frames.render_kept), and context processors run inside them.
    app.context_processor(lambda: {"desk": g.get("desk", False)})
