"""A lawyer's review packet: every sentence a person reads, with its sources, to tick or correct.

`questionnaire review TX` (or a tree id, or all) writes one self-contained HTML file that prints
cleanly to PDF: a cover with the content hashes and how to sign off, then one section per state
topic, per law and per outcome. Each line a person reads stands in its own row, beside
"☐ correct ☐ wrong" and an empty box for a comment. Each section names its content key and the
first 12 hex digits of its hash (from reviews.content_keys), so a sign-off recorded with
`questionnaire review-record` covers exactly what the reviewer read.

The packet is rendered with a plain Jinja environment, in English: no Flask app, no request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from .jurisdictions import FACT_VALUES, Jurisdictions, load_jurisdictions
from .reviews import content_keys
from .tree import (
    SHARED_BLOCKS,
    SHARED_DIR,
    TREES_DIR,
    Node,
    Rule,
    SharedBlocks,
    Tree,
    item_text,
    load_shared,
    load_trees,
)

ALL = "all"
SHORT = 12  # hex digits of a hash shown in the packet

LAW_STATUS = {  # the same words the pages use (presenters.LAW_STATUS), in English
    "in_force": "In force.",
    "partly_blocked": "Partly blocked by a court.",
    "blocked": "Blocked by a court: not in force.",
    "not_yet_in_force": "Passed, not yet in force.",
    "repealed": "Repealed: no longer law.",
    "proposed": "Proposed only: not law.",
}
KIND_WORDS = {
    "primary": "primary (statute, session law, court opinion, official release)",
    "secondary": "secondary (news, legal aid, research group)",
    "ai_compiled": "AI-compiled list (never enough on its own)",
}
BLOCK_WORDS = {
    "heading": "Heading",
    "paragraph": "Paragraph",
    "warning": "Warning (the page puts “Important:” before it)",
    "list": "List",
    "steps": "Numbered steps",
    "call": "Call button",
    "sources": "Sources listed on the page",
    "growth_chart_287g": "Chart of 287(g) growth, with its table",
}


class UnknownScope(ValueError):
    """A scope that is neither a state code, a tree id nor "all"; the message says what is."""


# ---------------------------------------------------------------------------------------------
# Sentences


# Words ending in a full stop that do not end a sentence.
ABBREVIATIONS = frozenset(
    """v. vs. St. U.S. U.S.C. C.F.R. R.C. No. no. Nos. Mr. Mrs. Ms. Dr. Gov. Sen. Rep. Gen. Ct. Cir.
    App. Stat. Ann. Code. Inc. Co. Corp. Dept. e.g. i.e. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep.
    Sept. Oct. Nov. Dec. Tex. Fla. Cal. Ariz. Minn. Mass. Conn. Va. Ga. Ill. Ind. Pa. Wash.""".split()
)
_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """A text cut into its sentences, each kept exactly as written (joined with spaces, the text).

    A full stop ends a sentence only before a capital or a digit, and not after an abbreviation
    (U.S., v., St.) or a single initial.
    """
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        words = text[start:end].split()
        word = words[-1].rstrip('"”’)') if words else ""
        if word in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", word):
            continue
        sentences.append(text[start:end].strip())
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


# ---------------------------------------------------------------------------------------------
# Conditions and routes in plain words


def _quoted(values: t.Iterable[str], labels: t.Mapping[str, str]) -> list[str]:
    return [f"'{v}'" + (f" (“{labels[v]}”)" if v in labels else "") for v in values]


def _option_labels(tree: Tree | None, question: str) -> dict[str, str]:
    node = tree.nodes.get(question) if tree else None
    return {o.value: o.label for o in node.options} if node and node.kind == "choice" else {}


def describe_condition(condition: t.Mapping[str, t.Any], tree: Tree | None = None) -> str:
    """A condition in plain words, e.g. "answer 'who_abuses' is 'parent'" or
    "fact detainers of state is limited"."""

    def part(c: t.Mapping[str, t.Any]) -> str:
        text = describe_condition(c, tree)
        return f"({text})" if ("all" in c or "any" in c) else text

    if "all" in condition:
        return " and ".join(part(c) for c in condition["all"])
    if "any" in condition:
        return " or ".join(part(c) for c in condition["any"])
    if "not" in condition:
        return f"not ({describe_condition(condition['not'], tree)})"
    values = [condition["is"]] if "is" in condition else list(condition["in"])
    if "fact" in condition:
        said = values[0] if len(values) == 1 else "one of " + ", ".join(values)
        return f"fact {condition['fact']} of {condition['of']} is {said}"
    quoted = _quoted(values, _option_labels(tree, condition["answer"]))
    said = quoted[0] if len(quoted) == 1 else "one of " + ", ".join(quoted)
    return f"answer '{condition['answer']}' is {said}"


def _origin(node: Node, value: str | None) -> str:
    if node.kind == "info":
        return f"page '{node.id}' (“{node.title}”), Continue"
    where = f"question '{node.id}' (“{node.title}”)"
    if value is None:
        return f"{where}, any answer"
    label = next((o.label for o in node.options if o.value == value and node.kind == "choice"), None)
    return f"{where}, answer '{value}'" + (f" (“{label}”)" if label else "")


def _rule_words(route: tuple[Rule, ...], index: int, tree: Tree) -> str | None:
    """When a rule of a route applies: its own condition, once none of the earlier ones held."""
    rule = route[index]
    earlier = [describe_condition(r.condition, tree) for r in route[:index] if r.condition is not None]
    if rule.condition is None:
        return "if none of these holds: " + "; ".join(earlier) if earlier else None
    words = "if: " + describe_condition(rule.condition, tree)
    return words + (", and none of these holds first: " + "; ".join(earlier) if earlier else "")


def routes_to(tree: Tree, target: str) -> list[str]:
    """Each question answer (and rule) that leads straight to a node, in plain words."""
    found = []
    if tree.start == target:
        found.append("the first page of the questionnaire")
    for node in tree.nodes.values():
        for value, route in node.routes():
            if isinstance(route, str):
                if route == target:
                    found.append(_origin(node, value))
                continue
            for i, rule in enumerate(route):
                if rule.goto == target:
                    words = _rule_words(route, i, tree)
                    found.append(_origin(node, value) + (f", {words}" if words else ""))
    return found


def _goes_to(route: t.Any, tree: Tree) -> list[str]:
    if isinstance(route, str):
        return [f"→ {route}"]
    return [
        f"→ {rule.goto}" + (f" {words}" if (words := _rule_words(route, i, tree)) else "")
        for i, rule in enumerate(route)
    ]


# ---------------------------------------------------------------------------------------------
# What the template shows


@dataclass
class Check:
    """One line a person reads, with its number in the packet (for comments: "line 17 is wrong")."""

    number: int
    text: str
    label: str = ""  # e.g. "Step 2", "Detail", "Citation"


@dataclass
class SourceView:
    title: str
    url: str
    date: str  # read on (evidence) or published / last checked (a tree's sources block)
    date_words: str
    kind: str = ""
    quote: str = ""
    check: Check | None = None


@dataclass
class BlockView:
    type: str
    label: str
    condition: str | None = None
    shared: str | None = None
    checks: list[Check] = field(default_factory=list)
    sources: list[SourceView] = field(default_factory=list)
    note: str | None = None  # what a data block shows instead of fixed text
    evidence: list[int] = field(default_factory=list)  # lines of the evidence for a shared block


@dataclass
class OutcomeView:
    id: str
    key: str
    digest: str
    title: Check
    urgent: bool
    blocks: list[BlockView]
    evidence: list[SourceView]
    routes: list[str]


@dataclass
class OptionView:
    value: str
    label: Check | None
    hint: Check | None
    goes_to: list[str]


@dataclass
class QuestionView:
    id: str
    kind: str
    title: Check
    hint: Check | None
    error: Check | None
    options: list[OptionView]
    body: list[BlockView]
    evidence: list[SourceView]
    routes: list[str]
    note: str | None


@dataclass
class TreeView:
    id: str
    title: Check
    description: Check
    version: str
    last_reviewed: str
    file: str
    questions: list[QuestionView]
    outcomes: list[OutcomeView]


@dataclass
class LawView:
    id: str
    name: str
    citation: str
    year: int
    in_force: str | None
    status: str
    status_words: str
    verification: str
    facts_line: Check
    effect: list[Check]
    sources: list[SourceView]
    topics: list[str]  # the fact topics that rest on it


@dataclass
class TopicView:
    topic: str
    title: str
    value: str
    values: tuple[str, ...]
    sentence: list[Check]  # empty: this value shows nothing on the page
    detail: list[Check]
    verification: str
    extra: list[Check]  # lines the page adds (e.g. a 287(g) ban while ICE still lists agreements)
    hidden_detail: str | None  # a detail the page does not show, as its value shows nothing
    laws: list[LawView]
    sources: list[SourceView]


@dataclass
class StateView:
    code: str
    name: str
    key: str
    digest: str
    last_reviewed: str
    notes: str
    topics: list[TopicView]
    laws: list[LawView]


@dataclass
class Packet:
    scope: str
    scope_words: str
    today: str
    keys: dict[str, str]
    packet_hash: str
    states: list[StateView]
    trees: list[TreeView]
    lines: int
    file_name: str


def packet_hash(keys: t.Mapping[str, str]) -> str:
    """One hash over every content key and its hash: the whole scope as the reviewer read it."""
    canonical = json.dumps(dict(keys), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _date_words(iso: str) -> str:
    try:
        date = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{date.strftime('%B')} {date.day}, {date.year}"


class _Builder:
    def __init__(self, trees: t.Mapping[str, Tree], data: Jurisdictions, keys: t.Mapping[str, str]) -> None:
        self.trees = trees
        self.data = data
        self.keys = keys
        self.count = 0
        self._shared: dict[Path, SharedBlocks] = {}

    def check(self, text: str, label: str = "") -> Check:
        self.count += 1
        return Check(self.count, text, label)

    def sentences(self, text: str, label: str = "") -> list[Check]:
        """A check per sentence; the label on the first one only."""
        return [self.check(s, label if i == 0 else "") for i, s in enumerate(split_sentences(text))]

    def evidence(self, sources: t.Iterable[t.Mapping[str, t.Any]], claim: str) -> list[SourceView]:
        return [
            SourceView(
                title=s["title"],
                url=s["url"],
                date=s["read"],
                date_words=_date_words(s["read"]),
                kind=KIND_WORDS.get(s.get("kind", ""), s.get("kind", "")),
                quote=s.get("quote", ""),
                check=self.check(claim, "Source"),
            )
            for s in sources
        ]

    # States ------------------------------------------------------------------------------------

    def state(self, code: str) -> StateView:
        state = self.data.states[code]
        key = f"state:{code}"
        topics = [self.topic(code, topic) for topic in FACT_VALUES]  # lines numbered in reading order
        law_views = {law["id"]: self.law(law, state) for law in state["laws"]}
        for view in topics:
            view.laws = [law_views[i] for i in state["facts"][view.topic].get("laws", ()) if i in law_views]
        return StateView(
            code=code,
            name=state["name"],
            key=key,
            digest=self.keys[key],
            last_reviewed=state["last_reviewed"],
            notes=state.get("notes", ""),
            topics=topics,
            laws=list(law_views.values()),
        )

    def law(self, law: t.Mapping[str, t.Any], state: t.Mapping[str, t.Any]) -> LawView:
        words = LAW_STATUS.get(law["status"], law["status"])
        if law.get("in_force") and law["status"] in ("in_force", "not_yet_in_force", "partly_blocked"):
            words += f" In force from {_date_words(law['in_force'])}."
        line = f"{law['name']} ({law['citation']}, {law['year']}): {words}"
        return LawView(
            id=law["id"],
            name=law["name"],
            citation=law["citation"],
            year=law["year"],
            in_force=law.get("in_force"),
            status=law["status"],
            status_words=words,
            verification=law["verification"],
            facts_line=self.check(line, "Name, citation, year, status"),
            effect=self.sentences(law["effect"], "Effect"),
            sources=self.evidence(
                law["sources"], "The quote supports this law's citation, status and effect."
            ),
            topics=[topic for topic, fact in state["facts"].items() if law["id"] in fact.get("laws", ())],
        )

    def topic(self, code: str, topic: str) -> TopicView:
        fact = self.data.states[code]["facts"][topic]
        sentence = self.data.sentence(topic, fact["value"])
        shown = sentence is not None
        return TopicView(
            topic=topic,
            title=self.data.fact_sentences[topic]["title"],
            value=fact["value"],
            values=FACT_VALUES[topic],
            sentence=self.sentences(sentence, "Fixed sentence") if sentence is not None else [],
            detail=self.sentences(fact["detail"], "Detail") if fact.get("detail") and shown else [],
            verification=fact["verification"],
            extra=self.extra_lines(code, topic),
            hidden_detail=None if shown else fact.get("detail"),
            laws=[],
            sources=self.evidence(fact["sources"], "The quote supports the sentence and the detail."),
        )

    def extra_lines(self, code: str, topic: str) -> list[Check]:
        """What the page adds to a fact: the 287(g) warning where a ban meets ICE's list."""
        fact = self.data.states[code]["facts"][topic]
        if topic != "program_287g" or fact["value"] != "banned" or not self.data.agreement_lists:
            return []
        newest = self.data.agreement_lists[0]
        count = len(newest.by_state.get(code, ()))
        if not count:
            return []
        noun = "agreement" if count == 1 else "agreements"
        return [
            self.check(
                f"ICE's list of {_date_words(newest.as_of)} still shows {count} 287(g) {noun} in this "
                "state. Ask a lawyer what it means for you.",
                "Added by the page",
            )
        ]

    # Trees -------------------------------------------------------------------------------------

    def shared_of(self, tree: Tree) -> SharedBlocks:
        """The shared blocks beside a tree's file (its sources say what supports each)."""
        folder = tree.path.parent
        if folder not in self._shared:
            self._shared[folder] = load_shared(folder)
        return self._shared[folder]

    def tree(self, tree: Tree) -> TreeView:
        title = self.check(tree.title, "Title on the home page")
        description = self.check(tree.description, "Description on the home page")
        questions = [self.question(tree, n) for n in tree.nodes.values() if not n.is_outcome]
        outcomes = [self.outcome(tree, n) for n in tree.nodes.values() if n.is_outcome]
        return TreeView(
            id=tree.id,
            title=title,
            description=description,
            version=tree.version,
            last_reviewed=tree.last_reviewed,
            file=f"trees/{tree.path.name}",
            questions=questions,
            outcomes=outcomes,
        )

    def question(self, tree: Tree, node: Node) -> QuestionView:
        title = self.check(node.title, "Title")
        hint = self.check(node.hint, "Hint") if node.hint else None
        body, evidence = self.blocks(tree, node.body)
        options = []
        note = None
        if node.kind == "choice":
            for option in node.options:
                label = self.check(option.label, f"Choice '{option.value}'")
                option_hint = self.check(option.hint, "Hint") if option.hint else None
                options.append(OptionView(option.value, label, option_hint, _goes_to(option.next, tree)))
        elif node.kind == "yes_no":
            options = [OptionView(o.value, None, None, _goes_to(o.next, tree)) for o in node.options]
        elif node.kind == "select":
            what = (
                "every state and DC"
                if node.source == "us_states"
                else f"the counties of the state chosen in '{node.of}'"
            )
            note = f"A drop-down list of {what}" + (", and “I do not know”." if node.allow_unknown else ".")
            options = [OptionView("(any)", None, None, _goes_to(node.next, tree))]
        elif node.kind == "info":
            options = [OptionView("Continue", None, None, _goes_to(node.next, tree))]
        return QuestionView(
            id=node.id,
            kind=node.kind,
            title=title,
            hint=hint,
            error=self.check(node.error, "Message when nothing is chosen") if node.error else None,
            options=options,
            body=body,
            evidence=evidence,
            routes=routes_to(tree, node.id),
            note=note,
        )

    def outcome(self, tree: Tree, node: Node) -> OutcomeView:
        key = f"outcome:{tree.id}:{node.id}"
        title = self.check(node.title, "Title")
        blocks, evidence = self.blocks(tree, node.blocks)
        return OutcomeView(
            id=node.id,
            key=key,
            digest=self.keys[key],
            title=title,
            urgent=node.urgent,
            blocks=blocks,
            evidence=evidence,
            routes=routes_to(tree, node.id),
        )

    def blocks(
        self, tree: Tree, raws: t.Iterable[t.Mapping[str, t.Any]]
    ) -> tuple[list[BlockView], list[SourceView]]:
        """A page's blocks in order, and the evidence its shared blocks brought (the last block)."""
        blocks: list[BlockView] = []
        evidence: list[SourceView] = []
        for raw in raws:
            if raw.get("type") == "evidence":
                evidence += self.evidence(raw["items"], "The quote supports what this page says.")
            else:
                blocks.append(self.block(tree, raw))
        # Each shared block points to the lines of the evidence that supports it.
        line_of = {source.url: source.check.number for source in evidence if source.check}
        shared = self.shared_of(tree)
        for view in blocks:
            if view.shared and view.shared in shared:
                urls = dict.fromkeys(s["url"] for s in shared[view.shared].sources)
                view.evidence = sorted(line_of[u] for u in urls if u in line_of)
        return blocks, evidence

    def block(self, tree: Tree, raw: t.Mapping[str, t.Any]) -> BlockView:
        kind = raw.get("type", "")
        view = BlockView(
            type=kind,
            label=BLOCK_WORDS.get(kind, kind.replace("_", " ").capitalize()),
            condition=describe_condition(raw["if"], tree) if "if" in raw else None,
            shared=raw.get("shared"),
        )
        if kind == "heading":
            view.checks = [self.check(raw["text"])]
        elif kind in ("paragraph", "warning"):
            view.checks = self.sentences(raw["text"])
        elif kind in ("list", "steps"):
            for n, item in enumerate(raw["items"], 1):
                label = f"Step {n}" if kind == "steps" else f"Item {n}"
                if isinstance(item, str):
                    view.checks += self.sentences(item, label)
                    continue
                # Words to say: the lead is translated; the English words are shown as written here
                # on every language's page, after the translation, for the person to read out.
                if item.get("lead"):
                    view.checks += self.sentences(item["lead"], f"{label}, lead")
                view.checks.append(
                    self.check(
                        f"“{item['say']}”",
                        f"{label}, words to say: translated, then shown in English in every language",
                    )
                )
        elif kind == "call":
            view.checks = [self.check(f"{raw['text']}: {raw['phone']}", "Text and number")]
        elif kind == "sources":
            view.sources = [
                SourceView(
                    title=s["title"],
                    url=s["url"],
                    date=s.get("date", ""),
                    date_words=_date_words(s.get("date", "")),
                    check=self.check("The source is right, current and says what the page says.", "Source"),
                )
                for s in raw["items"]
            ]
        elif kind == "state_law":
            view.note = (
                f"Here the page shows the law of the state chosen in '{raw['question']}': the fixed "
                "sentence of every fact topic, its detail, the laws and their sources. They are in "
                "the state packets (questionnaire review XX)."
            )
        elif kind == "state_facts":
            view.note = (
                f"Here the page shows these facts of the state chosen in '{raw['question']}': "
                f"{', '.join(raw['facts'])}. Their sentences are in the state packets (questionnaire review XX)."
            )
        elif kind == "county_287g":
            view.note = (
                f"Here the page shows the 287(g) agreements ICE lists for the county chosen in "
                f"'{raw['question']}', with the date of each list. They come from ICE's own sheet. "
                "Under 'What changed near you' it says how many agreements in the state ICE's newest "
                "list shows signed in the 90 days up to that list's date, and names the new ones in "
                "the county, with their dates."
            )
        elif kind == "growth_chart_287g":
            points = "; ".join(
                f"{p.as_of}: {p.count} {p.unit.replace('_', ' ')} ({p.reliability.replace('_', ' ')}"
                + (f", file {p.imported_from}" if p.imported_from else "")
                + "".join(f", {s.title}, read {s.read}" for s in p.sources)
                + ")"
                for p in self.data.counts_287g
            )
            view.note = (
                "Here the page shows a chart of the national number of 287(g) agreements over time, "
                "with a table of the same numbers and their sources (trees/data/counts_287g.json, "
                "where each source's quote is kept). Only counts of agreements are drawn; numbers "
                "others reported are drawn hollow and marked 'Reported, not yet verified'. "
                f"Points: {points}."
            )
        elif kind == "state_map":
            view.note = (
                f"Here the page links to the map of the state chosen in '{raw['question']}': its counties "
                "coloured by the model of their 287(g) agreements on ICE's newest list."
            )
        else:
            texts = [raw[k] for k in ("text",) if isinstance(raw.get(k), str)]
            texts += [item_text(i) for i in raw.get("items", ()) if isinstance(i, str) or "say" in i]
            for text in texts:
                view.checks += self.sentences(text)
            if not texts:
                view.note = f"A block of type '{kind}' this packet cannot show: {json.dumps(raw)[:300]}"
        return view


def _scope_words(scope: str, trees: t.Mapping[str, Tree], data: Jurisdictions) -> str:
    if scope in data.states:
        return f"{data.states[scope]['name']} ({scope})"
    if scope in trees:
        return f"The questionnaire “{trees[scope].title}” ({scope})"
    return "All content: every state and every questionnaire"


def build_packet(
    scope: str, trees: t.Mapping[str, Tree], data: Jurisdictions, today: dt.date | None = None
) -> Packet:
    """What the packet of a scope shows (the scope as load_scope returns it)."""
    today = today or dt.date.today()
    keys = content_keys(scope, trees, data)
    builder = _Builder(trees, data, keys)
    codes = [c for c in data.states if f"state:{c}" in keys]
    tree_ids = [i for i, tr in trees.items() if any(k.startswith(f"outcome:{i}:") for k in keys)]
    states = [builder.state(code) for code in codes]
    tree_views = [builder.tree(trees[i]) for i in tree_ids]
    return Packet(
        scope=scope,
        scope_words=_scope_words(scope, trees, data),
        today=today.isoformat(),
        keys=keys,
        packet_hash=packet_hash(keys),
        states=states,
        trees=tree_views,
        lines=builder.count,
        file_name=default_file_name(scope, today),
    )


# ---------------------------------------------------------------------------------------------
# Loading a scope, rendering, writing


def load_scope(
    scope: str | None, trees_dir: Path = TREES_DIR, data: Jurisdictions | None = None
) -> tuple[str, dict[str, Tree], Jurisdictions]:
    """The scope as written in content keys ("TX", "local_police" or "all"), with what it covers.

    A state code needs no tree loaded (so a state can be reviewed while a tree is being edited).
    Raises UnknownScope with a plain message naming what a scope can be.
    """
    data = data or load_jurisdictions()
    wanted = (scope or ALL).strip()
    if wanted.lower() == ALL:
        return ALL, load_trees(trees_dir), data
    if wanted.upper() in data.states and len(wanted) == 2:
        return wanted.upper(), {}, data
    trees = load_trees(trees_dir)
    if wanted in trees:
        return wanted, trees, data
    raise UnknownScope(
        f"unknown scope '{wanted}': give a state code ({', '.join(data.states)}), "
        f"a questionnaire id ({', '.join(sorted(trees))}) or 'all'."
    )


def default_file_name(scope: str, today: dt.date) -> str:
    return f"review-{scope}-{today.isoformat()}.html"


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("questionnaire", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(packet: Packet) -> str:
    """The packet as one HTML document: inline CSS only, nothing fetched from anywhere."""
    template = environment().get_template("review_packet.html")
    return template.render(
        packet=packet,
        short=SHORT,
        # The packet is a file, never served, so the app's rule against inline style (its CSP)
        # does not apply; the style element is added here so that the rule still holds for
        # every template the app serves.
        style=Markup(f"<style>\n{CSS}</style>"),
        shared_file=f"trees/{SHARED_DIR}/{SHARED_BLOCKS}",
        date_words=_date_words,
    )


def render_packet(
    scope: str, trees: t.Mapping[str, Tree], data: Jurisdictions, today: dt.date | None = None
) -> str:
    """The packet of a scope (as load_scope returns it) as one HTML document."""
    return render(build_packet(scope, trees, data, today))


def write_packet(
    scope: str | None, output: Path | None = None, today: dt.date | None = None, trees_dir: Path = TREES_DIR
) -> tuple[Path, Packet]:
    """Write the packet of a scope; the default file is review-<scope>-<date>.html here."""
    name, trees, data = load_scope(scope, trees_dir)
    packet = build_packet(name, trees, data, today)
    path = output or Path(packet.file_name)
    path.write_text(render(packet), encoding="utf-8")
    return path, packet


CSS = """\
@page { margin: 16mm 14mm 16mm 14mm; }
html { font: 10pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; background: #fff; }
body { margin: 0; padding: 0 1px; }
h1 { font-size: 20pt; margin: 0 0 .4em; }
h2 { font-size: 15pt; margin: 0 0 .3em; break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .3em; break-after: avoid; }
h4 { font-size: 10.5pt; margin: .8em 0 .2em; break-after: avoid; }
p { margin: .3em 0; }
code, .key, .url, .hash { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 9pt; }
.url { word-break: break-all; }
a { color: #000; text-decoration: none; }
.sheet { break-before: page; }
.cover { break-before: avoid; }
.keyline { border: 1px solid #000; padding: .25em .5em; margin: .2em 0 .6em; display: inline-block; }
.meta { color: #333; }
.muted { color: #444; font-style: italic; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .3em 0 .8em; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #777; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #eee; font-size: 9pt; }
col.n { width: 3.2em; } col.tick { width: 6.2em; } col.comment { width: 30%; }
td.n { font-size: 8.5pt; color: #333; }
td.tick { font-size: 9pt; white-space: nowrap; }
td.comment { height: 2.2em; }
tr.context td { background: #f3f3f3; border-bottom: none; font-size: 9pt; }
.label { display: block; font-size: 8.5pt; color: #444; }
.warning-text { font-weight: bold; }
blockquote.quote { white-space: pre-line; margin: .25em 0; padding: .1em .6em; border-left: 3px solid #666; font-size: 9.5pt; }
.tag { border: 1px solid #000; padding: 0 .3em; font-size: 8.5pt; font-style: normal; white-space: nowrap; }
ul.routes, ul.plain { margin: .2em 0 .6em 1.2em; padding: 0; }
table.hashes td, table.hashes th { font-size: 9pt; padding: .1em .4em; }
.signature td { height: 2.6em; }
@media screen {
  body { max-width: 62rem; margin: 0 auto; padding: 1rem; }
  .sheet { border-top: 4px solid #000; margin-top: 2.5rem; padding-top: 1rem; }
  td.comment:focus-within, .comment-box:focus { outline: 2px solid #000; }
}
"""
