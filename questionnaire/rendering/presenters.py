"""What templates need from the data: dates, stance and model wording, jurisdiction facts."""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

from flask_babel import format_date, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .. import current
from ..content.conditions import holds
from ..content.engine import UNKNOWN
from ..content.jurisdictions import FACT_VALUES, ICE_287G_PAGE
from ..content.tree import Node, Tree
from ..i18n import tr, translations
from ..privacy.sealed import seal
from .frames import render_kept
from .memo import remember

LAW_STATUS = {
    "in_force": _l("In force."),
    "partly_blocked": _l("Partly blocked by a court."),
    "blocked": _l("Blocked by a court: not in force."),
    "not_yet_in_force": _l("Passed, not yet in force."),
    "repealed": _l("Repealed: no longer law."),
    "proposed": _l("Proposed only: not law."),
}
LAW_STATUS_DATED = {
    "in_force": _l("In force since %(date)s."),
    "not_yet_in_force": _l("Passed. In force from %(date)s."),
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
    return current.app().extensions["questionnaire"].data


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
    lang = current.g().get("lang")
    known = _list_dates()
    if iso in known:
        return known[iso]
    return remember("dates", (lang, iso), lambda: _format_date(iso))


def _list_dates() -> dict[str, str]:
    return remember(
        "list_dates", current.g().get("lang"), lambda: {d: _format_date(d) for d in _data().dates}
    )


def _format_date(iso: str) -> str:
    date = dt.date.fromisoformat(iso)
    if str(get_locale()) == "ht":
        return f"{date.day} {HAITIAN_MONTHS[date.month - 1]} {date.year}"
    return str(format_date(date, "long"))


DATA_BLOCKS = (
    "state_law",
    "state_facts",
    "county_287g",
    "state_map",
)  # shown per answer; the rest is fixed text


def blocks_html(tree: Tree, node: Node, key: str, answers: t.Mapping[str, str]) -> Markup:
    """A node's content blocks: fixed ones rendered once per language, data ones per page."""
    segments = remember(
        "blocks",
        (current.g().get("lang"), tree.id, node.id, key),
        lambda: _segments(node.body if key == "body" else node.blocks),
    )
    data = _data()
    return Markup(
        "".join(
            html if html is not None else t.cast(DataBlock, render)(answers)
            for condition, html, render in segments
            if condition is None or holds(condition, answers, data)
        )
    )


def _facts_shown(blocks: t.Sequence[t.Mapping[str, t.Any]]) -> tuple[str, ...]:
    """The topics a node always shows in its own state_facts blocks, so its state_law section
    need not say them twice."""
    return tuple(
        topic
        for block in blocks
        if block["type"] == "state_facts" and "if" not in block
        for topic in block["facts"]
    )


DataBlock = t.Callable[[t.Mapping[str, str]], str]  # a data block: its HTML for these answers
Segment = tuple[t.Mapping[str, t.Any] | None, str | None, DataBlock | None]


def _data_block(block: t.Mapping[str, t.Any], shown: tuple[str, ...]) -> DataBlock:
    """What a data block shows for some answers. The sections of every state are looked up
    here, once per language, so a page only picks its state's."""
    question = block["question"]
    if block["type"] == "county_287g":
        return lambda answers: county_287g_html(answers.get(question))
    if block["type"] == "state_law":
        sections = _state_sections("_state_law.html", tuple(t for t in FACT_VALUES if t not in shown))
    elif block["type"] == "state_facts":
        sections = _state_sections("_state_facts.html", tuple(block["facts"]))
    else:
        sections = _state_map_links()
    return lambda answers: sections.get(answers.get(question) or "", "")


def _segments(blocks: t.Sequence[t.Mapping[str, t.Any]]) -> list[Segment]:
    """A node's blocks as (condition, rendered text or None, what a data block shows or None).

    Runs of fixed blocks that are always shown are joined into one, so a page only tests the
    blocks that depend on the answers.
    """
    segments: list[Segment] = []
    shown = _facts_shown(blocks)
    for block in blocks:
        condition = block.get("if")
        if block["type"] in DATA_BLOCKS:
            segments.append((condition, None, _data_block(block, shown)))
            continue
        html = render_kept("_block.html", b=block)
        if condition is None and segments and segments[-1][0] is None and segments[-1][1] is not None:
            previous = segments.pop()
            segments.append((None, t.cast(str, previous[1]) + html, None))
        else:
            segments.append((condition, html, None))
    return segments


def county_287g_html(fips: str | None) -> Markup:
    """Who has a 287(g) agreement in the county, per list and with its date.

    Built in Python rather than a template: it is the one part of an outcome that differs for
    each of 3,143 counties, so it cannot be rendered once and kept. What does not depend on the
    county is rendered once per language (for every state at once); a page adds the county's own
    agreements. Translated sentences are trusted markup, as in our templates; data is escaped.
    """
    text = remember("county_text", current.g().get("lang"), _county_text)
    data = _data()
    county = data.counties.get(fips or "")
    if county is None or not data.agreement_lists:
        return Markup(text.none)
    heading = text.heading % {"county": proper_name(county.name)}
    out = [f'<section class="jurisdiction">\n<h2>{heading}</h2>\n{text.what}']
    out.append(_recent_html(text, data.agreement_lists[0], county))
    for i, lst in enumerate(data.agreement_lists):
        out.append(text.list_heads[i])
        agreements = lst.by_county.get(county.fips, ())
        if agreements:
            items = "".join(
                f'<li><strong translate="no">{escape(a.agency)}</strong>: '
                f"{text.models.get(a.model, text.models[UNKNOWN])}"
                + (f" ({text.signed} {text.time_html(a.signed)})" if a.signed else "")
                + "</li>"
                for a in agreements
            )
            out.append(f"<ul>{items}</ul>\n")
        else:
            out.append(text.no_agreement)
        out.append(text.state_notes[i].get(county.state, ""))
    out.append(text.requires.get(county.state, ""))
    out.append(text.footer)
    return Markup("".join(out))


def _recent_html(text: CountyText, newest: t.Any, county: t.Any) -> str:
    """What changed near you: the state's agreements signed in the 90 days up to the newest
    list's date, and the new ones in the county. Depends only on the place and the data."""
    out = [text.recent_head, text.recent_state.get(county.state, "")]
    in_state = newest.recent.get(county.state, ())
    here = newest.recent_by_county.get(county.fips, ())
    name = {"county": proper_name(county.name)}
    if here:
        items = "".join(
            f'<li><strong translate="no">{escape(a.agency)}</strong>: '
            f"{text.models.get(a.model, text.models[UNKNOWN])} ({text.signed} {text.time_html(a.signed)})</li>"
            for a in here
        )
        out.append(f"<p>{text.recent_county % name}</p>\n<ul>{items}</ul>\n")
    elif in_state:
        out.append(f"<p>{text.recent_county_none % name}</p>\n")
    return "".join(out)


@dataclass(frozen=True)
class CountyText:
    """The parts of the county block that do not depend on the county, in one language."""

    none: str
    heading: str  # with %(county)s
    what: str
    list_heads: tuple[str, ...]
    no_agreement: str
    signed: str
    models: t.Mapping[str, str]
    dates: t.Mapping[str, str]
    state_notes: tuple[t.Mapping[str, str], ...]  # per list, per state: statewide agencies, unplaced
    requires: t.Mapping[str, str]  # per state whose law makes every sheriff join
    footer: str
    recent_head: str
    recent_state: t.Mapping[str, str]  # per state: agreements signed in the 90 days up to the newest list
    recent_county: str  # with %(county)s
    recent_county_none: str  # with %(county)s

    def time_html(self, iso: str) -> str:
        return _time_html(iso, self.dates)


def _time_html(iso: str, dates: t.Mapping[str, str]) -> str:
    return f'<time datetime="{escape(iso)}">{escape(dates.get(iso) or format_iso(iso))}</time>'


def _county_text() -> CountyText:
    catalog = translations()
    _ = catalog.ugettext
    data = _data()
    dates = _list_dates()
    see_live = _("See ICE's current list of 287(g) agreements")
    none = _("We do not have county data for your answer.")
    what = _("A 287(g) agreement lets local officers do some of ICE's work.")
    no_agreement = _("This list shows no agreement for an agency named after this county.")
    must_join = _(
        "State law in %(state)s says sheriffs who run jails must seek a 287(g) agreement. Expect the county jail to work with ICE, even if the list shows no agreement yet."
    )
    changes = _("These lists change often. New agreements are signed every week, so this may be out of date.")
    live_url = data.agreement_lists[0].live_url if data.agreement_lists else ICE_287G_PAGE
    near_you = _("What changed near you")
    return CountyText(
        none=f'<p>{none} <a href="{ICE_287G_PAGE}" rel="noreferrer">{see_live}</a>.</p>',
        heading=_("287(g) agreements in %(county)s"),
        what=f"<p>{what}</p>\n",
        list_heads=tuple(
            f"<h3>{escape(tr(lst.title))}, {_time_html(lst.as_of, dates)}</h3>\n"
            for lst in data.agreement_lists
        ),
        no_agreement=f"<p>{no_agreement}</p>\n",
        signed=_("signed"),
        models={k: escape(str(v)) for k, v in MODELS.items()},
        dates=dates,
        state_notes=tuple(_state_notes(lst, data.states, catalog) for lst in data.agreement_lists),
        requires={
            code: f'<p class="warning">{must_join % {"state": escape(tr(state["name"]))}}</p>\n'
            for code, state in data.states.items()
            if state["facts"]["program_287g"]["value"] == "required"
        },
        footer=f'<p>{changes} <a href="{escape(live_url)}" rel="noreferrer">{see_live}</a>.</p>\n</section>',
        recent_head=f"<h3>{near_you}</h3>\n",
        recent_state=_recent_state(data, catalog, dates) if data.agreement_lists else {},
        recent_county=_("New in %(county)s in those 90 days:"),
        recent_county_none=_("None of them is tied to %(county)s on this list."),
    )


def _recent_state(data: t.Any, catalog: t.Any, dates: t.Mapping[str, str]) -> dict[str, str]:
    """Per state, how many agreements the newest list shows signed in the 90 days up to the newest
    signing date on it (ICE posts agreements weeks or months after they are signed)."""
    newest = data.agreement_lists[0]
    if newest.latest_signed is None:
        return {}
    values: dict[str, t.Any] = {
        "date": _time_html(newest.as_of, dates),
        "latest": _time_html(newest.latest_signed, dates),
    }
    intro = (
        catalog.ugettext(
            "ICE's newest list is from %(date)s. The newest agreement on it was signed on %(latest)s, "
            "so newer ones may be missing."
        )
        % values
    )
    sentences = {}
    for code, state in data.states.items():
        num = len(newest.recent.get(code, ()))
        for_state = {**values, "state": escape(tr(state["name"])), "num": num}
        if num:
            sentence = catalog.ungettext(
                "In the 90 days up to %(latest)s, it shows %(num)d agreement signed in %(state)s.",
                "In the 90 days up to %(latest)s, it shows %(num)d agreements signed in %(state)s.",
                num,
            )
        else:
            sentence = catalog.ugettext(
                "In the 90 days up to %(latest)s, it shows no agreement signed in %(state)s."
            )
        sentences[code] = f"<p>{intro} {sentence % for_state}</p>\n"
    return sentences


def _state_notes(lst: t.Any, states: t.Mapping[str, t.Any], catalog: t.Any) -> dict[str, str]:
    """Per state, what one list says beyond its counties: statewide agencies, unplaced agreements."""
    lead = catalog.ugettext("State agencies with an agreement, which can act anywhere in the state:")
    notes = {}
    for code in states:
        note = ""
        statewide = lst.statewide.get(code, ())
        if statewide:
            agencies = "; ".join(f"{escape(a.agency)} ({escape(a.model)})" for a in statewide)
            note += f"<p>{lead} {agencies}.</p>\n"
        unplaced = lst.unplaced.get(code, 0)
        if unplaced:
            sentence = catalog.ungettext(
                "%(num)d more agreement in the state, such as a city police department, is not tied to a county on this list.",
                "%(num)d more agreements in the state, such as city police departments, are not tied to a county on this list.",
                unplaced,
            )
            note += f"<p>{sentence % {'num': unplaced}}</p>\n"
        notes[code] = note
    return notes


def state_notes_html(code: str) -> Markup:
    """What the newest 287(g) list says of a state beyond its counties (statewide agencies, agreements
    tied to no county), in this language."""
    text = remember("county_text", current.g().get("lang"), _county_text)
    return Markup(text.state_notes[0].get(code, "") if text.state_notes else "")


MAP_SEAL = "map"  # the first sealed part of a map link; no questionnaire has this id


def _state_map_links() -> dict[str, Markup]:
    """The map links of every state, made at once per language, so what is kept never shows which
    state a page was about."""
    root = current.request().script_root
    lang = current.g().get("lang")

    def compute() -> dict[str, Markup]:
        words = escape(gettext("See the map of your state"))
        app = current.app()
        return {
            code: Markup(
                f'<p class="map-link"><a href="{escape("/".join((root, lang, "m", seal(app, (MAP_SEAL, code)))))}">'
                f"{words}</a></p>\n"
            )
            for code in _data().states
        }

    return remember("state_map_links", (lang, root), compute)


def legal_help_html() -> Markup:
    """The legal-help block, the same on every outcome of a deployment, rendered once per language."""
    return remember("legal_help", current.g().get("lang"), lambda: Markup(render_kept("_legal_help.html")))


def _state_sections(template: str, topics: tuple[str, ...]) -> dict[str, Markup]:
    """A state section, rendered for every state at once per language and topics, then reused:
    what is kept never shows which state a page was about."""
    return t.cast(
        dict[str, Markup],
        remember(
            template,
            (current.g().get("lang"), topics),
            lambda: {
                state: Markup(render_kept(template, code=state, topics=topics)) for state in _data().states
            },
        ),
    )


def fact_sentence(topic: str, value: str) -> str | None:
    return t.cast(str | None, _data().sentence(topic, value))


def state_sources(code: str, topics: t.Iterable[str] | None = None) -> list[t.Mapping[str, t.Any]]:
    """The sources of a state's facts (on some topics) and of the laws they rest on, once each."""
    data = _data()
    state = data.states[code]
    chosen = tuple(topics) if topics is not None else tuple(FACT_VALUES)
    # Each fact, then the laws it rests on; on the full section, every other law last.
    items = [x for topic in chosen for x in (state["facts"][topic], *data.laws_of(code, topic))]
    found: dict[str, t.Mapping[str, t.Any]] = {}
    for item in items + (list(state["laws"]) if topics is None else []):
        for source in item["sources"]:
            found.setdefault(source["url"], source)
    return list(found.values())


@dataclass(frozen=True)
class Listed:
    count: int
    as_of: str


def banned_but_listed(code: str) -> Listed | None:
    """Where state law bans 287(g) but ICE's newest list still shows agreements: say both."""
    data = _data()
    if data.states[code]["facts"]["program_287g"]["value"] != "banned" or not data.agreement_lists:
        return None
    newest = data.agreement_lists[0]
    count = len(newest.by_state.get(code, ()))
    return Listed(count, newest.as_of) if count else None


def law_status(law: t.Mapping[str, t.Any]) -> str:
    """A law's status in plain words, with the date it took or takes effect where known."""
    if law.get("in_force") and law["status"] in LAW_STATUS_DATED:
        return str(LAW_STATUS_DATED[law["status"]]) % {"date": format_iso(law["in_force"])}
    return str(LAW_STATUS[law["status"]])


def lawyer_review(key: str) -> Markup:
    """Whether a lawyer has checked this exact content, and when."""
    review = current.app().extensions["questionnaire"].signoffs.checked(key)
    if review is None:
        return Markup('<span class="lawyer-review">%s</span>') % str(gettext("Not yet checked by a lawyer."))
    words = str(gettext("Checked by a lawyer on %(date)s.", date=format_iso(review.date)))
    return Markup('<span class="lawyer-review checked">%s</span>') % words


def visible(block: t.Mapping[str, t.Any], answers: t.Mapping[str, str]) -> bool:
    return "if" not in block or holds(block["if"], answers, _data())


def state_info(code: str | None) -> t.Mapping[str, t.Any] | None:
    return t.cast(t.Mapping[str, t.Any] | None, _data().states.get(code or ""))


def proper_name(name: str) -> Markup:
    """A county or agency name, kept as written in every language (and by browser translators)."""
    return Markup(f'<span translate="no">{escape(name)}</span>')


def option_hint(node: Node, value: str) -> str | None:
    for option in node.options:
        if option.value == value and option.hint:
            return tr(option.hint)
    return None
