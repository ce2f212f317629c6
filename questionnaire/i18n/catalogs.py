"""Translation catalogs: extract, compare with each language, compile. Standard gettext files only."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import tomllib
import typing as t
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import ALL_LANGUAGES, DEFAULT, LANGUAGES, TRANSLATIONS_DIR

ROOT = TRANSLATIONS_DIR.parent
POT_PATH = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, t.Any]]]:
    """The same mapping `pybabel extract -F pyproject.toml` uses."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extractors = {name: spec for name, spec in config["project"]["entry-points"]["babel.extractors"].items()}
    method_map = []
    for entry in config["tool"]["babel"]["mappings"]:
        method = extractors.get(entry["method"], entry["method"])
        method_map.append((entry["pattern"], method))
    return method_map, {}


def extract() -> Catalog:
    """Every string the app shows, from code, templates, trees and data."""
    method_map, options = _method_map()
    catalog = Catalog(project="questionnaire", charset="utf-8")
    for filename, lineno, message, comments, ctx in extract_from_dir(
        str(ROOT), method_map, options, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=ctx)
    return catalog


def write_pot(catalog: Catalog, path: Path = POT_PATH) -> None:
    with path.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True, omit_header=False)


def po_path(code: str) -> Path:
    return TRANSLATIONS_DIR / ALL_LANGUAGES[code].catalog / "LC_MESSAGES" / "messages.po"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, tuple | list):
        return list(message.string)
    return [message.string or ""]


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


@dataclass(frozen=True)
class Gap:
    language: str
    message: str
    problem: str

    def __str__(self) -> str:
        return f"error: {po_path(self.language).relative_to(ROOT)}: {self.problem}: {self.message[:70]!r}"


def gaps(template: Catalog, code: str) -> list[Gap]:
    """Messages of the template that a language lacks, has fuzzy, or translates with other placeholders."""
    path = po_path(code)
    if not path.exists():
        return [Gap(code, "(whole catalog)", "no catalog")]
    catalog = read_catalog(path, ALL_LANGUAGES[code].catalog)
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, context=message.context)
        if translated is None or not all(_strings(translated)):
            found.append(Gap(code, _ids(message)[0], "not translated"))
        elif translated.fuzzy:
            found.append(Gap(code, _ids(message)[0], "marked fuzzy"))
        else:
            wanted = _placeholders(_ids(message)[-1])
            if any(_placeholders(s) != wanted for s in _strings(translated)):
                found.append(Gap(code, _ids(message)[0], f"placeholders differ from {wanted}"))
    return found


def all_gaps(template: Catalog | None = None) -> list[Gap]:
    """Gaps in the shipped languages: each one fails the check."""
    template = template or extract()
    return [gap for code in LANGUAGES if code != DEFAULT for gap in gaps(template, code)]


def progress(template: Catalog | None = None) -> dict[str, int]:
    """For languages still being translated (not shipped), how many messages they lack."""
    template = template or extract()
    return {code: len(gaps(template, code)) for code in ALL_LANGUAGES if code not in LANGUAGES}


def _compile(source: Path, target: Path) -> None:
    for po in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, read_catalog(po, po.parent.parent.name), use_fuzzy=False)


_compiled: dict[tuple[tuple[str, int, int], ...], Path] = {}


def compiled(source: Path = TRANSLATIONS_DIR) -> Path:
    """The folder of compiled catalogs (.mo) for the app to read.

    A built package carries them, compiled when it was built, and no .po: that folder is used as
    it is. A checkout has only .po files: they are compiled into a private temporary folder, never
    into the source tree, once per process and again whenever a .po changes, so a changed catalog
    is never served stale. gunicorn's --preload compiles once, in the master, for every worker.
    """
    found = sorted(source.glob("*/LC_MESSAGES/messages.po"))
    if not found:
        return source
    key = tuple((str(po), po.stat().st_mtime_ns, po.stat().st_size) for po in found)
    if key not in _compiled:
        # mkdtemp: mode 0700 and a fresh name, so no other user can put a catalog there.
        target = Path(tempfile.mkdtemp(prefix="questionnaire-catalogs-"))
        _compile(source, target)
        atexit.register(_remove, target, os.getpid())
        _compiled[key] = target
    return _compiled[key]


def _remove(folder: Path, owner: int) -> None:
    # Forked workers run atexit too; only the process that made the folder may remove it.
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def update_catalog(template: Catalog) -> list[tuple[Path, int]]:
    """Merge the template into every language's catalog (new ones are created)."""
    results = []
    for code in ALL_LANGUAGES:
        if code == DEFAULT:
            continue
        path = po_path(code)
        locale = ALL_LANGUAGES[code].catalog
        catalog = (
            read_catalog(path, locale) if path.exists() else Catalog(locale=locale, project="questionnaire")
        )
        # No guessed ("fuzzy") matches: a guess from a similar legal sentence can say something
        # else, and Babel's matching takes minutes on catalogs this size. New strings arrive empty.
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.fuzzy = False  # the header is ours; only real entries may be fuzzy
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, sort_output=True, ignore_obsolete=True)
        results.append((path, sum(1 for m in catalog if m.id and not m.string)))
    return results
