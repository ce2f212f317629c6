"""Maps: the states coloured by their 287(g) law, and each state's counties by 287(g) model.

The maps are the same for every visitor: they are rendered once per language and map and kept
(`frames.render_page` with a key), and nothing a person answered reaches them. An outcome links
to the map of the person's state through a sealed address (`/<lang>/m/<sealed>`), so a browser's
history does not show the state that was answered; anyone may still open `/<lang>/map/<ST>`.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from flask import abort, current_app, g, session
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..content.jurisdictions import FACT_VALUES, Agreement
from ..content.maps import COUNTY_CLASSES, MODEL_CLASS, NATION, Shapes, county_class
from ..i18n import tr
from ..privacy.sealed import unseal
from ..rendering import frames
from ..rendering.presenters import MAP_SEAL, MODELS, state_notes_html
from . import localized
from .walk import content

bp = localized("maps", __name__)

CLASS_LABELS = {
    "none": _l("No agreement on the list"),
    "jail": _l("Jail model"),
    "task_force": _l("Task force model"),
    "warrant_service": _l("Warrant service model"),
    "several": _l("More than one model"),
    "not_known": _l("Model not known"),
}


@dataclass(frozen=True)
class Area:
    """One shape of a map and the words that go with it."""

    id: str
    name: str
    css: str  # the colour class
    title: str  # what the shape's <title> says
    path: str | None  # None: the source map has no shape for it (the table still lists it)
    facts: tuple[str, ...] = ()


def _shapes(code: str) -> Shapes:
    found = content().maps.get(code)
    if found is None:
        abort(404)
    return found


def _agreement_words(agreements: t.Sequence[Agreement]) -> str:
    if not agreements:
        return str(CLASS_LABELS["none"])
    return "; ".join(
        f"{a.agency} ({CLASS_LABELS[MODEL_CLASS.get(a.model, 'not_known')]})" for a in agreements
    )


def _state_page(code: str) -> str:
    data = content().data
    shapes = _shapes(code)
    newest = data.agreement_lists[0] if data.agreement_lists else None
    areas = []
    for county in data.counties_by_state.get(code, ()):
        agreements = newest.by_county.get(county.fips, ()) if newest else ()
        words = _agreement_words(agreements)
        areas.append(
            Area(
                id=county.fips,
                name=county.name,
                css=county_class(agreements),
                title=gettext("%(place)s: %(agreements)s", place=county.name, agreements=words),
                path=shapes.shapes.get(county.fips),
                facts=(words,),
            )
        )
    state = data.states[code]
    return frames.render_kept(
        "map_state.html",
        code=code,
        state=state,
        shapes=shapes,
        areas=areas,
        newest=newest,
        legend=[(c, _legend_words(c)) for c in COUNTY_CLASSES],
        notes=state_notes_html(code),
    )


def _legend_words(css: str) -> str:
    model = {v: k for k, v in MODEL_CLASS.items()}.get(css)
    return str(MODELS[model]) if model else str(CLASS_LABELS[css])


def _nation_page() -> str:
    data = content().data
    shapes = _shapes(NATION)
    newest = data.agreement_lists[0] if data.agreement_lists else None
    areas = []
    for code, name in data.state_options():
        fact = data.states[code]["facts"]["program_287g"]
        law = tr(data.sentence("program_287g", fact["value"]) or "")
        count = len(newest.by_state.get(code, ())) if newest else 0
        counties = sum(
            1 for c in data.counties_by_state.get(code, ()) if newest and newest.by_county.get(c.fips)
        )
        listed = ngettext("%(num)d agreement on the list.", "%(num)d agreements on the list.", count)
        areas.append(
            Area(
                id=code,
                name=tr(name),
                css=fact["value"],
                title=gettext("%(place)s: %(agreements)s", place=tr(name), agreements=f"{law} {listed}"),
                path=shapes.shapes.get(code),
                facts=(law, str(count), str(counties), fact["verification"]),
            )
        )
    legend = [(v, tr(data.sentence("program_287g", v) or "")) for v in FACT_VALUES["program_287g"]]
    return frames.render_kept("map_nation.html", shapes=shapes, areas=areas, newest=newest, legend=legend)


def _page(code: str | None) -> str:
    """A map page; its frame is kept per language, map and desk mode, as the home page is."""
    return frames.render_page(
        "map_page.html",
        key=(g.lang, code, session.get("desk") is True),
        map_html=lambda: Markup(_state_page(code) if code else _nation_page()),
        code=code,
    )


@bp.get("/map")
def nation() -> str:
    """The states, coloured by what their law says about 287(g), with each state's count."""
    return _page(None)


@bp.get("/map/<code>")
def state(code: str) -> str:
    """One state's counties, coloured by the model of their 287(g) agreements."""
    if code not in content().data.states:
        abort(404)
    return _page(code)


@bp.get("/m/<sealed>")
def sealed_state(sealed: str) -> str:
    """The same state map, at the address an outcome links to: it names no state."""
    parts = unseal(current_app, sealed)
    if parts is None or len(parts) != 2 or parts[0] != MAP_SEAL or parts[1] not in content().data.states:
        abort(404)
    return _page(parts[1])
