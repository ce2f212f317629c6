"""`questionnaire check` refuses a legal fact that its sources do not carry."""

from __future__ import annotations

import copy
import json

import pytest

from questionnaire.content.checks import check_state, check_trees
from questionnaire.content.jurisdictions import DataError, read_states

QUOTE = {
    "title": "Conn. Gen. Stat. 54-192h",
    "url": "https://www.cga.ct.gov/current/pub/chap_961.htm",
    "read": "2026-12-05",
    "quote": "No law enforcement officer shall detain an individual pursuant to a civil immigration detainer",
    "kind": "primary",
}
AI = {**QUOTE, "url": "https://github.com/recoveredfactory/287g-watch", "kind": "ai_compiled"}


def fact(value, **extra):
    return {"value": value, "sources": [QUOTE], "verification": "verified", **extra}


STATE = {
    "code": "CT",
    "name": "Connecticut",
    "facts": {
        "detainers": fact("limited", detail="Only with a judge's warrant.", laws=["trust"]),
        "program_287g": fact("banned"),
        "sanctuary_ban": fact("no"),
        "status_questions": fact("no_state_rule"),
        "information_sharing": fact("limited"),
        "courthouse_arrests": fact("limited"),
        "jails": fact("state"),
    },
    "laws": [
        {
            "id": "trust",
            "name": "TRUST Act",
            "citation": "Conn. Gen. Stat. 54-192h",
            "year": 2013,
            "status": "in_force",
            "effect": "Jails hold people for ICE only in a few cases.",
            "sources": [QUOTE],
            "verification": "verified",
        }
    ],
    "last_reviewed": "2026-12-05",
}


def problems(data, change=None):
    state = copy.deepcopy(STATE)
    if change:
        change(state)
    return [p.message for p in check_state(state)]


def test_a_well_sourced_state_passes(data):
    assert problems(data) == []


def test_a_verified_fact_resting_only_on_an_ai_compiled_list_fails(data):
    def change(s):
        s["facts"]["program_287g"]["sources"] = [AI]

    assert problems(data, change) == ["is marked verified, but only an AI-compiled list supports it"]


def test_the_same_fact_marked_unverified_passes_and_the_page_will_say_so(data):
    def change(s):
        s["facts"]["program_287g"].update(sources=[AI], verification="unverified")

    assert problems(data, change) == []


def test_a_fact_may_not_rest_on_a_proposed_law(data):
    def change(s):
        s["laws"][0]["status"] = "proposed"

    assert problems(data, change) == ["rests on law 'trust', which is proposed"]


def test_a_fact_may_not_name_a_law_the_file_does_not_list(data):
    def change(s):
        s["facts"]["detainers"]["laws"] = ["ld1259"]

    assert problems(data, change) == ["rests on law 'ld1259', which this file does not list"]


def test_limits_on_holds_must_name_their_exceptions(data):
    def change(s):
        del s["facts"]["detainers"]["detail"]

    assert problems(data, change) == ["needs a detail that will name the exceptions"]


def test_a_law_not_yet_in_force_needs_its_date(data):
    def change(s):
        s["laws"][0]["status"] = "not_yet_in_force"

    assert problems(data, change) == ["is not yet in force: give the date it takes effect"]


@pytest.mark.parametrize("missing", ["quote", "read", "url"])
def test_a_source_without_its_quote_date_or_address_is_refused_by_the_loader(tmp_path, missing):
    state = copy.deepcopy(STATE)
    del state["facts"]["detainers"]["sources"][0][missing]
    (tmp_path / "CT.json").write_text(json.dumps(state))
    with pytest.raises(DataError, match=missing):
        read_states(tmp_path)


def test_a_fact_without_any_source_is_refused_by_the_loader(tmp_path):
    state = copy.deepcopy(STATE)
    state["laws"][0]["sources"] = []
    (tmp_path / "CT.json").write_text(json.dumps(state))
    with pytest.raises(DataError, match="should be non-empty"):
        read_states(tmp_path)


def test_a_tree_that_uses_an_unknown_shared_block_fails_the_check(tmp_path, data):
    from helpers import FIXTURE_TREES

    tree = json.loads((FIXTURE_TREES / "tiny.json").read_text())
    tree["nodes"]["calm"]["blocks"].append({"use": "no_such_sentence"})
    (tmp_path / "tiny.json").write_text(json.dumps(tree))
    found = [str(p) for p in check_trees([tmp_path / "tiny.json"], data)]
    assert "error: tiny.json: node 'calm' blocks[1] uses unknown shared block 'no_such_sentence'" in found


def test_the_fact_values_in_the_code_are_the_ones_the_schema_allows():
    from questionnaire.content.jurisdictions import FACT_VALUES, STATE_SCHEMA_PATH

    schema = json.loads(STATE_SCHEMA_PATH.read_text())["properties"]["facts"]["properties"]
    assert {
        topic: tuple(spec["properties"]["value"]["enum"]) for topic, spec in schema.items()
    } == FACT_VALUES
