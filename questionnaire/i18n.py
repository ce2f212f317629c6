"""Languages: which we ship, how a request picks one, and how tree text is translated."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

from babel.support import Translations
from flask import Flask, g, request, url_for
from flask_babel import Babel, get_translations
from markupsafe import Markup, escape
from werkzeug.routing import BaseConverter

from .frames import here, render_kept, slot
from .memo import remember

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

# The keys of tree and data JSON whose string values are shown to people; the Babel
# extractor and the runtime lookup both use this, so they cannot drift apart.
TRANSLATABLE_KEYS = frozenset(
    {"title", "description", "hint", "label", "text", "items", "error", "summary", "effect", "name", "detail"}
)
# Short labels ("Yes", "Not sure") mean different things in different questions, so they
# carry a context naming the tree and node.
CONTEXT_KEYS = frozenset({"label"})


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language and script
    direction: str = "ltr"
    reviewed: bool = False  # has a qualified person checked the whole translation?
    shipped: bool = True  # offered to people; a language is shipped only once its catalog is complete
    locale: str = ""  # Babel's name, and so the catalog folder's, when it differs from the URL code

    @property
    def catalog(self) -> str:
        return self.locale or self.code


def _read_languages() -> dict[str, Language]:
    raw = json.loads((TRANSLATIONS_DIR / "languages.json").read_text(encoding="utf-8"))
    return {
        lang["code"]: Language(
            lang["code"],
            lang["name"],
            lang.get("direction", "ltr"),
            lang["reviewed"],
            lang.get("shipped", True),
            lang.get("locale", ""),
        )
        for lang in raw["languages"]
    }


ALL_LANGUAGES = _read_languages()  # every catalog we keep, shipped or still being translated
LANGUAGES = {code: lang for code, lang in ALL_LANGUAGES.items() if lang.shipped}
DEFAULT = "en"

babel = Babel()


def current() -> Language:
    return LANGUAGES[getattr(g, "lang", DEFAULT)]


def best_match() -> str:
    """The shipped language the browser prefers, or English."""
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT) or DEFAULT


def context(tree_id: str, node_id: str) -> str:
    return f"{tree_id}.{node_id}"


def translations() -> Translations:
    """This request's catalog: Flask-Babel's own lookup is slow, so it is kept per language."""
    found = g.get("_catalog")
    if found is None:
        found = g._catalog = remember("catalogs", getattr(g, "lang", DEFAULT), get_translations)
    return found


def tr(text: str, ctx: str | None = None) -> str:
    """Translate a string that came from a tree or data file."""
    catalog = translations()
    return catalog.upgettext(ctx, text) if ctx else catalog.ugettext(text)


def _gettext(text: str) -> str:
    return translations().ugettext(text)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ungettext(singular, plural, n)


def _pgettext(ctx: str, text: str) -> str:
    return translations().upgettext(ctx, text)


class LanguageConverter(BaseConverter):
    """Matches only the language codes we ship, so anything else is a plain 404."""

    regex = "|".join(sorted(LANGUAGES, key=len, reverse=True))


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


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=lambda: LANGUAGES[getattr(g, "lang", DEFAULT)].catalog)
    app.jinja_env.globals.update(
        tr=tr,
        languages=LANGUAGES,
        current_language=current,
        switch_url=switch_url,
        language_nav=language_nav,
        chrome=chrome,
    )
    # Templates look strings up through the same per-request catalog; Jinja formats the variables.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, newstyle=True
    )


def language_or_none(code: t.Any) -> str | None:
    return code if isinstance(code, str) and code in LANGUAGES else None
