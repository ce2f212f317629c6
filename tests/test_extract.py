"""The Babel extractors yield exactly the strings people see, with their place and context."""

import io
import json

from questionnaire.i18n.catalogs import POT_PATH, extract, read_catalog
from questionnaire.i18n.extract import extract_data, extract_tree

TREE = {
    "$schema": "./tree.schema.json",
    "id": "demo",
    "version": "1.0.0",
    "last_reviewed": "2026-11-28",
    "title": "A demo",
    "description": "Two nodes.",
    "start": "held",
    "nodes": {
        "held": {
            "kind": "choice",
            "title": "Who holds them?",
            "options": [{"value": "ice", "label": "ICE", "hint": "Federal officers.", "next": "done"}],
        },
        "done": {
            "kind": "outcome",
            "title": "Done",
            "blocks": [
                {
                    "type": "steps",
                    "items": ["Call a lawyer.", {"lead": "Say:", "say": "I want a lawyer."}, "Keep papers."],
                },
                {
                    "type": "sources",
                    "items": [{"title": "ICE list", "url": "https://www.ice.gov/", "date": "2026-01-01"}],
                },
            ],
        },
    },
}


def run(extractor, data):
    source = json.dumps(data, indent=1).encode()
    return list(extractor(io.BytesIO(source), [], [], {}))


def test_tree_extractor_yields_each_string_with_its_pointer_and_label_context():
    assert [(funcname, message, comments) for _, funcname, message, comments in run(extract_tree, TREE)] == [
        (None, "A demo", ["demo: /title"]),
        (None, "Two nodes.", ["demo: /description"]),
        (None, "Who holds them?", ["demo: /nodes/held/title"]),
        ("pgettext", ("demo.held", "ICE"), ["demo: /nodes/held/options/0/label"]),
        (None, "Federal officers.", ["demo: /nodes/held/options/0/hint"]),
        (None, "Done", ["demo: /nodes/done/title"]),
        (None, "Call a lawyer.", ["demo: /nodes/done/blocks/0/items/0"]),
        (None, "Say:", ["demo: /nodes/done/blocks/0/items/1/lead"]),
        (None, "I want a lawyer.", ["demo: /nodes/done/blocks/0/items/1/say"]),
        (None, "Keep papers.", ["demo: /nodes/done/blocks/0/items/2"]),
        (None, "ICE list", ["demo: /nodes/done/blocks/1/items/0/title"]),
    ]


def test_tree_extractor_gives_line_numbers():
    lines = [lineno for lineno, *_ in run(extract_tree, TREE)]
    assert lines[0] > 1 and lines == sorted(lines)


def test_tree_extractor_skips_the_schema():
    assert run(extract_tree, {"$schema": "x", "$defs": {}, "title": "Schema"}) == []


SOURCE = {
    "title": "Gov. Code 7284.6",
    "url": "https://x",
    "read": "2026-12-05",
    "quote": "shall not",
    "kind": "primary",
}


def test_data_extractor_keeps_law_names_citations_and_source_titles_as_written():
    data = {
        "code": "CA",
        "name": "California",
        "facts": {"detainers": {"value": "limited", "detail": "Some serious crimes.", "sources": [SOURCE]}},
        "laws": [
            {"id": "sb54", "name": "SB 54", "citation": "Gov. Code 7282", "year": 2017, "effect": "No holds."}
        ],
    }
    assert [m for _, _, m, _ in run(extract_data, data)] == [
        "California",
        "Some serious crimes.",
        "No holds.",
    ]
    assert run(extract_data, {"live_url": "x", "lists": [{"title": "List", "agreements": []}]}) == []


# Strings in the data files that people never read, or read as written: addresses, dates, codes,
# the quotes kept for reviewers, and the names of laws and documents (shown with lang="en"). The
# national 287(g) counts hold dates, codes the chart turns into words from the catalog (unit,
# reliability, list_kind) and the names of ICE's files, shown as written.
NOT_SHOWN_OR_AS_WRITTEN = {
    "url", "date", "read", "quote", "kind", "code", "citation", "value", "verification", "status",
    "id", "laws", "phone", "notes", "in_force", "last_reviewed", "type", "$schema", "$comment",
    "as_of", "unit", "reliability", "list_kind", "imported_from",
}  # fmt: skip


def _shown_strings(value, pointer=""):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in NOT_SHOWN_OR_AS_WRITTEN:
                continue
            if key == "name" and "/laws/" in pointer + "/":
                continue  # a law's name, kept as people know it
            if key == "title" and pointer.rsplit("/", 2)[-2:-1] == ["sources"]:
                continue  # a source document's title, kept as written
            yield from _shown_strings(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _shown_strings(item, f"{pointer}/{i}")
    elif isinstance(value, str):
        yield pointer, value


def test_every_string_people_read_in_the_data_files_reaches_the_catalog():
    """Not only what the extractor looks for: every string a page can show, wherever it sits."""
    from questionnaire.content.tree import TREES_DIR

    template = {m.id for m in extract() if isinstance(m.id, str)}
    files = [
        *sorted((TREES_DIR / "data").glob("*.json")),
        *sorted((TREES_DIR / "data" / "states").glob("*.json")),
        *sorted((TREES_DIR / "shared").glob("*.json")),
    ]
    missed = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        schema = "$defs" in data or str(data.get("$schema", "")).startswith("https://json-schema.org/")
        if schema or "lists" in data or "reviews" in data:
            continue  # schemas, ICE's lists (agency names as ICE writes them), lawyers' sign-offs
        for pointer, text in _shown_strings(data):
            if text not in template:
                missed.append(f"{path.name}{pointer}: {text[:40]}")
    assert not missed, f"{len(missed)} strings never reach translators: {missed[:5]}"


def test_the_committed_template_is_up_to_date():
    committed = {
        (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_catalog(POT_PATH) if m.id
    }
    fresh = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract() if m.id}
    assert fresh - committed == set(), "run: .venv/bin/questionnaire messages"
    assert committed - fresh == set(), "run: .venv/bin/questionnaire messages"


def test_plain_pybabel_extract_finds_the_same_strings(tmp_path):
    """The README's translator workflow: pybabel with pyproject.toml sees what the app shows."""
    import subprocess
    import sys

    from questionnaire.i18n.catalogs import ROOT

    out = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "pyproject.toml",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(out),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    plain = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_catalog(out) if m.id}
    ours = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in extract() if m.id}
    assert plain == ours
