"""Reading grade of the English text in trees and data (Flesch-Kincaid, via textstat)."""

from __future__ import annotations

import statistics
import typing as t
from dataclasses import dataclass

import textstat

from .tree import Node, Tree, item_text

OUTCOME_LIMIT = 8.0  # an outcome's blocks, on average
BLOCK_LIMIT = 10.0  # any one block
TEXT_BLOCKS = ("paragraph", "warning", "list", "steps")  # a call block is a name and a number


@dataclass(frozen=True)
class Score:
    place: str
    grade: float


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def _sentences(items: t.Iterable[str]) -> str:
    # List items are often fragments; end each so they count as sentences, not one long one.
    return " ".join(i if i.rstrip().endswith((".", "!", "?", ":")) else i + "." for i in items)


def block_text(block: t.Mapping[str, t.Any]) -> str | None:
    if block["type"] not in TEXT_BLOCKS:
        return None
    if "items" in block:
        return _sentences(item_text(i) for i in block["items"])
    return t.cast(str, block["text"])


def node_scores(node: Node) -> list[Score]:
    """A score for each text block of a node, and for a question's own words."""
    scores = []
    if node.is_question:
        scores.append(Score("question", grade(_sentences([node.title, *filter(None, [node.hint])]))))
    for key in ("body", "blocks"):
        for i, block in enumerate(node.raw.get(key, ())):
            text = block_text(block)
            if text:
                scores.append(Score(f"{key} {i + 1}", grade(text)))
    return scores


@dataclass(frozen=True)
class NodeReport:
    node: str
    kind: str
    scores: tuple[Score, ...]

    @property
    def average(self) -> float | None:
        return statistics.fmean(s.grade for s in self.scores) if self.scores else None


def tree_report(tree: Tree) -> list[NodeReport]:
    return [NodeReport(n.id, n.kind, tuple(node_scores(n))) for n in tree.nodes.values()]


def problems(report: NodeReport) -> list[str]:
    """What breaks the limits: an outcome above 8 on average, any block above 10."""
    found = [
        f"{s.place} reads at grade {s.grade:.1f} (limit {BLOCK_LIMIT:.0f})"
        for s in report.scores
        if s.grade > BLOCK_LIMIT
    ]
    if report.kind == "outcome" and report.average is not None and report.average > OUTCOME_LIMIT:
        found.append(f"averages grade {report.average:.1f} (limit {OUTCOME_LIMIT:.0f})")
    return found
