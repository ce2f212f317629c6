"""Maps: a national page with the states coloured by their 287(g) law, and a page per state with
its counties coloured by 287(g) model, drawn inline from the committed shapes; the same for every
visitor, and reached from the local-police outcome at an address that names no state."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from helpers import SECRET, set_walk
from questionnaire import create_app
from questionnaire.content.jurisdictions import Agreement
from questionnaire.content.map_build import build, path_data, simplify
from questionnaire.content.maps import MAPS_DIR, county_class, load_maps
from questionnaire.i18n import LANGUAGES
from questionnaire.privacy.sealed import seal

DATA = Path(__file__).resolve().parent.parent / "trees" / "data"
# Counties in the Census list we use that the map source (us-atlas 3.0.1) has no shape for. Both
# are still listed in the table of their state, marked "not drawn on the map".
NOT_DRAWN = {
    "02066": "Copper River Census Area: split from Valdez-Cordova in 2019, after the atlas's boundaries",
    "51515": "Bedford city: joined Bedford County in 2013",
}
PATH = re.compile(r'<path class="([^"]+)" d="[^"]+"><title>([^<]*)</title></path>')


@pytest.fixture(scope="module")
def app():
    """One app for the module: every map of a language is rendered once, on its first request."""
    return create_app({"TESTING": True, "SECRET_KEY": SECRET})


@pytest.fixture
def client(app):
    return app.test_client()


def state_file(code: str) -> dict:
    return json.loads((DATA / "states" / f"{code}.json").read_text(encoding="utf-8"))


def shapes_on(html: str) -> dict[str, str]:
    """Title -> colour class of every shape drawn on a page."""
    return {unescape(title): css for css, title in PATH.findall(html)}


# The committed shapes


def test_every_state_with_counties_has_a_committed_map_with_every_county(data):
    maps = load_maps()
    for code, counties in data.counties_by_state.items():
        assert code in maps, f"no map for {code}"
        drawn = set(maps[code].shapes)
        wanted = {c.fips for c in counties} - set(NOT_DRAWN)
        assert wanted <= drawn, (code, sorted(wanted - drawn)[:5])
        assert drawn <= {c.fips for c in counties}, (code, "shapes of counties from another state")
        assert all(d.startswith("M") and d.endswith("z") for d in maps[code].shapes.values())


def test_the_national_map_has_every_state_and_dc(data):
    assert set(load_maps()["US"].shapes) == set(data.states) and len(data.states) == 51


def test_every_map_names_its_source_package_version_and_licence():
    for path in MAPS_DIR.glob("*.json"):
        source = json.loads(path.read_text(encoding="utf-8"))["source"]
        assert source.startswith("us-atlas 3.0.1 (ISC), counties-albers-10m.json"), path.name


# Building them (TopoJSON: arcs are delta-encoded integers, shared by the shapes on both sides)

TWO_SQUARES = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    # arc 0: the shared border (x=10, y 0 -> 10); arc 1: the left square's other sides; arc 2: the right's
    "arcs": [
        [[10, 0], [0, 10]],
        [[10, 10], [-10, 0], [0, -10], [10, 0]],
        [[10, 0], [10, 0], [0, 10], [-10, 0]],
    ],
    "objects": {
        "counties": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "99001"},
                {"type": "Polygon", "arcs": [[2, -1]], "id": "99003"},
            ],
        },
        "states": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "arcs": [[1, 2]], "id": "99"}],
        },
    },
}


def test_two_counties_that_share_a_border_are_drawn_from_the_same_points():
    maps = build(TWO_SQUARES, {"99": "ZZ"}, "test")
    # The state is 20 x 10 units, scaled so its longer side spans 1000: each square is 500 x 500.
    assert maps["ZZ"]["view_box"] == "0 0 1000 500"
    assert maps["ZZ"]["shapes"] == {
        "99001": "M500 0l0 500-500 0 0-500z",
        "99003": "M500 0l500 0 0 500-500 0z",
    }
    # The ends of an arc are kept even where they are on a straight line: a neighbour shares them.
    assert maps["US"]["shapes"] == {"ZZ": "M10 10l-10 0 0-10 10 0 10 0 0 10z"}


def test_simplifying_keeps_the_ends_and_every_point_that_matters():
    line = [(0, 0), (1, 1), (2, 0), (3, 10), (4, 0)]
    assert simplify(line, 2.0) == [(0, 0), (3, 10), (4, 0)]
    assert simplify(line, 0.5) == line


def test_path_data_is_relative_after_the_first_point_and_closes_each_ring():
    assert path_data([[(5, 5), (7, 5), (7, 9), (5, 5)], [(20, 20), (21, 20), (21, 22), (20, 20)]]) == (
        "M5 5l2 0 0 4zm15 15l1 0 0 2z"
    )


# How a county is coloured: none, jail, task force, warrant service, several


def agreements(*models: str) -> list[Agreement]:
    return [Agreement(agency="A", model=m, signed=None, scope="county") for m in models]


@pytest.mark.parametrize(
    "models, colour",
    [
        ((), "none"),
        (("JEM",), "jail"),
        (("TFM", "TFM"), "task_force"),
        (("WSO",), "warrant_service"),
        (("TFM", "WSO"), "several"),
        (("unknown",), "not_known"),
        (("WSO", "unknown"), "warrant_service"),  # the agreement of unknown model is in the title
    ],
)
def test_a_county_is_coloured_by_the_models_of_its_agreements(models, colour):
    assert county_class(agreements(*models)) == colour


# The pages


def test_a_state_map_colours_each_county_by_its_agreements_and_titles_it(client):
    html = client.get("/en/map/TX").get_data(as_text=True)
    shapes = shapes_on(html)
    assert len(shapes) == 254  # every county of Texas
    # From ICE's list of 2026-09-14 (trees/data/agreements_287g.json)
    assert shapes["Aransas County: Aransas County Sheriff's Office (Jail model)"] == "m-jail"
    assert shapes["Armstrong County: Armstrong County Sheriff's Office (Task force model)"] == "m-task_force"
    assert (
        shapes["Anderson County: Anderson County Sheriff's Office (Warrant service model)"]
        == "m-warrant_service"
    )
    assert (
        shapes[
            "Bexar County: Bexar County Constable Precinct 3 (Task force model); "
            "Bexar County Sheriff's Office (Warrant service model)"
        ]
        == "m-several"
    )
    assert shapes["Harris County: No agreement on the list"] == "m-none"
    # The legend says every colour in words, and the table lists every county again.
    for words in (
        "No agreement on the list",
        "jail model: jail officers",
        "task force model:",
        "warrant service",
    ):
        assert words in html
    assert 'class="swatch m-several"' in html and "More than one model" in html
    assert html.count('<tr><th scope="row">') == 254
    assert "State law says sheriffs who run jails must seek a 287(g) agreement with ICE." in html


def test_a_county_with_agreements_of_unknown_model_says_so(client):
    shapes = shapes_on(client.get("/en/map/KS").get_data(as_text=True))
    assert shapes["Shawnee County: Shawnee County Sheriff's Office (Model not known)"] == "m-not_known"


def test_a_county_the_map_cannot_draw_is_still_in_the_table(client):
    html = client.get("/en/map/VA").get_data(as_text=True)
    row = re.search(
        r'<tr><th scope="row"><span translate="no">Bedford city</span>([^<]*<span[^>]*>[^<]*)', html
    )
    assert row and "(not drawn on the map)" in row.group(1)
    assert not any(title.startswith("Bedford city:") for title in shapes_on(html))


def test_the_national_map_colours_each_state_by_its_287g_law_with_its_count(client, data):
    html = client.get("/en/map").get_data(as_text=True)
    shapes = shapes_on(html)
    assert len(shapes) == 51
    by_state = {title.split(":")[0]: (css, title) for title, css in shapes.items()}
    for code in ("TX", "NM", "VA", "OH"):
        raw = state_file(code)
        css, title = by_state[raw["name"]]
        assert css == "s-" + raw["facts"]["program_287g"]["value"], code
    # Texas: 415 agreements on ICE's list of 2026-09-14; New Mexico bans 287(g) and the list shows 2.
    assert by_state["Texas"][1].endswith("415 agreements on the list.")
    assert by_state["New Mexico"][0] == "s-banned" and by_state["New Mexico"][1].endswith(
        "2 agreements on the list."
    )
    assert '<a href="/en/map/TX">Texas</a>' in html
    assert "State law does not allow 287(g) agreements here." in html  # the legend, in words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_maps_are_in_every_language_and_right_to_left_in_arabic(client, lang):
    for url in (f"/{lang}/map", f"/{lang}/map/TX"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
        assert len(PATH.findall(html)) >= 51


@pytest.mark.parametrize("url", ["/en/map/ZZ", "/en/map/tx", "/en/map/PR", "/en/m/TX", "/en/m/nonsense"])
def test_an_unknown_map_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_a_map_is_the_same_for_everyone_and_starts_no_session(client):
    first = client.get("/en/map/TX")
    assert "Set-Cookie" not in first.headers
    set_walk(client, "local_police", {"state": "CA", "county": "06037"}, "result")
    assert client.get("/en/map/TX").data == first.data


# From the local-police outcome


@pytest.mark.parametrize(
    "outcome, state, county", [("result_requires", "TX", "48201"), ("result_limits", "CA", "06037")]
)
def test_the_local_police_outcome_links_to_the_persons_state_map_without_naming_it(
    client, outcome, state, county
):
    set_walk(client, "local_police", {"state": state, "county": county}, "result")
    html = client.get("/en/walk").get_data(as_text=True)
    link = re.search(r'<a href="(/en/m/[^"]+)">See the map of your state</a>', html)
    assert link, "no link to the state's map"
    assert state not in link.group(1) and county not in link.group(1)
    page = client.get(link.group(1))
    assert page.status_code == 200
    name = state_file(state)["name"]
    shown = page.get_data(as_text=True)
    assert f"<h1>287(g) agreements in {name}, county by county</h1>" in shown
    assert name not in shown.split("<title>")[1].split("</title>")[0]  # nor does the title
    public = client.get(f"/en/map/{state}").get_data(as_text=True)
    assert shown.split("<main")[1] == public.split("<main")[1]  # the same map as the public page


def test_a_sealed_address_for_anything_but_a_map_is_a_404(app, client):
    explanation = seal(app, ("local_police", "result_requires", "TX"))
    assert client.get(f"/en/m/{explanation}").status_code == 404
    assert client.get(f"/en/e/{seal(app, ('map', 'TX'))}").status_code == 404
    other_site = create_app({"TESTING": True, "SECRET_KEY": SECRET + "-other"})
    assert client.get(f"/en/m/{seal(other_site, ('map', 'TX'))}").status_code == 404
