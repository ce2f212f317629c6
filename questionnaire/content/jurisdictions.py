"""Jurisdiction data the trees branch on and show: state law, counties, 287(g) agreements."""

from __future__ import annotations

import csv
import datetime as dt
import json
import typing as t
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import jsonschema

from .counts_287g import COUNTS_NAME, SCHEMA_NAME, CountPoint, CountsError, read_counts
from .tree import TREES_DIR

DATA_DIR = TREES_DIR / "data"
STATES_DIR = DATA_DIR / "states"
STATE_SCHEMA_PATH = DATA_DIR / "state.schema.json"
FACT_SENTENCES_PATH = TREES_DIR / "shared" / "facts.json"
ICE_287G_PAGE = "https://www.ice.gov/identify-and-arrest/287g"  # ICE's own page of current agreements
AGREEMENTS_PATH = DATA_DIR / "agreements_287g.json"

UNKNOWN = "unknown"
# "What changed near you" counts agreements signed in this many days up to a list's own date (the
# pages say "90 days" in words).
RECENT_DAYS = 90

# The topics of each state's law and the values each can take (the state schema says the same,
# and a test holds the two together). Each value has one fixed sentence in trees/shared/facts.json.
FACT_VALUES: dict[str, tuple[str, ...]] = {
    "detainers": ("must_honor", "limited", "jail_decides", "no_state_rule"),
    "program_287g": ("required", "banned", "conditions", "no_state_rule"),
    "sanctuary_ban": ("yes", "no"),
    "status_questions": ("protected", "no_state_rule"),
    "information_sharing": ("limited", "required", "no_state_rule"),
    "courthouse_arrests": ("limited", "no_state_rule"),
    "jails": ("county", "state"),
}


@dataclass(frozen=True)
class County:
    fips: str
    name: str
    state: str


@dataclass(frozen=True)
class Agreement:
    agency: str
    model: str  # JEM, TFM, WSO or unknown
    signed: str | None
    scope: str  # county, municipal, state or unknown
    county: str | None = None  # FIPS code, where the list ties the agency to a county
    url: str | None = None


@dataclass(frozen=True)
class AgreementList:
    """One dated list of 287(g) agreements, as ICE published it."""

    as_of: str
    title: str
    url: str
    live_url: str
    by_county: t.Mapping[str, tuple[Agreement, ...]]
    by_state: t.Mapping[str, tuple[Agreement, ...]]

    @cached_property
    def statewide(self) -> dict[str, tuple[Agreement, ...]]:
        """Per state, the state agencies with an agreement: they can act anywhere in the state."""
        return {s: tuple(a for a in rows if a.scope == "state") for s, rows in self.by_state.items()}

    @cached_property
    def latest_signed(self) -> str | None:
        """The newest signing date on the list (ISO), ignoring dates after the list's own.

        ICE posts an agreement weeks or months after it is signed, so a list of September may hold
        nothing signed after June: counting back from the list's date would show almost nothing
        new, when in truth the list cannot yet know.
        """
        dates = [
            a.signed for rows in self.by_state.values() for a in rows if a.signed and a.signed <= self.as_of
        ]
        return max(dates, default=None)

    @cached_property
    def recent(self) -> dict[str, tuple[Agreement, ...]]:
        """Per state, the agreements signed in the RECENT_DAYS days up to the newest signing date.

        Counted back from a date on the list, never from today: a page then says the same whatever
        day it is served, and its sentence names that date, so it stays true.
        """
        if self.latest_signed is None:
            return {}
        end = dt.date.fromisoformat(self.latest_signed)
        start = end - dt.timedelta(days=RECENT_DAYS)  # the day before the first day counted
        return {
            s: tuple(a for a in rows if a.signed and start < dt.date.fromisoformat(a.signed) <= end)
            for s, rows in self.by_state.items()
        }

    @cached_property
    def recent_by_county(self) -> dict[str, tuple[Agreement, ...]]:
        """The recent agreements of each county (FIPS) that has any, newest first.

        Grouped once, so a page reads its county's few instead of scanning the state's hundreds.
        """
        grouped: dict[str, list[Agreement]] = {}
        for rows in self.recent.values():
            for a in rows:
                if a.county:
                    grouped.setdefault(a.county, []).append(a)
        return {
            fips: tuple(sorted(rows, key=lambda a: (a.signed or "", a.agency, a.model), reverse=True))
            for fips, rows in grouped.items()
        }

    @cached_property
    def unplaced(self) -> dict[str, int]:
        """Per state, how many agreements of local agencies the list ties to no county."""
        return {
            s: sum(1 for a in rows if a.scope != "state" and not a.county)
            for s, rows in self.by_state.items()
        }


@dataclass(frozen=True)
class Fact:
    """A named value derived from one answer, for tree conditions."""

    source: str  # the select source the answer must come from
    values: tuple[str, ...]
    compute: t.Callable[[Jurisdictions, str], str]


@dataclass(frozen=True)
class Jurisdictions:
    states: t.Mapping[str, t.Mapping[str, t.Any]]
    counties: t.Mapping[str, County]
    counties_by_state: t.Mapping[str, tuple[County, ...]]
    agreement_lists: tuple[AgreementList, ...] = field(default=())
    # Per fact: its title and, per value, the fixed sentence (None: nothing is shown).
    fact_sentences: t.Mapping[str, t.Mapping[str, t.Any]] = field(default_factory=dict)
    # National counts of 287(g) agreements over time, oldest first (the growth chart).
    counts_287g: tuple[CountPoint, ...] = ()

    def state_fact(self, code: str, topic: str) -> t.Mapping[str, t.Any] | None:
        """One fact of one state's law (value, detail, laws, sources, verification)."""
        state = self.states.get(code)
        return state["facts"][topic] if state else None

    def sentence(self, topic: str, value: str) -> str | None:
        """The fixed English sentence for one value of a fact (None: nothing is shown)."""
        entry = self.fact_sentences[topic]["values"].get(value)
        return entry["text"] if entry else None

    def laws_of(self, code: str, topic: str) -> list[t.Mapping[str, t.Any]]:
        """The laws a state's fact rests on, as the state's file lists them."""
        state = self.states[code]
        ids = state["facts"][topic].get("laws", ())
        return [law for law in state["laws"] if law["id"] in ids]

    def state_options(self) -> list[tuple[str, str]]:
        """(code, English name) for every state and DC, by name."""
        return list(self._states_by_name)

    @cached_property
    def _states_by_name(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(((c, s["name"]) for c, s in self.states.items()), key=lambda x: x[1]))

    @cached_property
    def dates(self) -> frozenset[str]:
        """Every date the 287(g) lists hold (ISO), so pages can format them all at once."""
        found = {lst.as_of for lst in self.agreement_lists}
        for lst in self.agreement_lists:
            for agreements in lst.by_state.values():
                found.update(a.signed for a in agreements if a.signed)
        return frozenset(found)

    def offers(self, source: str, of_value: str | None, value: str) -> bool:
        """Whether a select node offers this value: the same as `value in options(...)`, at once."""
        if source == "us_states":
            return value in self.states
        if source == "counties":
            county = self.counties.get(value)
            return county is not None and county.state == of_value
        raise KeyError(source)

    def county_options(self, state: str) -> list[tuple[str, str]]:
        return [(c.fips, c.name) for c in self.counties_by_state.get(state, ())]

    def options(self, source: str, of_value: str | None) -> list[tuple[str, str]]:
        """The values and English labels a select node offers."""
        if source == "us_states":
            return self.state_options()
        if source == "counties":
            return self.county_options(of_value or "")
        raise KeyError(source)

    def agreements_in_county(self, fips: str) -> list[tuple[AgreementList, tuple[Agreement, ...]]]:
        """For each dated list, the agreements of agencies in that county (newest list first)."""
        return [(lst, lst.by_county.get(fips, ())) for lst in self.agreement_lists]

    def fact(self, name: str, value: str) -> str:
        return FACTS[name].compute(self, value)


def _topic(topic: str) -> t.Callable[[Jurisdictions, str], str]:
    def compute(data: Jurisdictions, code: str) -> str:
        fact = data.state_fact(code, topic)
        return fact["value"] if fact else UNKNOWN

    return compute


def _county_has_287g(data: Jurisdictions, fips: str) -> str:
    if fips not in data.counties or not data.agreement_lists:
        return UNKNOWN
    return "yes" if any(agreements for _, agreements in data.agreements_in_county(fips)) else "no"


FACTS: dict[str, Fact] = {
    **{topic: Fact("us_states", (*values, UNKNOWN), _topic(topic)) for topic, values in FACT_VALUES.items()},
    "county_has_287g": Fact("counties", ("yes", "no", UNKNOWN), _county_has_287g),
}


def _read_counties(state_fips: dict[str, str]) -> dict[str, County]:
    """Counties (and parishes, boroughs, census areas) from the list shipped with addfips."""
    counties: dict[str, County] = {}
    text = resources.files("addfips").joinpath("data/counties_2020.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        fips = row["statefp"] + row["countyfp"]
        state = state_fips.get(row["statefp"])
        # The list repeats some places under other names (DC as "Washington"); keep the first.
        if state and fips not in counties:
            counties[fips] = County(fips=fips, name=row["name"], state=state)
    return counties


def _read_state_fips() -> dict[str, str]:
    text = resources.files("addfips").joinpath("data/states.csv").read_text("utf-8")
    return {row["fips"]: row["postal"] for row in csv.DictReader(text.splitlines())}


def _read_agreements(path: Path) -> tuple[AgreementList, ...]:
    if not path.exists():
        return ()
    raw = json.loads(path.read_text(encoding="utf-8"))
    lists = []
    for lst in raw["lists"]:
        by_county: dict[str, list[Agreement]] = {}
        by_state: dict[str, list[Agreement]] = {}
        for row in lst["agreements"]:
            agreement = Agreement(
                agency=row["agency"],
                model=row["model"],
                # A signing date after the list's own cannot be right (ICE's sheet of 2025-07-18
                # says 5025-07-07 for one office): shown as not known, never as written.
                signed=row.get("signed") if (row.get("signed") or "") <= lst["as_of"] else None,
                scope=row.get("scope", "unknown"),
                county=row.get("county"),
                url=row.get("url"),
            )
            by_state.setdefault(row["state"], []).append(agreement)
            if row.get("county"):
                by_county.setdefault(row["county"], []).append(agreement)
        lists.append(
            AgreementList(
                as_of=lst["as_of"],
                title=lst["title"],
                url=lst["url"],
                live_url=raw["live_url"],
                by_county={k: tuple(v) for k, v in by_county.items()},
                by_state={k: tuple(v) for k, v in by_state.items()},
            )
        )
    lists.sort(key=lambda x: x.as_of, reverse=True)
    return tuple(lists)


class DataError(Exception):
    """A data file that cannot be loaded; the message names the file and place."""


def state_schema_errors(data: t.Any, schema_path: Path = STATE_SCHEMA_PATH) -> list[str]:
    """Schema violations of one state file, as 'json/pointer: message' lines."""
    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def read_states(states_dir: Path = STATES_DIR) -> dict[str, dict[str, t.Any]]:
    """Every state file in a folder, validated, keyed by its code (sorted by code)."""
    states = {}
    for path in sorted(states_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = state_schema_errors(data)
        if errors:
            raise DataError(f"{path.parent.name}/{path.name}: " + "; ".join(errors[:5]))
        if path.stem != data["code"]:
            raise DataError(f"{path.parent.name}/{path.name}: code {data['code']} differs from the file name")
        states[data["code"]] = data
    return states


def load_jurisdictions(
    states_dir: Path | None = None,
    agreements_path: Path | None = None,
    sentences_path: Path | None = None,
    counts_path: Path | None = None,
) -> Jurisdictions:
    """Read state law, the fixed sentences of its facts, the county list and 287(g) agreements,
    with the national counts (by default the counts file beside the agreements)."""
    states = read_states(states_dir or STATES_DIR)
    agreements_path = agreements_path or AGREEMENTS_PATH
    try:
        counts = read_counts(counts_path or agreements_path.with_name(COUNTS_NAME), DATA_DIR / SCHEMA_NAME)
    except CountsError as exc:
        raise DataError(str(exc)) from exc
    sentences_path = sentences_path or FACT_SENTENCES_PATH
    # Only places in the states we have law for (the Census list also has territories).
    counties = {f: c for f, c in _read_counties(_read_state_fips()).items() if c.state in states}
    by_state: dict[str, list[County]] = {}
    for county in counties.values():
        by_state.setdefault(county.state, []).append(county)
    return Jurisdictions(
        states=states,
        counties=counties,
        counties_by_state={k: tuple(sorted(v, key=lambda c: c.name)) for k, v in by_state.items()},
        agreement_lists=_read_agreements(agreements_path),
        fact_sentences=json.loads(sentences_path.read_text(encoding="utf-8"))["facts"],
        counts_287g=counts,
    )
