"""The Babel extractors yield exactly the strings people see, with their place and context."""

import io
import json

from questionnaire.catalogs import POT_PATH, extract, read_catalog
from questionnaire.extract import extract_data, extract_tree

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
                {"type": "steps", "items": ["Call a lawyer.", "Keep papers."]},
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
        (None, "Keep papers.", ["demo: /nodes/done/blocks/0/items/1"]),
        (None, "ICE list", ["demo: /nodes/done/blocks/1/items/0/title"]),
    ]


def test_tree_extractor_gives_line_numbers():
    lines = [lineno for lineno, *_ in run(extract_tree, TREE)]
    assert lines[0] > 1 and lines == sorted(lines)


def test_tree_extractor_skips_the_schema():
    assert run(extract_tree, {"$schema": "x", "$defs": {}, "title": "Schema"}) == []


def test_data_extractor_keeps_law_names_and_agency_lists_in_english():
    data = {
        "states": {
            "CA": {
                "name": "California",
                "summary": "Police limit help.",
                "laws": [
                    {"name": "SB 54", "citation": "Gov. Code 7282", "year": 2017, "effect": "No holds."}
                ],
            }
        }
    }
    assert [m for _, _, m, _ in run(extract_data, data)] == ["California", "Police limit help.", "No holds."]
    assert run(extract_data, {"live_url": "x", "lists": [{"title": "List", "agreements": []}]}) == []


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

    from questionnaire.catalogs import ROOT

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
