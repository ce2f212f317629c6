"""In a checkout the app compiles the .po catalogs itself: outside the source tree, never stale."""

from __future__ import annotations

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
