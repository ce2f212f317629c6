"""Static checks on trees: structure, references, reachability, cycles and conditions."""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass
from pathlib import Path

from . import readability
from .conditions import referenced, tested_values
from .engine import UNKNOWN, route_targets
from .jurisdictions import FACT_VALUES, FACTS, Jurisdictions
from .tree import (
    Node,
    Route,
    SharedBlocks,
    Tree,
    TreeError,
    load_shared,
    parse_tree,
    read_json,
    resolve_shared,
    schema_errors,
)

BLOCK_SOURCES = {
    "state_law": "us_states",
    "state_facts": "us_states",
    "county_287g": "counties",
    "state_map": "us_states",
}


@dataclass(frozen=True)
class Problem:
    file: str
    node: str | None
    message: str
    severity: str = "error"  # or "warning", which does not fail the check

    def __str__(self) -> str:
        where = f"{self.file}: node '{self.node}'" if self.node else self.file
        return f"{self.severity}: {where}: {self.message}"


def _routes_with_place(node: Node) -> t.Iterator[tuple[str, Route]]:
    for value, route in node.routes():
        yield (f"option '{value}'" if value else "next"), route


def _conditions(node: Node) -> t.Iterator[tuple[str, t.Mapping[str, t.Any]]]:
    for place, route in _routes_with_place(node):
        if not isinstance(route, str):
            for i, rule in enumerate(route):
                if rule.condition is not None:
                    yield f"{place}, rule {i + 1}", rule.condition
    for key in ("body", "blocks"):
        for i, block in enumerate(node.raw.get(key, ())):
            if "if" in block:
                yield f"{key} {i + 1}", block["if"]


def _allowed_values(question: Node, data: Jurisdictions) -> set[str] | None:
    """Every value a question can ever hold, or None when it depends on another answer."""
    if question.kind in ("choice", "yes_no"):
        return {o.value for o in question.options}
    if question.source == "us_states":
        return set(data.states) | ({UNKNOWN} if question.allow_unknown else set())
    if question.source == "counties":
        return set(data.counties) | ({UNKNOWN} if question.allow_unknown else set())
    return None


class _TreeChecker:
    def __init__(self, tree: Tree, data: Jurisdictions) -> None:
        self.tree = tree
        self.data = data
        self.file = tree.path.name
        self.problems: list[Problem] = []

    def error(self, node: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, node, message))

    def run(self) -> list[Problem]:
        if self.tree.start not in self.tree.nodes:
            self.error(None, f"start node '{self.tree.start}' does not exist")
            return self.problems
        for node in self.tree.nodes.values():
            self.check_routes(node)
            self.check_select(node)
            self.check_blocks(node)
        if any(p.severity == "error" for p in self.problems):
            return self.problems  # graph checks need every reference to resolve
        self.check_graph()
        if not any(p.severity == "error" for p in self.problems):
            for node in self.tree.nodes.values():
                self.check_conditions(node)
        return self.problems

    def check_routes(self, node: Node) -> None:
        if node.is_outcome:
            return
        if not node.routes():
            self.error(node.id, "leads nowhere: it has no next node and is not an outcome")
        values = [o.value for o in node.options]
        for value in {v for v in values if values.count(v) > 1}:
            self.error(node.id, f"offers the value '{value}' twice")
        for place, route in _routes_with_place(node):
            if not isinstance(route, str) and route[-1].condition is not None:
                self.error(node.id, f"{place}: the last rule needs no 'if', so that some rule always applies")
            for target in route_targets(route):
                if target not in self.tree.nodes:
                    self.error(node.id, f"{place} goes to '{target}', which does not exist")

    def check_select(self, node: Node) -> None:
        if node.kind != "select" or node.source != "counties":
            return
        state_q = self.tree.nodes.get(node.of or "")
        if state_q is None:
            self.error(node.id, f"lists counties of '{node.of}', which does not exist")
        elif state_q.source != "us_states":
            self.error(node.id, f"lists counties of '{node.of}', which is not a state question")

    def check_blocks(self, node: Node) -> None:
        for key in ("body", "blocks"):
            for i, block in enumerate(node.raw.get(key, ())):
                wanted = BLOCK_SOURCES.get(block["type"])
                if wanted is None:
                    continue
                question = self.tree.nodes.get(block["question"])
                if question is None:
                    self.error(node.id, f"{key} {i + 1} shows '{block['question']}', which does not exist")
                elif question.source != wanted:
                    self.error(node.id, f"{key} {i + 1} needs a '{wanted}' question, not '{question.id}'")

    def check_graph(self) -> None:
        reachable: set[str] = set()
        stack = [self.tree.start]
        while stack:
            node_id = stack.pop()
            if node_id in reachable:
                continue
            reachable.add(node_id)
            stack.extend(self.targets(node_id))
        for node_id in self.tree.nodes:
            if node_id not in reachable:
                self.error(node_id, "cannot be reached from the start")
        self.find_cycles()
        if not any(n.is_outcome for n in self.tree.nodes.values()):
            self.error(None, "has no outcome")

    def targets(self, node_id: str) -> list[str]:
        return [g for _, route in self.tree.nodes[node_id].routes() for g in route_targets(route)]

    def find_cycles(self) -> None:
        state: dict[str, int] = {}  # 1 = on the current route, 2 = done

        def visit(node_id: str, trail: list[str]) -> None:
            state[node_id] = 1
            for target in self.targets(node_id):
                if state.get(target) == 1:
                    loop = trail[trail.index(target) :] + [node_id, target]
                    self.error(
                        target, "is part of a cycle: " + " -> ".join(dict.fromkeys(loop)) + f" -> {target}"
                    )
                elif target not in state:
                    visit(target, trail + [node_id])
            state[node_id] = 2

        for node_id in self.tree.nodes:
            if node_id not in state:
                visit(node_id, [])

    def ancestors(self, node_id: str) -> set[str]:
        parents: dict[str, set[str]] = {}
        for nid in self.tree.nodes:
            for target in self.targets(nid):
                parents.setdefault(target, set()).add(nid)
        seen: set[str] = set()
        stack = list(parents.get(node_id, ()))
        while stack:
            nid = stack.pop()
            if nid not in seen:
                seen.add(nid)
                stack.extend(parents.get(nid, ()))
        return seen

    def check_conditions(self, node: Node) -> None:
        before = self.ancestors(node.id)
        for place, condition in _conditions(node):
            for leaf in referenced(condition):
                qid = leaf["of"] if "fact" in leaf else leaf["answer"]
                question = self.tree.nodes.get(qid)
                if question is None or not question.is_question:
                    self.error(node.id, f"{place}: '{qid}' is not a question of this tree")
                    continue
                if qid not in before:
                    self.error(node.id, f"{place}: '{qid}' is never answered before this node")
                if "fact" in leaf:
                    self.check_fact(node, place, leaf, question)
                    continue
                allowed = _allowed_values(question, self.data)
                for value in tested_values(leaf):
                    if allowed is not None and value not in allowed:
                        self.error(node.id, f"{place}: '{qid}' has no value '{value}'")

    def check_fact(self, node: Node, place: str, leaf: t.Mapping[str, t.Any], question: Node) -> None:
        fact = FACTS.get(leaf["fact"])
        if fact is None:
            self.error(node.id, f"{place}: there is no fact '{leaf['fact']}'")
            return
        if question.source != fact.source:
            self.error(node.id, f"{place}: fact '{leaf['fact']}' needs a '{fact.source}' question")
        for value in tested_values(leaf):
            if value not in fact.values:
                self.error(node.id, f"{place}: fact '{leaf['fact']}' has no value '{value}'")


def check_tree_file(
    path: Path, data: Jurisdictions, shared: SharedBlocks | None = None
) -> tuple[Tree | None, list[Problem]]:
    """Schema-validate and check one tree file, with its shared blocks in place."""
    try:
        raw = read_json(path)
        if shared is None:
            shared = load_shared(path.parent)
    except TreeError as exc:
        return None, [Problem(path.name, None, str(exc).split(": ", 1)[1])]
    errors = schema_errors(raw)
    if errors:
        return None, [Problem(path.name, _node_of(e), "schema: " + e) for e in errors]
    try:
        resolved = resolve_shared(raw, shared)
    except TreeError as exc:
        return None, [Problem(path.name, None, str(exc).split(": ", 1)[1])]
    tree = parse_tree(resolved, path)
    return tree, _TreeChecker(tree, data).run()


def _node_of(schema_error: str) -> str | None:
    parts = schema_error.split(":", 1)[0].split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "nodes" else None


STALE_DAYS = 180


def _age_warning(file: str, node: str | None, what: str, iso: str, today: dt.date) -> list[Problem]:
    age = (today - dt.date.fromisoformat(iso)).days
    if age <= STALE_DAYS:
        return []
    return [
        Problem(file, node, f"{what} was last reviewed {age} days ago ({iso}); check it again", "warning")
    ]


def check_readability(tree: Tree) -> list[Problem]:
    """English text above the reading-grade limits fails the check."""
    return [
        Problem(tree.path.name, report.node, message)
        for report in readability.tree_report(tree)
        for message in readability.problems(report)
    ]


# Facts whose value means nothing without the state's own words: which exceptions, which penalty.
NEEDS_DETAIL = {
    ("detainers", "limited"): "name the exceptions",
    ("program_287g", "conditions"): "name the conditions",
    ("sanctuary_ban", "yes"): "name the penalty",
}
# A fact may rest only on a law that binds today (or soon will, with a date). A fact that says
# there is no such law may name the bills that would change that.
BINDING = frozenset({"in_force", "partly_blocked", "not_yet_in_force"})
ABSENT = frozenset({"no_state_rule", "no"})


def _quoted_support(item: t.Mapping[str, t.Any]) -> bool:
    """At least one source that is not an AI-compiled list, with the words that support the claim."""
    return any(s["kind"] != "ai_compiled" and len(s["quote"].strip()) >= 12 for s in item["sources"])


def check_state(state: t.Mapping[str, t.Any]) -> list[Problem]:
    """One state's facts and laws: each backed by a quoted source, each claim no larger than its law."""
    file = f"data/states/{state['code']}.json"
    problems: list[Problem] = []

    def error(place: str, message: str) -> None:
        problems.append(Problem(file, place, message))

    laws = {law["id"]: law for law in state["laws"]}
    if len(laws) != len(state["laws"]):
        error("laws", "two laws share an id")
    for topic, fact in state["facts"].items():
        place = f"facts/{topic}"
        if fact["value"] not in FACT_VALUES[topic]:
            error(place, f"has no value '{fact['value']}'")
            continue
        if not fact["sources"]:
            error(place, "has no source")
        if fact["verification"] == "verified" and not _quoted_support(fact):
            error(place, "is marked verified, but only an AI-compiled list supports it")
        need = NEEDS_DETAIL.get((topic, fact["value"]))
        if need and not fact.get("detail"):
            error(place, f"needs a detail that will {need}")
        for law_id in fact.get("laws", ()):
            law = laws.get(law_id)
            if law is None:
                error(place, f"rests on law '{law_id}', which this file does not list")
            elif law["status"] not in BINDING and fact["value"] not in ABSENT:
                error(place, f"rests on law '{law_id}', which is {law['status'].replace('_', ' ')}")
        if fact.get("detail"):
            score = readability.grade(fact["detail"])
            if score > readability.BLOCK_LIMIT:
                error(place, f"detail reads at grade {score:.1f} (limit 10)")
    for law in state["laws"]:
        place = f"laws/{law['id']}"
        if not law["sources"]:
            error(place, "has no source")
        if law["verification"] == "verified" and not _quoted_support(law):
            error(place, "is marked verified, but only an AI-compiled list supports it")
        if law["status"] == "not_yet_in_force" and "in_force" not in law:
            error(place, "is not yet in force: give the date it takes effect")
        score = readability.grade(law["effect"])
        if score > readability.BLOCK_LIMIT:
            error(place, f"effect reads at grade {score:.1f} (limit 10)")
    return problems


def check_fact_sentences(data: Jurisdictions) -> list[Problem]:
    """Every value of every fact has its fixed sentence (or an explicit null), readable."""
    file = "shared/facts.json"
    problems = []
    for topic, values in FACT_VALUES.items():
        known = data.fact_sentences.get(topic, {}).get("values", {})
        for value in values:
            if value not in known:
                problems.append(Problem(file, topic, f"has no sentence (or null) for '{value}'"))
            elif known[value] and readability.grade(known[value]["text"]) > readability.BLOCK_LIMIT:
                problems.append(Problem(file, topic, f"the sentence for '{value}' is hard to read"))
    return problems


def check_data(data: Jurisdictions, today: dt.date) -> list[Problem]:
    """The state law data: quoted sources, readable sentences, reviewed within the last 180 days."""
    problems: list[Problem] = check_fact_sentences(data)
    for code, state in data.states.items():
        problems.extend(check_state(state))
        problems.extend(
            _age_warning(f"data/states/{code}.json", None, "the state's law", state["last_reviewed"], today)
        )
    for lst in data.agreement_lists:
        age = (today - dt.date.fromisoformat(lst.as_of)).days
        if age > STALE_DAYS:
            problems.append(
                Problem(
                    "data/agreements_287g.json",
                    None,
                    f"the list '{lst.title}' is {age} days old ({lst.as_of})",
                    "warning",
                )
            )
    return problems


def check_trees(paths: t.Iterable[Path], data: Jurisdictions, today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    shared: dict[Path, SharedBlocks] = {}
    for path in paths:
        try:
            blocks = shared.setdefault(path.parent, load_shared(path.parent))
        except TreeError as exc:
            problems.append(Problem("shared/blocks.json", None, str(exc).split(": ", 1)[1]))
            blocks = {}
        tree, found = check_tree_file(path, data, blocks)
        problems.extend(found)
        if tree is not None:
            problems.extend(check_readability(tree))
            problems.extend(_age_warning(path.name, None, "the tree", tree.last_reviewed, today))
            if tree.id in ids:
                problems.append(Problem(path.name, None, f"id '{tree.id}' is also used by {ids[tree.id]}"))
            ids[tree.id] = path.name
    return problems
