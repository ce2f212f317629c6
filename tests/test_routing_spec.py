"""Every path of every tree reaches the outcome its committed routing table names (tests/spec/)."""

from __future__ import annotations

import pytest

from questionnaire.content.paths import enumerate_paths
from questionnaire.content.tree import load_trees
from routing_spec import SPEC_DIR, expected, read_groups, read_spec

TREES = load_trees()


def answers_of(tree, path) -> dict[str, str]:
    """The answers a person gives on a path; pages that only inform carry none."""
    return {node: value for node, value in path.answers if tree.node(node).kind != "info"}


def test_every_tree_has_a_routing_table():
    assert {p.stem for p in SPEC_DIR.glob("*.routes")} == set(TREES)


def test_state_groups_name_only_real_states(data):
    for name, members in read_groups().items():
        assert members <= set(data.states), f"{name}: {sorted(members - set(data.states))}"


@pytest.mark.parametrize("tree_id", list(TREES))
def test_every_path_reaches_the_outcome_its_table_names(data, tree_id):
    tree = TREES[tree_id]
    rows = read_spec(tree_id)
    wrong = []
    for path in enumerate_paths(tree, data):
        answers = answers_of(tree, path)
        row = expected(rows, answers)
        if row is None:
            wrong.append(f"no row covers {path.describe()}")
        elif row.outcome != path.outcome:
            wrong.append(f"{path.describe()}: the table ({row}) says {row.outcome}")
    assert not wrong, f"{len(wrong)} paths differ from tests/spec/{tree_id}.routes: " + "; ".join(wrong[:5])


@pytest.mark.parametrize("tree_id", list(TREES))
def test_every_row_of_the_table_is_reached(data, tree_id):
    tree = TREES[tree_id]
    rows = read_spec(tree_id)
    matched = (expected(rows, answers_of(tree, path)) for path in enumerate_paths(tree, data))
    used = {row.line for row in matched if row is not None}
    unused = [f"line {r.line} ({r.outcome})" for r in rows if r.line not in used]
    assert not unused, f"tests/spec/{tree_id}.routes: rows no path reaches: {unused}"


@pytest.mark.parametrize("tree_id", list(TREES))
def test_every_outcome_is_in_the_table(tree_id):
    outcomes = {n.id for n in TREES[tree_id].nodes.values() if n.is_outcome}
    assert outcomes == {row.outcome for row in read_spec(tree_id)}
