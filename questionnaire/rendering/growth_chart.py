"""The chart of 287(g) growth: national counts over time, drawn as inline SVG on the server.

The same for everyone: rendered once per language inside a kept part (`frames.render_kept`) and
remembered. No script and no style attribute: colours come from classes in style.css.
"""

from __future__ import annotations

import datetime as dt
import math
import typing as t
from dataclasses import dataclass

from flask import current_app, g
from flask_babel import format_date, format_number
from markupsafe import Markup

from ..content.counts_287g import CountPoint
from ..content.jurisdictions import ICE_287G_PAGE
from .frames import render_kept
from .memo import remember

# The drawing's own units, about a phone's width, so its words stay readable when CSS scales it.
WIDTH, HEIGHT = 340, 220
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 28, 40  # room for the count labels, the years and the axis names
TICKS = 5  # lines across the chart, about


@dataclass(frozen=True)
class Dot:
    point: CountPoint
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    dots: tuple[Dot, ...]  # the points drawn, oldest first
    line: str  # the polyline through the settled dots ("x,y x,y ...")
    y_ticks: tuple[tuple[int, float], ...]  # (count, y)
    x_ticks: tuple[tuple[dt.date, float], ...]  # (1 January of a year, x)
    top: int  # the count at the top of the chart


def nice_step(largest: int, ticks: int = TICKS) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` lines up to `largest`."""
    raw = max(largest, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw and (factor * power) == int(factor * power):
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def layout(points: t.Sequence[CountPoint]) -> Layout:
    """Where each drawn point goes: x by date, y by count from 0 at the bottom to `top` at the top.

    Time runs left to right in every language.
    """
    drawn = [p for p in points if p.drawn]
    if not drawn:
        return Layout((), "", (), (), 0)
    step = nice_step(max(p.count for p in drawn))
    top = math.ceil(max(p.count for p in drawn) / step) * step
    days = [dt.date.fromisoformat(p.as_of) for p in drawn]
    # From the first of January of the first point's year, so every year has its mark.
    first, last = dt.date(min(days).year, 1, 1), max(days)
    span = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + inner_w * ((day - first).days / span if last > first else 0.5), 1)

    def y(count: float) -> float:
        return round(TOP + inner_h * (1 - count / top), 1)

    dots = tuple(Dot(p, x(d), y(p.count)) for p, d in zip(drawn, days, strict=True))
    line = " ".join(f"{d.x},{d.y}" for d in dots if d.point.settled)
    years = tuple((dt.date(year, 1, 1), x(dt.date(year, 1, 1))) for year in range(first.year, last.year + 1))
    return Layout(dots, line, tuple((c, y(c)) for c in range(0, top + 1, step)), years, top)


def growth_chart_html() -> Markup:
    """The chart and its table in the page's language, the same for everyone who sees it."""
    return remember("growth_chart", g.get("lang"), _render)


def _render() -> Markup:
    from .presenters import format_iso

    points = current_app.extensions["questionnaire"].data.counts_287g
    if not points:
        return Markup("")
    chart = layout(points)
    settled = [d.point for d in chart.dots if d.point.settled]
    return Markup(
        render_kept(
            "_growth_chart.html",
            chart=chart,
            points=points,
            first=settled[0] if settled else None,
            last=settled[-1] if settled else None,
            number=lambda n: format_number(n),
            year=lambda d: format_date(d, "y"),
            day=format_iso,
            ice_page=ICE_287G_PAGE,
            width=WIDTH,
            height=HEIGHT,
            left=LEFT,
            right=WIDTH - RIGHT,
            bottom=HEIGHT - BOTTOM,
        )
    )
