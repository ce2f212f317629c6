"""Maps: the states coloured by their 287(g) law, and each state's counties by 287(g) model.

The maps are the same for every visitor: every map of a language is rendered at once, where the
person cannot be read, and kept; nothing a person answered reaches them or chooses what is kept. An outcome links
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
from ..rendering.memo import remember
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


def _agreement_words(agreements: t.Sequence[Agreement], labels: t.Mapping[str, str]) -> str:
    if not agreements:
        return labels["none"]
    return "; ".join(f"{a.agency} ({labels[MODEL_CLASS.get(a.model, 'not_known')]})" for a in agreements)


def _titles() -> tuple[dict[str, str], str]:
    """The class labels and the title pattern in this language, looked up once per map, not per shape."""
    return {k: str(v) for k, v in CLASS_LABELS.items()}, gettext("%(place)s: %(agreements)s")


def _state_page(code: str) -> str:
    data = content().data
    shapes = _shapes(code)
    newest = data.agreement_lists[0] if data.agreement_lists else None
    labels, title = _titles()
    areas = []
    for county in data.counties_by_state.get(code, ()):
        agreements = newest.by_county.get(county.fips, ()) if newest else ()
        words = _agreement_words(agreements, labels)
        areas.append(
            Area(
                id=county.fips,
                name=county.name,
                css=county_class(agreements),
                title=title % {"place": county.name, "agreements": words},
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
    title = _titles()[1]
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
                title=title % {"place": tr(name), "agreements": f"{law} {listed}"},
                path=shapes.shapes.get(code),
                facts=(law, str(count), str(counties), fact["verification"]),
            )
        )
    legend = [(v, tr(data.sentence("program_287g", v) or "")) for v in FACT_VALUES["program_287g"]]
    return frames.render_kept("map_nation.html", shapes=shapes, areas=areas, newest=newest, legend=legend)


def _maps() -> dict[str, Markup]:
    """Every map of this language, the states' and each state's, rendered at once and kept: what
    is kept never shows which state was asked for (an outcome links to the person's state)."""

    def compute() -> dict[str, Markup]:
        states = [code for code in content().data.states if code in content().maps]
        return {NATION: Markup(_nation_page()), **{code: Markup(_state_page(code)) for code in states}}

    return remember("maps", g.lang, compute)


def _page(code: str | None) -> bytes:
    """A map page: one frame per language and desk mode for every map, the map itself a slot."""
    return frames.render_page(
        "map_page.html",
        key=(g.lang, session.get("desk") is True),
        slots={"map": lambda: _maps()[code or NATION]},
    )


@bp.get("/map")
def nation() -> bytes:
    """The states, coloured by what their law says about 287(g), with each state's count."""
    return _page(None)


@bp.get("/map/<code>")
def state(code: str) -> bytes:
    """One state's counties, coloured by the model of their 287(g) agreements."""
    if code not in content().data.states:
        abort(404)
    return _page(code)


@bp.get("/m/<sealed>")
def sealed_state(sealed: str) -> bytes:
    """The same state map, at the address an outcome links to: it names no state."""
    parts = unseal(current_app, sealed)
    if parts is None or len(parts) != 2 or parts[0] != MAP_SEAL or parts[1] not in content().data.states:
        abort(404)
    return _page(parts[1])
