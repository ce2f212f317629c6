"""Lawyers' sign-offs: which content a qualified person has checked, held to the exact words.

A review records, for each piece of content it covers, a hash of that content as it was read. A
page says "Checked by a lawyer" only while its content still has the recorded hash, so changing
one sentence (or one source) clears the review of the page that shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import typing as t
from dataclasses import dataclass
from pathlib import Path

from .jurisdictions import FACT_VALUES, Jurisdictions
from .tree import TREES_DIR, Node, Tree

REVIEWS_PATH = TREES_DIR / "data" / "reviews.json"


def _digest(value: t.Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def state_content(code: str, data: Jurisdictions) -> dict[str, t.Any]:
    """What a person reads about one state: its file, and the fixed sentences of its values."""
    state = data.states[code]
    sentences = {topic: data.sentence(topic, state["facts"][topic]["value"]) for topic in FACT_VALUES}
    return {"state": state, "sentences": sentences}


def outcome_content(tree: Tree, node: Node) -> dict[str, t.Any]:
    """What a person reads on one outcome: its title and blocks, shared ones in place."""
    return {"tree": tree.id, "title": node.title, "blocks": list(node.blocks)}


def content_keys(scope: str, trees: t.Mapping[str, Tree], data: Jurisdictions) -> dict[str, str]:
    """Each content key a scope covers ("TX", a tree id, or "all"), with the hash of its content now."""
    keys: dict[str, str] = {}
    if scope == "all" or scope in data.states:
        for code in data.states if scope == "all" else (scope,):
            keys[f"state:{code}"] = _digest(state_content(code, data))
    if scope == "all" or scope in trees:
        for tree in trees.values() if scope == "all" else (trees[scope],):
            for node in tree.nodes.values():
                if node.is_outcome:
                    keys[f"outcome:{tree.id}:{node.id}"] = _digest(outcome_content(tree, node))
    if not keys:
        raise KeyError(scope)
    return keys


@dataclass(frozen=True)
class Review:
    reviewer: str
    organisation: str
    date: str
    scope: str
    hashes: t.Mapping[str, str]


def read_reviews(path: Path | str | None = None) -> tuple[Review, ...]:
    """Every recorded review, oldest first (none if the file does not exist).

    The path may be a string, as the app's REVIEWS_FILE setting is.
    """
    path = Path(path) if path else REVIEWS_PATH
    if not path.exists():
        return ()
    raw = json.loads(path.read_text(encoding="utf-8"))
    reviews = [Review(**r) for r in raw["reviews"]]
    return tuple(sorted(reviews, key=lambda r: r.date))


def record_review(
    path: Path | str,
    scope: str,
    reviewer: str,
    organisation: str,
    date: dt.date,
    trees: t.Mapping[str, Tree],
    data: Jurisdictions,
) -> Review:
    """Add a sign-off for a scope's content as it is now."""
    path = Path(path)
    review = Review(reviewer, organisation, date.isoformat(), scope, content_keys(scope, trees, data))
    existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"reviews": []}
    existing["reviews"].append(review.__dict__ | {"hashes": dict(review.hashes)})
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return review


class Signoffs:
    """For each content key, the newest review whose recorded hash matches the content now."""

    def __init__(self, reviews: t.Iterable[Review], trees: t.Mapping[str, Tree], data: Jurisdictions) -> None:
        now = content_keys("all", trees, data)
        self._checked: dict[str, Review] = {}
        for review in reviews:
            for key, digest in review.hashes.items():
                if now.get(key) == digest:
                    self._checked[key] = review  # later reviews replace earlier ones

    def checked(self, key: str) -> Review | None:
        return self._checked.get(key)
