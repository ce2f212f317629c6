"""The engine replays answers from the root; stale answers never survive a change."""

from questionnaire.content import engine
from questionnaire.content.tree import TREES_DIR, load_trees


def test_no_answers_starts_at_the_start(tiny, data):
    pos = engine.replay(tiny, {}, data)
    assert pos.node.id == "where"
    assert pos.steps == ()


def test_answers_lead_to_the_next_question(tiny, data):
    pos = engine.replay(tiny, {"where": "TX"}, data)
    assert pos.node.id == "arrested"
    assert pos.answers == {"where": "TX"}


def test_branch_on_a_state_fact_california_limits_ice_holds(tiny, data):
    assert engine.replay(tiny, {"where": "CA", "arrested": "no"}, data).node.id == "calm_limits"


def test_branch_on_a_state_fact_texas_goes_to_the_default(tiny, data):
    assert engine.replay(tiny, {"where": "TX", "arrested": "no"}, data).node.id == "calm"


def test_info_page_needs_to_be_seen(tiny, data):
    answers = {"where": "TX", "arrested": "yes", "held": "police"}
    assert engine.replay(tiny, answers, data).node.id == "about"
    done = engine.replay(tiny, {**answers, "about": engine.SEEN}, data)
    assert done.node.id == "calm" and done.finished


def test_changed_earlier_answer_drops_answers_off_the_path(tiny, data):
    answers = {"where": "TX", "arrested": "yes", "held": "ice"}
    assert engine.replay(tiny, answers, data).node.id == "urgent"
    changed = engine.answer(tiny, answers, "arrested", "no", data)
    assert changed.node.id == "calm"
    assert changed.answers == {"where": "TX", "arrested": "no"}
    assert "held" not in changed.answers


def test_changed_answer_keeps_later_answers_still_on_the_path(tiny, data):
    answers = {"where": "TX", "arrested": "yes", "held": "ice"}
    changed = engine.answer(tiny, answers, "where", "FL", data)
    assert changed.node.id == "urgent"
    assert changed.answers == {"where": "FL", "arrested": "yes", "held": "ice"}


def test_an_answer_that_is_not_offered_stops_the_walk_there(tiny, data):
    pos = engine.replay(tiny, {"where": "TX", "arrested": "maybe", "held": "ice"}, data)
    assert pos.node.id == "arrested"
    assert pos.answers == {"where": "TX"}


def test_unknown_state_is_not_accepted(tiny, data):
    assert engine.replay(tiny, {"where": "XX"}, data).node.id == "where"


def test_previous_and_on_path(tiny, data):
    pos = engine.replay(tiny, {"where": "TX", "arrested": "yes"}, data)
    assert pos.previous("held") == "arrested"
    assert pos.previous("where") is None
    assert pos.on_path("arrested") and not pos.on_path("about")


def test_progress_counts_the_longest_route_left(tiny, data):
    assert engine.progress(tiny, engine.replay(tiny, {}, data)) == (0, 4)
    assert engine.progress(tiny, engine.replay(tiny, {"where": "TX", "arrested": "yes"}, data)) == (2, 4)


def test_county_choices_follow_the_chosen_state(data):
    from questionnaire.content.tree import TREES_DIR, load_tree

    tree = load_tree(TREES_DIR / "local_police.json")
    counties = engine.choices(tree.node("county"), {"state": "DE"}, data)
    assert [label for _, label in counties] == [
        "Kent County",
        "New Castle County",
        "Sussex County",
        "I do not know",
    ]


def test_a_county_of_another_state_is_dropped_when_the_state_changes(data):
    from questionnaire.content.tree import TREES_DIR, load_tree

    tree = load_tree(TREES_DIR / "local_police.json")
    pos = engine.replay(tree, {"state": "CA", "county": "48201"}, data)  # Harris County, Texas
    assert pos.node.id == "county"
    assert pos.answers == {"state": "CA"}


def test_a_select_accepts_exactly_the_values_it_lists(data):
    """`accepts` asks the data directly; it must agree with the list a person sees."""
    trees = load_trees(TREES_DIR)
    selects = [n for tree in trees.values() for n in tree.nodes.values() if n.kind == "select"]
    assert {n.source for n in selects} == {"us_states", "counties"}
    for node in selects:
        for state in [*data.states, "ZZ"]:
            answers = {node.of: state} if node.of else {}
            listed = {value for value, _ in engine.choices(node, answers, data)}
            candidates = listed | set(data.states) | set(list(data.counties)[::50]) | {"unknown", ""}
            for value in candidates:
                assert engine.accepts(node, value, answers, data) == (value in listed), (
                    node.id,
                    state,
                    value,
                )
