"""The backbone: every path of every tree, walked through the web app from home to outcome."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from helpers import CHECK, RESULT, Walker
from questionnaire import create_app
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.paths import enumerate_paths
from questionnaire.content.tree import load_trees
from routing_spec import expected, read_spec

TREES = load_trees()
DATA = load_jurisdictions()
CASES = [(tree_id, path) for tree_id, tree in TREES.items() for path in enumerate_paths(tree, DATA)]
SPECS = {tree_id: read_spec(tree_id) for tree_id in TREES}


@pytest.fixture(scope="module")
def shared_app():
    return create_app({"TESTING": True, "SECRET_KEY": "every-path"})


def test_there_are_paths_for_every_tree():
    assert {tree_id for tree_id, _ in CASES} == set(TREES)


@pytest.mark.parametrize(("tree_id", "path"), CASES, ids=[f"{t}:{p.describe()}" for t, p in CASES])
def test_walk(shared_app, tree_id, path):
    tree = TREES[tree_id]
    walker = Walker(shared_app.test_client())
    # From the home page's button for this questionnaire; every step then posts to /en/walk and is
    # sent back there (the walker checks both), and the page on screen must be the path's next one.
    assert walker.start(tree_id) == tree.start
    for node_id, value in path.answers:
        walker.answer(node_id, None if tree.node(node_id).kind == "info" else value)
    assert walker.on_screen() == CHECK
    page = walker.result().get_data(as_text=True)
    assert walker.on_screen(page) == RESULT
    # Where the app lands is compared with the committed table, not with the engine's own answer.
    given = {n: v for n, v in path.answers if tree.node(n).kind != "info"}
    row = expected(SPECS[tree_id], given)
    assert row is not None, f"tests/spec/{tree_id}.routes has no row for {given}"
    outcome = tree.node(row.outcome)
    assert f"<h1>{escape(outcome.title)}</h1>" in page
    assert "<title>What it means – Know Where You Stand</title>" in page  # the title names no outcome
    assert "Talk to a person for legal advice" in page
    assert re.search(r"last reviewed on <time", page)
