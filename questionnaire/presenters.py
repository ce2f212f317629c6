"""What templates need from the data: dates, stance and model wording, jurisdiction facts."""

from __future__ import annotations

import datetime as dt
import typing as t

from flask import Flask, current_app, g, render_template
from flask_babel import format_date, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .conditions import holds
from .engine import UNKNOWN
from .i18n import tr, translations
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
    """A date written out in the page's language (remembered: Babel's formatting is slow).

    The dates of the 287(g) lists are formatted all at once per language, so what is kept never
    shows which county a page was about.
    """
    lang = g.get("lang")
    known = remember("list_dates", lang, lambda: {d: _format_date(d) for d in _data().dates})
    if iso in known:
        return known[iso]
    return remember("dates", (lang, iso), lambda: _format_date(iso))


def _format_date(iso: str) -> str:
    date = dt.date.fromisoformat(iso)
    if str(get_locale()) == "ht":
        return f"{date.day} {HAITIAN_MONTHS[date.month - 1]} {date.year}"
    return format_date(date, "long")


def blocks_html(tree: Tree, node: Node, key: str, answers: t.Mapping[str, str]) -> Markup:
    """A node's content blocks: fixed ones rendered once per language, data ones per page."""
    parts = []
    for i, block in enumerate(node.raw.get(key, ())):
        if not visible(block, answers):
            continue
        if block["type"] == "state_law":
            parts.append(state_law_html(answers.get(block["question"])))
        elif block["type"] == "county_287g":
            parts.append(county_287g_html(answers.get(block["question"])))
        else:
            parts.append(
                remember(
                    "block",
                    (g.get("lang"), tree.id, node.id, key, i),
                    lambda block=block: Markup(render_template("_block.html", b=block)),
                )
            )
    return Markup("").join(parts)


def county_287g_html(fips: str | None) -> Markup:
    """Who has a 287(g) agreement in the county, per list and with its date.

    Built in Python rather than a template: it is the one part of an outcome that differs for
    each of 3,143 counties, so it cannot be rendered once and kept, and Jinja made it the
    slowest part of the page. Translated sentences are trusted markup, as in our templates;
    everything from the data is escaped.
    """
    catalog = translations()

    def _(text: str) -> str:
        return catalog.ugettext(text)

    see_live = _("See ICE's current list of 287(g) agreements")
    info = county_info(fips)
    if info is None:
        none = _("We do not have county data for your answer.")
        return Markup(f'<p>{none} <a href="{LIVE_287G}" rel="noreferrer">{see_live}</a>.</p>')
    heading = _("287(g) agreements in %(county)s") % {"county": proper_name(info["county_name"])}
    what = _("A 287(g) agreement lets local officers do some of ICE's work.")
    out = [f'<section class="jurisdiction">\n<h2>{heading}</h2>\n<p>{what}</p>\n']
    for entry in info["lists"]:
        out.append(f"<h3>{escape(tr(entry['title']))}, {time_html(entry['as_of'])}</h3>\n")
        if entry["agreements"]:
            signed = _("signed")
            items = "".join(
                f'<li><strong translate="no">{escape(a.agency)}</strong>: {model_text(a.model)}'
                + (f" ({signed} {time_html(a.signed)})" if a.signed else "")
                + "</li>"
                for a in entry["agreements"]
            )
            out.append(f"<ul>{items}</ul>\n")
        else:
            none = _("This list shows no agreement for an agency named after this county.")
            out.append(f"<p>{none}</p>\n")
        if entry["state_agencies"]:
            agencies = "; ".join(f"{escape(a.agency)} ({escape(a.model)})" for a in entry["state_agencies"])
            lead = _("State agencies with an agreement, which can act anywhere in the state:")
            out.append(f"<p>{lead} {agencies}.</p>\n")
        if entry["unplaced"]:
            sentence = catalog.ungettext(
                "%(num)d more agreement in the state, such as a city police department, is not tied to a county on this list.",
                "%(num)d more agreements in the state, such as city police departments, are not tied to a county on this list.",
                entry["unplaced"],
            )
            out.append(f"<p>{sentence % {'num': entry['unplaced']}}</p>\n")
    if info["state_requires"]:
        warning = _(
            "State law says every sheriff in %(state)s must join 287(g). Expect the county jail to work with ICE, even if the list shows no agreement yet."
        )
        out.append(f'<p class="warning">{warning % {"state": escape(tr(info["state_name"]))}}</p>\n')
    changes = _("These lists change often. New agreements are signed every week, so this may be out of date.")
    out.append(
        f'<p>{changes} <a href="{escape(info["live_url"])}" rel="noreferrer">{see_live}</a>.</p>\n</section>'
    )
    return Markup("".join(out))


def time_html(iso: str) -> str:
    return f'<time datetime="{escape(iso)}">{escape(format_iso(iso))}</time>'


LIVE_287G = "https://www.ice.gov/identify-and-arrest/287g"


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
