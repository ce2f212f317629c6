"""Addresses of the walk; where each path goes is in tests/spec/ and tests/test_routing_spec.py."""


def test_walk_addresses_built_by_hand_match_url_for(app):
    """Back links and explanation links skip url_for for speed; they must be the same addresses."""
    from flask import g, url_for

    from questionnaire.web import walk_path

    for root in ("", "/help"):
        with app.test_request_context("/", environ_base={"SCRIPT_NAME": root}):
            for lang in ("en", "ar"):
                g.lang = lang
                assert walk_path("") == url_for("walk.home")
                assert walk_path("local_police", "q", "county") == url_for(
                    "walk.question", tree_id="local_police", node_id="county"
                )
                assert walk_path("local_police", "explain", "result_limits", "TX", "48201") == url_for(
                    "walk.explain",
                    tree_id="local_police",
                    outcome_id="result_limits",
                    state="TX",
                    county="48201",
                )
