"""In a checkout the app compiles the .po catalogs itself: outside the source tree, never stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

from questionnaire.i18n import TRANSLATIONS_DIR
from questionnaire.i18n.catalogs import compiled

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_reads_the_repository_catalogs():
    assert TRANSLATIONS_DIR == ROOT / "translations"


def test_catalogs_are_compiled_outside_the_source_tree(tmp_path):
    source = tmp_path / "translations"
    shutil.copytree(ROOT / "translations" / "es", source / "es", ignore=shutil.ignore_patterns("*.mo"))
    target = compiled(source)
    assert not target.is_relative_to(ROOT) and not target.is_relative_to(source)
    assert not list(source.rglob("*.mo"))
    with (target / "es/LC_MESSAGES/messages.mo").open("rb") as f:
        assert read_mo(f)["Quick exit"].string == "Salida rápida"


def test_a_changed_catalog_is_compiled_again_and_an_unchanged_one_is_not(tmp_path):
    source = tmp_path / "translations"
    shutil.copytree(ROOT / "translations" / "es", source / "es", ignore=shutil.ignore_patterns("*.mo"))
    first = compiled(source)
    assert compiled(source) == first
    po = source / "es/LC_MESSAGES/messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    catalog["Quick exit"].string = "Salir ya"
    with po.open("wb") as f:
        write_po(f, catalog)
    again = compiled(source)
    assert again != first
    with (again / "es/LC_MESSAGES/messages.mo").open("rb") as f:
        assert read_mo(f)["Quick exit"].string == "Salir ya"


def test_in_right_to_left_languages_287g_reads_left_to_right():
    """Inside Arabic text "287(g)" would show as "(g)287": each is wrapped in a left-to-right isolate
    (U+2066 ... U+2069), invisible, which keeps it in its own order."""
    languages = json.loads((ROOT / "translations/languages.json").read_text(encoding="utf-8"))["languages"]
    rtl = [lang.get("locale") or lang["code"] for lang in languages if lang.get("direction") == "rtl"]
    assert rtl, "no right-to-left language to check"
    bare = []
    for code in rtl:
        with (ROOT / f"translations/{code}/LC_MESSAGES/messages.po").open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            for text in [message.string] if isinstance(message.string, str) else message.string:
                if text.count("287(g)") != text.count("\u2066287(g)\u2069"):
                    bare.append(f"{code}: {text[:80]}")
    assert not bare, bare
