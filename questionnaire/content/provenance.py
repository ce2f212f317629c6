"""Where the facts come from, how old they are, and what a lawyer has checked: read from the data.

The "About this site" page shows these figures; they are computed here from the trees, the state
files, the 287(g) lists and the recorded reviews, so the page can never claim more than the data.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from .jurisdictions import Jurisdictions
from .reviews import Signoffs
from .tree import Tree


@dataclass(frozen=True)
class Provenance:
    states_oldest: str  # ISO dates: the oldest and newest check of a state's law against its sources
    states_newest: str
    state_count: int
    agreements_as_of: str | None  # the date of the newest 287(g) list, if any
    trees_oldest: str  # the oldest and newest review of a questionnaire's wording
    trees_newest: str
    # What a lawyer has checked as it is now: states (English names), and questionnaires (English
    # titles) whose every outcome is checked.
    states_checked: tuple[str, ...]
    trees_checked: tuple[str, ...]
    outcomes_checked: int
    outcomes_total: int

    @property
    def lawyer_checked_any(self) -> bool:
        return bool(self.states_checked or self.outcomes_checked)


def provenance(trees: t.Mapping[str, Tree], data: Jurisdictions, signoffs: Signoffs) -> Provenance:
    """The dates and reviews of the content as it is now."""
    state_dates = sorted(s["last_reviewed"] for s in data.states.values())
    tree_dates = sorted(tree.last_reviewed for tree in trees.values())
    states_checked = tuple(
        name for code, name in data.state_options() if signoffs.checked(f"state:{code}") is not None
    )
    trees_checked = []
    checked = total = 0
    for tree in trees.values():
        outcomes = [n for n in tree.nodes.values() if n.is_outcome]
        done = sum(signoffs.checked(f"outcome:{tree.id}:{n.id}") is not None for n in outcomes)
        checked, total = checked + done, total + len(outcomes)
        if outcomes and done == len(outcomes):
            trees_checked.append(tree.title)
    return Provenance(
        states_oldest=state_dates[0],
        states_newest=state_dates[-1],
        state_count=len(state_dates),
        agreements_as_of=data.agreement_lists[0].as_of if data.agreement_lists else None,
        trees_oldest=tree_dates[0],
        trees_newest=tree_dates[-1],
        states_checked=states_checked,
        trees_checked=tuple(trees_checked),
        outcomes_checked=checked,
        outcomes_total=total,
    )
