"""Addresses of the walk; where each path goes is in tests/spec/ and tests/test_routing_spec.py."""

from helpers import OTHER, SECRET, Walker, csrf
from questionnaire import create_app


def test_walk_addresses_built_by_hand_match_url_for(app):
    """The walk's links and redirects skip url_for for speed; they must be the same addresses."""
    from flask import g, url_for

    from questionnaire.web.walk import walk_path, walk_url

    for root in ("", "/help"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for lang in ("en", "ar"):
                g.lang = lang
                assert walk_path("") == url_for("walk.home") == f"{root}/{lang}/"
                assert walk_path("walk") == walk_url() == url_for("walk.walk") == f"{root}/{lang}/walk"
                assert walk_path("e", "AbC-_9") == url_for("share.explain", sealed="AbC-_9")


def test_a_walk_under_a_mount_path_stays_at_one_address():
    app = create_app(
        {"TESTING": True, "SECRET_KEY": SECRET, "SCRIPT_NAME": "/help", "APPLICATION_ROOT": "/help"}
    )
    client = app.test_client()  # every request under /help, as a proxy sends it
    home = client.get("/en/").get_data(as_text=True)
    assert 'action="/help/en/walk"' in home
    response = client.post("/en/walk", data={"csrf_token": csrf(home), "tree": "local_police", "go": "start"})
    assert response.headers["Location"] == "/help/en/walk"
    question = client.get("/en/walk").get_data(as_text=True)
    assert 'name="page" value="state"' in question and 'action="/help/en/walk"' in question
    assert f'href="/help/{OTHER}/walk"' in question  # the other languages of the same page
    data = {"csrf_token": csrf(question), "tree": "local_police", "page": "state", "answer": "TX"}
    assert client.post("/en/walk", data=data).headers["Location"] == "/help/en/walk"
    assert client.get("/en/local_police/").headers["Location"] == "/help/en/walk"


# The only addresses of the site that take a value other than the language: a questionnaire to
# open (shared links and bookmarks), a place to start from (community links), the pages groups use
# to make those links, a sealed explanation, a state's map (public, like a community link) and the
# sealed address an outcome links to the same map by. No address names a question or an outcome.
ADDRESSES_WITH_VALUES = {
    "/<lang:lang>/<tree_id>/": {"lang", "tree_id"},
    "/<lang:lang>/<tree_id>/from/<state>": {"lang", "tree_id", "state"},
    "/<lang:lang>/<tree_id>/from/<state>/<county>": {"lang", "tree_id", "state", "county"},
    "/<lang:lang>/<tree_id>/share": {"lang", "tree_id"},
    "/<lang:lang>/<tree_id>/flyer": {"lang", "tree_id"},
    "/<lang:lang>/e/<sealed>": {"lang", "sealed"},
    "/<lang:lang>/map/<code>": {"lang", "code"},
    "/<lang:lang>/m/<sealed>": {"lang", "sealed"},
}


def test_no_address_of_the_walk_names_a_question_or_an_outcome(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert {rule.endpoint for rule in rules} >= {"walk.home", "walk.walk", "walk.act", "desk.summary"}
    assert {
        rule.rule: set(rule.arguments) for rule in rules if rule.arguments - {"lang"}
    } == ADDRESSES_WITH_VALUES
    # Every page of a walk, and every form on it, is at one address.
    assert {rule.rule for rule in rules if rule.endpoint in ("walk.walk", "walk.act")} == {
        "/<lang:lang>/walk"
    }


def test_the_old_addresses_of_a_walk_are_gone(client):
    walker = Walker(client)
    walker.start("local_police")
    walker.answer("state", "TX")
    for old in ("q/state", "q/county", "check", "result", "summary", "explain/result_requires/TX/48201"):
        assert client.get(f"/en/local_police/{old}").status_code == 404, old
    assert client.post("/en/local_police/restart").status_code in (404, 405)
    assert walker.on_screen() == "county"  # and none of them touched the walk
