"""Pages kept for everyone cannot carry one person's answers: reading the state there raises, and
two people with different answers leave exactly the same kept pages behind."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from jinja2 import ChoiceLoader, DictLoader

from helpers import HERE, SECRET, Walker, set_walk
from questionnaire import create_app, current
from questionnaire.content.jurisdictions import load_jurisdictions
from questionnaire.content.paths import enumerate_paths
from questionnaire.content.tree import load_trees
from questionnaire.rendering.frames import KeptPageError

TREES = load_trees()
DATA = load_jurisdictions()


def app_with(template: str, change: tuple[str, str]):
    """An app whose template has one change, as a careless edit would make it."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    source = app.jinja_env.loader.get_source(app.jinja_env, template)[0]
    old, new = change
    assert old in source
    app.jinja_env.loader = ChoiceLoader(
        [DictLoader({template: source.replace(old, new, 1)}), app.jinja_env.loader]
    )
    return app


@pytest.mark.parametrize(
    "reads",
    [
        "{{ session.get('a') }}",
        "{{ session['a'] }}",
        "{% if session %}someone{% endif %}",
        "{{ request.form.get('answer') }}",
        "{{ request.args }}",
        "{{ request.cookies }}",
        "{{ request.path }}",
    ],
)
def test_a_kept_question_page_that_reads_the_person_fails_instead_of_serving_them(reads):
    app = app_with("question.html", ("{% block main %}", "{% block main %}" + reads))
    walker = Walker(app.test_client())
    with pytest.raises(KeptPageError):
        walker.start("local_police")


@pytest.mark.parametrize("template, url", [("about.html", "/en/about"), ("report.html", "/en/report")])
def test_the_about_and_report_pages_are_kept_and_cannot_read_the_person(template, url):
    app = app_with(template, ("{% block main %}", "{% block main %}{{ session.get('a') }}"))
    with pytest.raises(KeptPageError):
        app.test_client().get(url)


def test_a_kept_page_part_that_reads_the_session_fails_too():
    app = app_with("_footer.html", ("<footer", "{{ session.get('a') }}<footer"))
    with pytest.raises(KeptPageError):
        app.test_client().get("/en/")


@pytest.mark.parametrize(
    "peek",
    [lambda: current.session().get("a"), lambda: current.request().form.get("answer")],
    ids=["state", "form"],
)
def test_python_that_a_kept_page_calls_cannot_read_the_person_either(peek):
    # Code on the walk's path reads the request objects straight from Flask's contexts, not
    # through the proxies: a template global doing so must meet the same stand-ins.
    app = app_with("question.html", ("{% block main %}", "{% block main %}{{ peek() }}"))
    app.jinja_env.globals["peek"] = peek
    walker = Walker(app.test_client())
    with pytest.raises(KeptPageError):
        walker.start("local_police")


@pytest.mark.parametrize(
    "template, first_line",
    [
        ("_legal_help.html", '<section class="legal-help">'),  # kept once per language
        ("_state_law.html", "{%- set st = state_info(code) -%}"),  # kept for every state at once
        ("_block.html", '{% if b.type == "heading" %}'),  # fixed blocks, kept once per language
    ],
)
def test_kept_parts_of_an_outcome_that_read_the_session_fail_too(template, first_line):
    app = app_with(template, (first_line, "{{ session.get('a') }}" + first_line))
    client = app.test_client()
    set_walk(client, "local_police", {"state": "TX", "county": "48201"}, "result")
    with pytest.raises(KeptPageError):
        client.get("/en/walk")


def test_a_page_rendered_for_one_request_only_may_still_read_the_state():
    # An error page is never kept, so it may show what this request needs (here: nothing harmful).
    app = app_with("error.html", ("{% block main %}", "{% block main %}{{ session.get('w', '') }}"))
    assert app.test_client().get("/en/no_such_page/").status_code == 404


def two_ways_to_each_page() -> list[tuple[str, str, tuple, tuple]]:
    """(tree, page, answers of one person, answers of another) for every page a walk can show.

    The two people reached the same question or outcome by different answers (another state,
    another county, another route), wherever the trees allow it.
    """
    ways: dict[tuple[str, str, str], list[tuple]] = defaultdict(list)
    for tree_id, tree in TREES.items():
        for path in enumerate_paths(tree, DATA):
            for i, (node_id, _) in enumerate(path.answers):
                ways[(tree_id, f"q/{node_id}", "")].append(path.answers[:i])
            ways[(tree_id, "result", path.outcome)].append(path.answers)
            ways[(tree_id, "check", "")].append(path.answers)
    return [(tree, page, found[0], found[-1]) for (tree, page, _), found in ways.items()]


PAGES = two_ways_to_each_page()
URGENT = next(  # answers that reach an urgent outcome (the legal-help block first and last)
    dict(path.answers)
    for path in enumerate_paths(TREES["family_arrested"], DATA)
    if TREES["family_arrested"].nodes[path.outcome].urgent
)
ABOUT_PAGES = ("", "about", "report", "share")  # the home page, and the pages its footer links to
EXPLAIN = re.compile(r'href="(/[a-z]+/e/[^"]+)"')
STATE_MAP = re.compile(r'href="(/[a-z]+/m/[^"]+)"')  # the outcome's link to the person's state map


def kept(app) -> dict:
    found = {}
    for bucket in ("frames", "chrome", "maps"):
        for key, value in app.extensions.get(f"memo.{bucket}", {}).items():
            found[(bucket, key)] = getattr(value, "parts", value)
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_two_people_with_different_answers_leave_the_same_kept_pages(lang):
    assert any(a != b for _, _, a, b in PAGES), "the trees give no page two ways in"
    apps = []
    for person in (0, 1):
        app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
        client = app.test_client()
        for tree_id, page, *answers in PAGES:
            set_walk(client, tree_id, answers[person], page)
            html = client.get(f"/{lang}/walk").get_data(as_text=True)
            if page == "result":
                for link in EXPLAIN.findall(html) + STATE_MAP.findall(html):
                    assert client.get(link).status_code == 200
        for page in ABOUT_PAGES:
            assert client.get(f"/{lang}/{page}").status_code == 200
        apps.append(app)
    first, second = (kept(app) for app in apps)
    assert first.keys() == second.keys()
    different = [key for key in first if first[key] != second[key]]
    assert not different, f"kept pages differ between two people: {different[:5]}"
    # Every question page, every outcome (for the walk and as a public explanation), the home page,
    # About, Report a mistake, the sharing page and the one frame of every map; the maps themselves
    # are kept for every state at once.
    questions = sum(page.startswith("q/") for _, page, _, _ in PAGES)
    outcomes = sum(page == "result" for _, page, _, _ in PAGES)
    assert sum(bucket == "frames" for bucket, _ in first) == questions + 2 * outcomes + len(ABOUT_PAGES) + 1
    assert [key for bucket, key in first if bucket == "maps"] == [lang]


def test_a_partner_named_on_a_page_is_never_kept():
    # One visitor came by a partner's link, the other did not: the footer and the legal-help block
    # name the partner for the first only, yet both leave the same kept pages, none naming it.
    partners = str(HERE / "partners")
    apps, pages = [], []
    for via_partner in (True, False):
        app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "PARTNERS_DIR": partners})
        client = app.test_client()
        if via_partner:
            assert client.get("/en/p/casa-del-pueblo").status_code == 302
        shown = [client.get(f"/en/{page}").get_data(as_text=True) for page in ABOUT_PAGES]
        set_walk(client, "family_arrested", URGENT, "result")  # the legal-help block twice
        shown.append(client.get("/en/walk").get_data(as_text=True))
        set_walk(client, "local_police", {"state": "TX"}, "q/county")
        shown.append(client.get("/en/walk").get_data(as_text=True))
        apps.append(app)
        pages.append(shown)
    assert all("Casa del Pueblo" in html for html in pages[0])
    assert not any("Casa del Pueblo" in html for html in pages[1])
    first, second = (kept(app) for app in apps)
    assert first == second
    assert "Casa del Pueblo" not in repr(first)
