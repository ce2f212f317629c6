"""Routing of the shipped trees, named after the nodes, checked against the data."""

import pytest

from questionnaire import engine
from questionnaire.tree import load_trees

TREES = load_trees()


@pytest.mark.parametrize(
    ("state", "outcome"),
    [
        ("CA", "result_limits"),
        ("IL", "result_limits"),
        ("WA", "result_limits"),
        ("MA", "result_limits"),
        ("TX", "result_requires"),
        ("FL", "result_requires"),
        ("GA", "result_requires"),
        ("VA", "result_mixed"),
        ("PA", "result_none"),
        ("KY", "result_none"),
    ],
)
def test_local_police_state_goes_to_its_stance_outcome(data, state, outcome):
    pos = engine.replay(TREES["local_police"], {"state": state, "county": "unknown"}, data)
    assert pos.node.id == outcome
