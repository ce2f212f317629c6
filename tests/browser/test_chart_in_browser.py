"""The chart of 287(g) growth as a browser draws it: styled by the stylesheet (no style attribute
is allowed by the CSP), within a phone's width, time left to right in Arabic too; screenshotted."""

from __future__ import annotations

import pytest

from chromium import SHOTS, phone, with_answers


@pytest.mark.parametrize("where", ["myths", "map"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_chart_is_drawn_styled_and_fits_a_phone(browser, live_app, lang, where):
    """On the myths 287(g) outcome and on the national map page."""
    page = phone(browser)
    if where == "myths":
        with_answers(page, live_app, "myths", {"which": "same_287g"}, at="result")
        response = page.goto(f"{live_app.config['BASE_URL']}/{lang}/walk")
    else:
        response = page.goto(f"{live_app.config['BASE_URL']}/{lang}/map")
    assert response and response.status == 200
    chart = page.locator("figure.chart svg")
    box = chart.bounding_box()
    assert box and 0 < box["width"] <= 360 and box["height"] > 100  # scaled to the page, not cut off
    # Colours come from the stylesheet: the line is drawn, a reported number's dot is hollow.
    line = page.locator(".chart-svg .line")
    assert line.evaluate("e => getComputedStyle(e).fill") == "none"
    assert line.evaluate("e => getComputedStyle(e).strokeWidth") == "3px"
    hollow = page.locator(".chart-svg .dot.reported").first
    assert hollow.evaluate("e => getComputedStyle(e).fill") == "rgb(255, 255, 255)"
    solid = page.locator(".chart-svg .dot.settled").first
    assert solid.evaluate("e => getComputedStyle(e).fill") != "rgb(255, 255, 255)"
    # Time runs left to right in every language: the oldest dot is drawn leftmost.
    xs = [d.bounding_box()["x"] for d in page.locator(".chart-svg .dot").all()]
    assert xs == sorted(xs)
    # The table fits the phone's width: nothing to scroll sideways.
    assert page.locator("section.growth .table-scroll").evaluate("e => e.scrollWidth <= e.clientWidth")
    # The table follows the page's direction.
    direction = page.locator("table.counts").evaluate("e => getComputedStyle(e).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("section.growth").screenshot(path=str(SHOTS / f"growth-chart-{where}-{lang}.png"))
    page.context.close()
