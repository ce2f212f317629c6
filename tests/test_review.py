"""A lawyer's review, built in.

`questionnaire review SCOPE` writes one printable packet of every sentence a person reads, with the
law and the quoted sources behind it, a tick box and a comment box beside each line, and the hash
of each piece of content. `questionnaire review-record` records a sign-off; a page says "Checked by
a lawyer on <date>" only while its content still has the hash that was signed off.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import g

from helpers import SECRET
from questionnaire import create_app
from questionnaire.cli import main
from questionnaire.content.jurisdictions import FACT_VALUES, load_jurisdictions
from questionnaire.content.review_packet import (
    describe_condition,
    load_scope,
    packet_hash,
    render_packet,
    split_sentences,
)
from questionnaire.content.reviews import content_keys, record_review
from questionnaire.content.tree import SCHEMA_PATH, TREES_DIR, load_trees, tree_paths
from questionnaire.web.walk import explain_url

TODAY = dt.date(2026, 12, 5)
TREE_IDS = [p.stem for p in tree_paths()]


def text_of(page: str) -> str:
    """What a reader sees: tags and the style sheet gone, entities decoded, spaces collapsed."""
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def seen(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def packet(scope: str) -> tuple[str, dict, object, str]:
    """(HTML, trees, data, visible text) of a scope's packet, all from one reading of the content."""
    name, trees, data = load_scope(scope)
    page = render_packet(name, trees, data, TODAY)
    return page, trees, data, text_of(page)


# The packet of a state ------------------------------------------------------------------------


def test_the_packet_for_a_state_has_every_fact_sentence_and_detail_as_a_person_reads_them():
    page, _, data, text = packet("TX")
    texas = data.states["TX"]
    for topic in FACT_VALUES:
        fact = texas["facts"][topic]
        assert f"Texas: {data.fact_sentences[topic]['title']}" in text
        sentence = data.sentence(topic, fact["value"])
        if sentence is None:
            assert f"The value '{fact['value']}' shows nothing on the page." in text
            continue
        for part in split_sentences(sentence) + split_sentences(fact.get("detail", "")):
            assert seen(part) in text, (topic, part)


def test_the_packet_for_a_state_has_every_source_with_its_url_date_kind_and_quote():
    page, _, data, text = packet("TX")
    texas = data.states["TX"]
    sources = [s for fact in texas["facts"].values() for s in fact["sources"]]
    sources += [s for law in texas["laws"] for s in law["sources"]]
    assert sources
    for source in sources:
        assert f'href="{html.escape(source["url"])}"' in page
        assert seen(source["url"]) in text and seen(source["title"]) in text
        assert seen(source["quote"]) in text, source["quote"]
        assert f"({source['read']})" in text
    assert "primary (statute, session law, court opinion, official release)" in text


def test_the_packet_for_a_state_has_every_law_with_citation_year_status_and_effect():
    _, _, data, text = packet("TX")
    for law in data.states["TX"]["laws"]:
        assert seen(law["name"]) in text and seen(law["citation"]) in text
        assert f"year {law['year']}" in text and f"status {law['status']}" in text
        if law.get("in_force"):
            assert f"({law['in_force']})" in text
        for part in split_sentences(law["effect"]):
            assert seen(part) in text


def test_each_section_of_a_state_shows_its_content_key_and_hash():
    _, trees, data, text = packet("TX")
    digest = content_keys("TX", trees, data)["state:TX"][:12]
    assert text.count(f"Content key state:TX · hash {digest}") == len(FACT_VALUES) + 1  # topics, laws
    assert f"state:TX {digest}" in text  # the summary on the cover


def test_beside_every_line_is_a_tick_box_and_an_empty_comment_box():
    page, *_ = packet("TX")
    lines = page.count('<tr class="check')
    assert lines > len(FACT_VALUES)
    assert page.count("☐ correct<br>☐ wrong") == lines
    assert len(re.findall(r'<td class="comment"[^>]*></td>', page)) == lines


def test_the_cover_says_how_to_sign_off_with_the_packet_hash():
    _, trees, data, text = packet("TX")
    short = packet_hash(content_keys("TX", trees, data))[:12]
    assert "How to sign off" in text
    assert "questionnaire review-record TX --reviewer" in text and f"--hash {short}" in text
    assert "Checked by a lawyer on" in text and "Not yet checked by a lawyer" in text


def test_the_packet_is_one_file_that_fetches_nothing():
    page, *_ = packet("TX")
    assert "<style>" in page
    for fetch in ("<link", "<script", "<img", "<iframe", " src=", "@import", "url("):
        assert fetch not in page, fetch


# The packet of a tree -------------------------------------------------------------------------


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_the_packet_for_a_tree_has_every_outcome_title_with_its_key_and_hash(tree_id):
    _, trees, data, text = packet(tree_id)
    keys = content_keys(tree_id, trees, data)
    outcomes = [n for n in trees[tree_id].nodes.values() if n.is_outcome]
    assert len(keys) == len(outcomes)
    for node in outcomes:
        key = f"outcome:{tree_id}:{node.id}"
        assert seen(node.title) in text
        assert f"Content key {key} · hash {keys[key][:12]}" in text
    for node in trees[tree_id].nodes.values():
        if not node.is_outcome:
            assert seen(node.title) in text  # the questions a person answers on the way


@pytest.mark.parametrize("tree_id", TREE_IDS)
def test_every_fixed_sentence_of_every_outcome_is_in_the_tree_packet(tree_id):
    _, trees, _, text = packet(tree_id)
    for node in trees[tree_id].nodes.values():
        if not node.is_outcome:
            continue
        for block in node.raw["blocks"]:
            written = [block["text"]] if "text" in block else []
            for item in block.get("items", ()):
                if isinstance(item, str):
                    written.append(item)
                elif "say" in item:  # words to say: the lead, then the English words, each shown
                    written += [item.get("lead", ""), item["say"]]
            for part in [p for w in written for p in split_sentences(w)]:
                assert seen(part) in text, (node.id, part)


def test_a_shared_block_is_marked_with_its_id_and_its_evidence_is_quoted():
    for tree_id in TREE_IDS:
        _, trees, _, text = packet(tree_id)
        for node in trees[tree_id].nodes.values():
            shared = [b["shared"] for b in node.raw.get("blocks", ()) if "shared" in b]
            evidence = [b for b in node.raw.get("blocks", ()) if b.get("type") == "evidence"]
            if node.is_outcome and shared:
                for shared_id in shared:
                    assert f"shared block '{shared_id}' (trees/shared/blocks.json)" in text
                assert evidence and evidence[-1] is node.raw["blocks"][-1]
                for source in evidence[-1]["items"]:
                    assert seen(source["quote"]) in text and seen(source["url"]) in text
                return
    pytest.skip("no outcome uses a shared block yet")


def test_conditions_are_written_in_plain_words():
    assert describe_condition({"answer": "who_abuses", "is": "parent"}) == "answer 'who_abuses' is 'parent'"
    assert describe_condition({"fact": "detainers", "of": "state", "is": "limited"}) == (
        "fact detainers of state is limited"
    )
    assert describe_condition({"answer": "held_by", "in": ["ice", "jail"]}) == (
        "answer 'held_by' is one of 'ice', 'jail'"
    )
    assert (
        describe_condition(
            {
                "all": [
                    {"not": {"answer": "what", "is": "abuse"}},
                    {
                        "any": [
                            {"fact": "jails", "of": "state", "is": "state"},
                            {"answer": "hold", "is": "yes"},
                        ]
                    },
                ]
            }
        )
        == "not (answer 'what' is 'abuse') and (fact jails of state is state or answer 'hold' is 'yes')"
    )


def test_a_block_shown_only_under_a_condition_says_so_in_the_tree_packet():
    for tree_id in TREE_IDS:
        _, trees, _, text = packet(tree_id)
        tree = trees[tree_id]
        for node in tree.nodes.values():
            for block in node.raw.get("blocks", ()):
                if "if" in block:
                    assert "shown only if: " + describe_condition(block["if"], tree) in text
                    return
    pytest.skip("no tree has a conditional block yet")


def test_each_outcome_says_which_answers_lead_to_it():
    _, trees, _, text = packet("myths")
    which = trees["myths"].node(trees["myths"].start)
    for option in which.options:
        assert f"answer '{option.value}' (“{seen(option.label)}”)" in text


def test_sentences_are_cut_where_they_end_and_nowhere_else():
    text = 'A U.S. citizen can sue. See Galarza v. Szalczyk. It said "no." Then 48 hours pass.'
    assert split_sentences(text) == [
        "A U.S. citizen can sue.",
        "See Galarza v. Szalczyk.",
        'It said "no."',
        "Then 48 hours pass.",
    ]
    assert split_sentences("St. Paul has its own rules.") == ["St. Paul has its own rules."]


# The commands ---------------------------------------------------------------------------------


def test_review_writes_the_packet_named_for_its_scope_and_date(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["review", "TX"])
    assert result.exit_code == 0, result.output
    written = tmp_path / f"review-TX-{dt.date.today().isoformat()}.html"
    assert written.exists() and f"wrote {written.name}: Texas (TX), 1 content key" in result.output
    assert "Content key state:TX" in text_of(written.read_text(encoding="utf-8"))


def test_review_writes_where_it_is_told(tmp_path):
    out = tmp_path / "packet.html"
    result = CliRunner().invoke(main, ["review", "myths", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "outcome:myths:" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("scope", ["XX", "no_such_tree"])
def test_an_unknown_scope_exits_non_zero_with_a_plain_message(scope, tmp_path):
    result = CliRunner().invoke(main, ["review", scope, "-o", str(tmp_path / "x.html")])
    assert result.exit_code != 0
    assert f"Error: unknown scope '{scope}': give a state code (" in result.output
    assert "TX" in result.output and "local_police" in result.output and "'all'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.html").exists()


def test_recording_an_unknown_scope_is_refused_too(tmp_path):
    reviews = tmp_path / "reviews.json"
    result = CliRunner().invoke(
        main, ["review-record", "XX", "--reviewer", "A", "--organisation", "B", "--file", str(reviews)]
    )
    assert result.exit_code != 0 and "unknown scope 'XX'" in result.output
    assert not reviews.exists()


def test_review_record_signs_off_every_content_key_of_the_scope(tmp_path):
    reviews = tmp_path / "reviews.json"
    runner = CliRunner()
    args = ["--reviewer", "Ana Example", "--organisation", "Example Legal Aid", "--file", str(reviews)]
    result = runner.invoke(main, ["review-record", "TX", *args, "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "it covers 1 content key" in result.output
    result = runner.invoke(main, ["review-record", "myths", *args])
    outcomes = [n for n in load_trees()["myths"].nodes.values() if n.is_outcome]
    assert result.exit_code == 0, result.output
    assert f"it covers {len(outcomes)} content keys" in result.output
    first, second = json.loads(reviews.read_text(encoding="utf-8"))["reviews"]
    assert first["reviewer"] == "Ana Example" and first["organisation"] == "Example Legal Aid"
    assert first["date"] == "2026-12-01" and first["scope"] == "TX" and list(first["hashes"]) == ["state:TX"]
    assert second["date"] == dt.date.today().isoformat()
    assert sorted(second["hashes"]) == sorted(f"outcome:myths:{n.id}" for n in outcomes)


def test_review_record_refuses_a_packet_hash_that_no_longer_matches(tmp_path):
    reviews = tmp_path / "reviews.json"
    args = ["--reviewer", "A", "--organisation", "B", "--file", str(reviews)]
    result = CliRunner().invoke(main, ["review-record", "TX", *args, "--hash", "0123456789ab"])
    assert result.exit_code != 0 and "does not match the content of TX now" in result.output
    assert not reviews.exists()
    name, trees, data = load_scope("TX")
    now = packet_hash(content_keys(name, trees, data))[:12]
    result = CliRunner().invoke(main, ["review-record", "TX", *args, "--hash", now])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("date", ["2026-13-01", "yesterday", "2999-01-01"])
def test_review_record_refuses_a_date_that_is_not_a_real_past_date(tmp_path, date):
    reviews = tmp_path / "reviews.json"
    result = CliRunner().invoke(
        main,
        [
            "review-record",
            "TX",
            "--reviewer",
            "A",
            "--organisation",
            "B",
            "--date",
            date,
            "--file",
            str(reviews),
        ],
    )
    assert result.exit_code != 0 and "--date" in result.output and not reviews.exists()


# The pages ------------------------------------------------------------------------------------


def copy_trees(tmp_path: Path) -> Path:
    """The trees, their schema and the shared blocks, copied to a folder a test may change."""
    trees_dir = tmp_path / "trees"
    trees_dir.mkdir()
    for path in [*tree_paths(), SCHEMA_PATH]:
        shutil.copy(path, trees_dir / path.name)
    shutil.copytree(TREES_DIR / "shared", trees_dir / "shared")
    return trees_dir


def change_one_sentence(trees_dir: Path, tree_id: str, outcome_id: str) -> bool:
    """Change one sentence of an outcome; True if it was the outcome's own text, not a shared one."""
    path = trees_dir / f"{tree_id}.json"
    tree = json.loads(path.read_text(encoding="utf-8"))
    for block in tree["nodes"][outcome_id]["blocks"]:
        if "text" in block:
            block["text"] = block["text"].rstrip(".") + ", as a lawyer may find out."
            path.write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
            return True
    shared_path = trees_dir / "shared" / "blocks.json"
    shared = json.loads(shared_path.read_text(encoding="utf-8"))
    used = next(b["use"] for b in tree["nodes"][outcome_id]["blocks"] if "use" in b)
    block = shared["blocks"][used]["block"]
    if "text" in block:
        block["text"] = block["text"].rstrip(".") + ", as a lawyer may find out."
    else:
        block["items"][0] = block["items"][0].rstrip(".") + ", as a lawyer may find out."
    shared_path.write_text(json.dumps(shared, ensure_ascii=False), encoding="utf-8")
    return False


def explain_page(trees_dir: Path, reviews: Path, tree_id: str, outcome_id: str) -> str:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": SECRET, "TREES_DIR": str(trees_dir), "REVIEWS_FILE": str(reviews)}
    )
    tree = app.extensions["questionnaire"].trees[tree_id]
    with app.test_request_context("/en/"):
        g.lang = "en"
        url = explain_url(tree, tree.node(outcome_id), {})
    assert url.startswith("/en/e/") and outcome_id not in url
    response = app.test_client().get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_recorded_review_shows_on_the_page_and_changing_one_sentence_clears_it(tmp_path):
    trees_dir = copy_trees(tmp_path)
    reviews = tmp_path / "reviews.json"
    trees = load_trees(trees_dir)
    record_review(
        reviews,
        "myths",
        "Ana Example",
        "Example Legal Aid",
        dt.date(2026, 12, 1),
        trees,
        load_jurisdictions(),
    )
    first, other = [n.id for n in trees["myths"].nodes.values() if n.is_outcome][:2]

    page = explain_page(trees_dir, reviews, "myths", first)
    assert "Checked by a lawyer on December 1, 2026" in page
    assert "Not yet checked by a lawyer" not in page

    own_text = change_one_sentence(trees_dir, "myths", first)
    page = explain_page(trees_dir, reviews, "myths", first)
    assert "Not yet checked by a lawyer" in page
    assert "Checked by a lawyer on" not in page
    if own_text:  # a sentence of this outcome alone: the other outcomes keep their review
        assert "Checked by a lawyer on" in explain_page(trees_dir, reviews, "myths", other)


def test_without_a_review_a_page_says_it_is_not_yet_checked(tmp_path):
    trees_dir = copy_trees(tmp_path)
    outcome = next(n.id for n in load_trees(trees_dir)["myths"].nodes.values() if n.is_outcome)
    page = explain_page(trees_dir, tmp_path / "none.json", "myths", outcome)
    assert "Not yet checked by a lawyer" in page and "Checked by a lawyer on" not in page


def test_words_to_say_show_the_lead_the_english_and_that_every_language_shows_the_english():
    _, _, _, text = packet("ice_at_door")
    assert "Item 1, lead" in text and "Say through the door:" in text
    assert seen("“I do not consent to a search.”") in text
    assert "words to say: translated, then shown in English in every language" in text
