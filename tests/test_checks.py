"""Each static check catches the broken tree it is for, and names the file, node and fault."""

import copy
import json

import pytest

from helpers import FIXTURE_TREES
from questionnaire.content.checks import check_trees
from questionnaire.content.tree import tree_paths

TINY = json.loads((FIXTURE_TREES / "tiny.json").read_text())


def problems_of(tmp_path, data, change, name="broken.json"):
    tree = copy.deepcopy(TINY)
    change(tree)
    path = tmp_path / name
    path.write_text(json.dumps(tree))
    return [str(p) for p in check_trees([path], data)]


def test_the_shipped_trees_pass(data):
    assert [str(p) for p in check_trees(tree_paths(), data) if p.severity == "error"] == []


def test_the_fixture_tree_passes(tmp_path, data):
    assert problems_of(tmp_path, data, lambda t: None) == []


def test_schema_violation_names_the_node(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t["nodes"]["held"].pop("options"))
    assert found == ["error: broken.json: node 'held': schema: nodes/held: 'options' is a required property"]


def test_unknown_node_kind_is_a_schema_error(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t["nodes"]["held"].update(kind="free_text"))
    assert any("node 'held': schema:" in p for p in found)


def test_code_in_a_condition_is_refused_by_the_schema(tmp_path, data):
    def change(t):
        t["nodes"]["arrested"]["no"][0]["if"] = {"python": "__import__('os')"}

    assert any("node 'arrested': schema:" in p for p in problems_of(tmp_path, data, change))


def test_invalid_json_is_reported(tmp_path, data):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    found = [str(p) for p in check_trees([path], data)]
    assert len(found) == 1 and found[0].startswith("error: bad.json: cannot read JSON")


def test_missing_start_node(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t.update(start="nowhere"))
    assert found == ["error: broken.json: start node 'nowhere' does not exist"]


def test_reference_to_a_missing_node(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t["nodes"]["held"]["options"][0].update(next="gone"))
    assert found == ["error: broken.json: node 'held': option 'police' goes to 'gone', which does not exist"]


def test_unreachable_node(tmp_path, data):
    def change(t):
        t["nodes"]["orphan"] = {"kind": "outcome", "title": "Orphan", "blocks": []}

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'orphan': cannot be reached from the start"
    ]


def test_cycle(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t["nodes"]["about"].update(next="arrested"))
    assert found == [
        "error: broken.json: node 'arrested': is part of a cycle: arrested -> held -> about -> arrested"
    ]


def test_dead_end_route_list_without_default(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t["nodes"]["arrested"]["no"].pop())
    assert found == [
        "error: broken.json: node 'arrested': option 'no': the last rule needs no 'if', so that some rule always applies"
    ]


def test_duplicate_option_values(tmp_path, data):
    found = problems_of(tmp_path, data, lambda t: t["nodes"]["held"]["options"][1].update(value="police"))
    assert found == ["error: broken.json: node 'held': offers the value 'police' twice"]


def test_condition_on_a_missing_question(tmp_path, data):
    def change(t):
        t["nodes"]["arrested"]["no"][0]["if"] = {"answer": "nope", "is": "x"}

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'arrested': option 'no', rule 1: 'nope' is not a question of this tree"
    ]


def test_condition_on_a_value_the_question_does_not_offer(tmp_path, data):
    def change(t):
        t["nodes"]["about"]["next"] = [
            {"if": {"answer": "held", "is": "army"}, "goto": "calm"},
            {"goto": "calm"},
        ]

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'about': next, rule 1: 'held' has no value 'army'"
    ]


def test_condition_on_a_state_that_does_not_exist(tmp_path, data):
    def change(t):
        t["nodes"]["arrested"]["no"][0]["if"] = {"answer": "where", "in": ["CA", "ZZ"]}

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'arrested': option 'no', rule 1: 'where' has no value 'ZZ'"
    ]


def test_condition_on_a_question_answered_later(tmp_path, data):
    def change(t):
        t["nodes"]["arrested"]["no"][0]["if"] = {"answer": "held", "is": "ice"}

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'arrested': option 'no', rule 1: 'held' is never answered before this node"
    ]


def test_unknown_fact_and_fact_value(tmp_path, data):
    def change(t):
        t["nodes"]["arrested"]["no"][0]["if"] = {
            "all": [
                {"fact": "moon_phase", "of": "where", "is": "full"},
                {"fact": "detainers", "of": "where", "is": "kind"},
            ]
        }

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'arrested': option 'no', rule 1: there is no fact 'moon_phase'",
        "error: broken.json: node 'arrested': option 'no', rule 1: fact 'detainers' has no value 'kind'",
    ]


def test_fact_about_the_wrong_kind_of_question(tmp_path, data):
    def change(t):
        t["nodes"]["about"]["next"] = [
            {"if": {"fact": "detainers", "of": "held", "is": "limited"}, "goto": "calm"},
            {"goto": "calm"},
        ]

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'about': next, rule 1: fact 'detainers' needs a 'us_states' question"
    ]


def test_block_condition_is_checked_too(tmp_path, data):
    def change(t):
        t["nodes"]["calm"]["blocks"][0]["if"] = {"answer": "held", "is": "nobody"}

    assert "error: broken.json: node 'calm': blocks 1: 'held' has no value 'nobody'" in problems_of(
        tmp_path, data, change
    )


def test_county_list_needs_a_state_question(tmp_path, data):
    def change(t):
        t["nodes"]["where"]["next"] = "county"
        t["nodes"]["county"] = {
            "kind": "select",
            "source": "counties",
            "of": "arrested",
            "title": "County?",
            "next": "arrested",
        }

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'county': lists counties of 'arrested', which is not a state question"
    ]


def test_state_law_block_needs_a_state_question(tmp_path, data):
    def change(t):
        t["nodes"]["calm"]["blocks"].append({"type": "state_law", "question": "held"})

    assert problems_of(tmp_path, data, change) == [
        "error: broken.json: node 'calm': blocks 2 needs a 'us_states' question, not 'held'"
    ]


def test_two_trees_with_one_id(tmp_path, data):
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(TINY))
    found = [str(p) for p in check_trees([tmp_path / "a.json", tmp_path / "b.json"], data)]
    assert found == ["error: b.json: id 'tiny' is also used by a.json"]


@pytest.mark.parametrize("name", ["graph", "paths", "check"])
def test_cli_commands_run(name):
    from click.testing import CliRunner

    from questionnaire.cli import main

    args = [name] if name == "check" else [name, "local_police"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    if name == "graph":
        assert result.output.startswith("flowchart TD")
        assert "county -->|" in result.output
    if name == "paths":
        assert result.output.strip().splitlines()[-1].endswith(" paths")
    if name == "check":
        assert "0 errors" in result.output


def test_cli_check_fails_on_a_broken_tree(tmp_path):
    from click.testing import CliRunner

    from questionnaire.cli import main

    tree = copy.deepcopy(TINY)
    tree["start"] = "nowhere"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(tree))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "start node 'nowhere' does not exist" in result.output
