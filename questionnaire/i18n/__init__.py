"""Languages: which we ship, how a request picks one, and how tree text is translated."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

from babel.support import Translations
from flask import Flask, current_app, g, request
from flask_babel import Babel, get_translations
from werkzeug.routing import BaseConverter

_PACKAGE = Path(__file__).resolve().parent.parent
# A built package carries languages.json and the catalogs compiled at build time (setup.py); a
# checkout reads the repository's translations/, whose .po files catalogs.compiled() compiles.
TRANSLATIONS_DIR = (
    _PACKAGE / "translations" if (_PACKAGE / "translations").is_dir() else _PACKAGE.parent / "translations"
)

# The keys of tree and data JSON whose string values are shown to people; the Babel
# extractor and the runtime lookup both use this, so they cannot drift apart.
TRANSLATABLE_KEYS = frozenset(
    {
        "title",
        "description",
        "hint",
        "label",
        "text",
        "items",
        "lead",
        "say",
        "error",
        "summary",
        "effect",
        "name",
        "detail",
    }
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


class _Languages(t.Mapping[str, Language]):
    """translations/languages.json, read the first time a language is looked up, not at import."""

    def __init__(self, shipped_only: bool) -> None:
        self._shipped_only = shipped_only
        self._found: dict[str, Language] | None = None

    def _languages(self) -> dict[str, Language]:
        if self._found is None:
            found = _read_languages()
            self._found = {c: lang for c, lang in found.items() if lang.shipped or not self._shipped_only}
        return self._found

    def __getitem__(self, code: str) -> Language:
        return self._languages()[code]

    def __iter__(self) -> t.Iterator[str]:
        return iter(self._languages())

    def __len__(self) -> int:
        return len(self._languages())


ALL_LANGUAGES: t.Mapping[str, Language] = _Languages(shipped_only=False)  # shipped or being translated
LANGUAGES: t.Mapping[str, Language] = _Languages(shipped_only=True)
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
        # One per shipped language at most, so a plain dict on the app is enough.
        kept = current_app.extensions.setdefault("catalogs", {})
        code = getattr(g, "lang", DEFAULT)
        found = g._catalog = kept.get(code) or kept.setdefault(code, get_translations())
    return t.cast(Translations, found)


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

    def __init__(self, url_map: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.regex = "|".join(sorted(LANGUAGES, key=len, reverse=True))


def init_app(app: Flask, catalogs: Path) -> None:
    """catalogs: the folder of compiled .mo files (catalogs.compiled())."""
    app.url_map.converters["lang"] = LanguageConverter
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(catalogs))
    babel.init_app(app, locale_selector=lambda: LANGUAGES[getattr(g, "lang", DEFAULT)].catalog)
    # Templates look strings up through the same per-request catalog; Jinja formats the variables.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, newstyle=True
    )


def language_or_none(code: t.Any) -> str | None:
    return code if isinstance(code, str) and code in LANGUAGES else None
