"""The parts of every page around its content: the header and footer, and the language links."""

from __future__ import annotations

from flask import g, request, url_for
from markupsafe import Markup, escape

from ..i18n import DEFAULT, LANGUAGES
from .frames import here, render_kept, slot
from .memo import remember


def _walk_page() -> bool:
    """Whether this page's address begins with its language (set when the URL gave it)."""
    return bool(g.get("lang_from_url"))


def switch_url(code: str, kept: bool = False) -> str:
    """The same page in another language; answers live in the cookie, so none is lost.

    In a part of the page that is kept and reused (`kept`), the address after the language is a
    slot that each request fills in, so what is kept never depends on the address.
    """
    if _walk_page():
        # Every walk URL starts with its language; swapping it is all url_for would do, but cheaper.
        return f"{request.script_root}/{code}/{slot('here') if kept else here()}"
    return url_for("walk.home", lang=code)


def language_nav() -> Markup:
    """Links to this page in every language, each named in its own language and script."""
    code = getattr(g, "lang", DEFAULT)
    items = []
    for lang in LANGUAGES.values():
        attrs = f' lang="{lang.code}" hreflang="{lang.code}"'
        if lang.direction == "rtl":
            attrs += ' dir="rtl"'
        if lang.code == code:
            attrs += ' aria-current="true"'
        items.append(
            f'<li><a href="{escape(switch_url(lang.code, kept=True))}"{attrs}>{escape(lang.name)}</a></li>'
        )
    return Markup("\n".join(items))


def chrome(template: str) -> Markup:
    """A part of every page, rendered once per language (and kind of page), then reused.

    Kept by language and by whether the page is a step of a walk, never by its address: unknown
    addresses are endless, and each would otherwise leave a copy behind. The language links name
    this page's own address, which each request fills into its slot.
    """
    key = (template, getattr(g, "lang", DEFAULT), _walk_page())
    return Markup(remember("chrome", key, lambda: render_kept(template)))
