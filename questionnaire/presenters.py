"""What templates need from the data: dates, stance and model wording, jurisdiction facts."""

from __future__ import annotations

import datetime as dt
import typing as t

from flask import Flask, current_app, g, render_template
from flask_babel import format_date, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .conditions import holds
from .engine import UNKNOWN
from .memo import remember
from .tree import Node, Tree

STANCES = {
    "limits": _l("State law limits how police and jails help ICE."),
    "requires": _l(
        "State law requires police and jails to help ICE, or stops towns from limiting that help."
    ),
    "mixed": _l("State rules are mixed: some agencies limit help to ICE, others do not."),
    "none": _l("There is no state law either way. Each county and city decides."),
}
MODELS = {
    "JEM": _l(
        "jail model: jail officers check the immigration status of people they book and can hold them for ICE"
    ),
    "TFM": _l(
        "task force model: officers can question and arrest people for immigration reasons during everyday police work, such as traffic stops"
    ),
    "WSO": _l(
        "warrant service model: jail officers can serve ICE arrest papers on people already in their jail"
    ),
    "unknown": _l("type of agreement not known"),
}


def _data() -> t.Any:
    return current_app.extensions["questionnaire"].data


# CLDR has no month names for Haitian Creole; Babel would print "2026 M11 28".
HAITIAN_MONTHS = (
    "janvye",
    "fevriye",
    "mas",
    "avril",
    "me",
    "jen",
    "jiyè",
    "out",
    "septanm",
    "oktòb",
    "novanm",
    "desanm",
)


def format_iso(iso: str) -> str:
    """A date written out in the page's language (remembered: Babel's formatting is slow)."""

    def compute() -> str:
        date = dt.date.fromisoformat(iso)
        if str(get_locale()) == "ht":
            return f"{date.day} {HAITIAN_MONTHS[date.month - 1]} {date.year}"
        return format_date(date, "long")

    return remember("dates", (g.get("lang"), iso), compute)


def blocks_html(tree: Tree, node: Node, key: str, answers: t.Mapping[str, str]) -> Markup:
    """A node's content blocks: fixed ones rendered once per language, data ones per page."""
    parts = []
    for i, block in enumerate(node.raw.get(key, ())):
        if not visible(block, answers):
            continue
        if block["type"] == "state_law":
            parts.append(state_law_html(answers.get(block["question"])))
        elif block["type"] == "county_287g":
            parts.append(Markup(render_template("_county_287g.html", b=block, answers=answers)))
        else:
            parts.append(
                remember(
                    "block",
                    (g.get("lang"), tree.id, node.id, key, i),
                    lambda block=block: Markup(render_template("_block.html", b=block)),
                )
            )
    return Markup("").join(parts)


def legal_help_html() -> Markup:
    """The legal-help block, the same on every outcome of a deployment, rendered once per language."""
    return remember("legal_help", g.get("lang"), lambda: Markup(render_template("_legal_help.html")))


def state_law_html(code: str | None) -> Markup:
    """The state-law section, rendered for every state at once per language, then reused."""
    sections = remember(
        "state_law",
        g.get("lang"),
        lambda: {state: Markup(render_template("_state_law.html", code=state)) for state in _data().states},
    )
    return sections.get(code or "", Markup(""))


def visible(block: t.Mapping[str, t.Any], answers: t.Mapping[str, str]) -> bool:
    return "if" not in block or holds(block["if"], answers, _data())


def state_info(code: str | None) -> t.Mapping[str, t.Any] | None:
    return _data().states.get(code or "")


def county_info(fips: str | None) -> dict[str, t.Any] | None:
    data = _data()
    county = data.counties.get(fips or "")
    if county is None or not data.agreement_lists:
        return None
    state = data.states[county.state]
    return {
        "county_name": county.name,
        "state_name": state["name"],
        "state_requires": state["requires_287g"],
        "live_url": data.agreement_lists[0].live_url,
        "lists": [
            {
                "as_of": lst.as_of,
                "title": lst.title,
                "agreements": agreements,
                "state_agencies": [a for a in lst.by_state.get(county.state, ()) if a.scope == "state"],
                "unplaced": sum(
                    1 for a in lst.by_state.get(county.state, ()) if a.scope != "state" and not a.county
                ),
            }
            for lst, agreements in data.agreements_in_county(county.fips)
        ],
    }


def stance_text(stance: str) -> str:
    return str(STANCES.get(stance, gettext("We do not know the state law here.")))


def model_text(model: str) -> str:
    return str(MODELS.get(model, MODELS[UNKNOWN]))


def proper_name(name: str) -> Markup:
    """A county or agency name, kept as written in every language (and by browser translators)."""
    return Markup('<span translate="no">{}</span>').format(name)


def option_hint(node: Node, value: str) -> str | None:
    from .i18n import tr

    for option in node.options:
        if option.value == value and option.hint:
            return tr(option.hint)
    return None


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        format_iso=format_iso,
        visible=visible,
        state_info=state_info,
        county_info=county_info,
        stance_text=stance_text,
        model_text=model_text,
        option_hint=option_hint,
        state_law_html=state_law_html,
        legal_help_html=legal_help_html,
        blocks_html=blocks_html,
        proper_name=proper_name,
    )
