"""Hostile input: random sequences of good and bad requests never cause a 5xx or a traceback."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CHECK, RESULT, SECRET, Walker
from questionnaire import create_app
from questionnaire.privacy.sealed import seal

APP = create_app({"TESTING": True, "SECRET_KEY": SECRET})
TREES = list(APP.extensions["questionnaire"].trees.values())
NODES = [(tree.id, node_id) for tree in TREES for node_id in tree.nodes]
LANGS = ["en", "es", "ar", "xx", "EN", "en-US", "%20"]
garbage = st.text(min_size=0, max_size=40)
segment = garbage.map(lambda s: quote(s, safe=""))  # any text, as a browser would send it
# Real explanation links (some for places that do not exist or do not match), and forgeries of them.
SEALED = [
    seal(APP, parts)
    for tree in TREES
    for node_id, node in tree.nodes.items()
    if node.is_outcome
    for parts in ((tree.id, node_id), (tree.id, node_id, "TX", "48201"), (tree.id, node_id, "CA", "48201"))
] + [seal(APP, parts) for parts in (("no_tree", "x"), ("local_police", "state", "TX"), ("a",), ("a",) * 9)]
sealed = st.one_of(
    st.sampled_from(SEALED),
    st.builds(
        lambda text, at, char: text[:at] + char + text[at + 1 :],
        st.sampled_from(SEALED),
        st.integers(min_value=0, max_value=120),
        st.sampled_from(["A", "_", "-", "=", "%00", "/", "."]),
    ),
    segment,
)
GO = ["answer", "start", "back", "change", "result", "check", "restart"]
# The fields of a walk's forms (sent with a good token; "post" above sends them without one).
walk_fields = st.fixed_dictionaries(
    {"tree": st.sampled_from([t.id for t in TREES]) | garbage},
    optional={
        "go": st.sampled_from(GO) | garbage,  # none: an answer
        "page": st.sampled_from([n for _, n in NODES] + [":result", ":check", "check"]) | garbage,
        "answer": st.sampled_from(["TX", "CA", "unknown", "yes", "no", "seen", "48201", "", "x" * 20000])
        | garbage,
        "x": garbage,
    },
)

paths = st.one_of(
    st.sampled_from(["/", "/exit", "/en/", "//evil.example/", "/en/../exit", "/static/style.css"]),
    st.builds(
        lambda lang, t: f"/{lang}/{t}/",
        st.sampled_from(LANGS),
        st.sampled_from([t.id for t in TREES]) | segment,
    ),
    st.builds(
        lambda lang, tn, tail: f"/{lang}/{tn[0]}/q/{tn[1]}{tail}",
        st.sampled_from(LANGS),
        st.sampled_from(NODES),
        st.sampled_from(["", "/", "?answer=TX", "%00", "/../../x"]),
    ),
    st.builds(
        lambda lang, t, p: f"/{lang}/{t}/{p}",
        st.sampled_from(LANGS),
        st.sampled_from([t.id for t in TREES]),
        st.sampled_from(["check", "result", "restart", "q/", "q", "summary", "share", "flyer"]),
    ),
    st.builds(
        lambda lang, tail: f"/{lang}/walk{tail}",
        st.sampled_from(LANGS),
        st.sampled_from(["", "/", "?go=restart", "?tree=local_police&go=start", "%00", "/../summary"])
        | segment.map(lambda s: "?" + s),
    ),
    st.builds(lambda lang: f"/{lang}/summary", st.sampled_from(LANGS)),
    st.builds(
        lambda lang, text, tail: f"/{lang}/e/{text}{tail}",
        st.sampled_from(LANGS),
        sealed,
        st.sampled_from(["", "/", "?x=1"]),
    ),
    st.builds(
        lambda lang, t, place: f"/{lang}/{t}/from/{place}",
        st.sampled_from(LANGS),
        st.sampled_from([t.id for t in TREES]) | segment,
        st.sampled_from(["TX", "TX/48201", "CA/48201", "ZZ", "TX/99999", "TX/48201/x"]) | segment,
    ),
    segment.map(lambda s: "/" + s),
)
values = st.one_of(
    st.sampled_from(
        ["TX", "CA", "unknown", "yes", "no", "seen", "48201", "local_police", "start", "restart"]
    ),
    garbage,
    st.just("x" * 20000),
)
actions = st.one_of(
    st.tuples(st.just("get"), paths),
    st.tuples(
        st.just("post"),
        paths,
        st.dictionaries(
            st.sampled_from(["answer", "csrf_token", "x", "tree", "go", "page"]), values, max_size=4
        ),
    ),
    st.tuples(st.just("post_raw"), paths, st.binary(max_size=300)),
    # A form of the walk, with this browser's token (the last one a page gave, or a fresh one).
    st.tuples(st.just("walk_post"), st.sampled_from(["en", "en", "es", *LANGS]), walk_fields, st.booleans()),
    st.tuples(st.just("cookie"), st.one_of(garbage, st.sampled_from(["gAAAAA", "", "a" * 3000]))),
    st.tuples(st.just("truncate_cookie"), st.integers(min_value=0, max_value=200)),
    st.tuples(st.just("replay_cookie"), st.just(None)),
)


def _cookie(client) -> str | None:
    cookie = client.get_cookie("s", domain="localhost")
    return cookie.value if cookie else None


TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _token(html: str) -> str | None:
    match = TOKEN.search(html)
    return match.group(1) if match else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(actions, min_size=1, max_size=12))
def test_random_requests_never_break_the_app(sequence):
    client = APP.test_client()
    seen_cookies: list[str] = []
    token = ""  # the last form token a page gave this browser
    for action in sequence:
        kind = action[0]
        if kind == "get":
            response = client.get(action[1])
        elif kind == "post":
            response = client.post(action[1], data=action[2])
        elif kind == "post_raw":
            response = client.post(
                action[1], data=action[2], content_type="application/x-www-form-urlencoded"
            )
        elif kind == "walk_post":
            _, lang, fields, fresh = action
            if fresh or not token:
                home = client.get("/en/")
                assert home.status_code < 500, (action, home.status_code)
                token = _token(home.get_data(as_text=True)) or token
            response = client.post(f"/{lang}/walk", data={"csrf_token": token, **fields})
        elif kind == "cookie":
            client.set_cookie("s", action[1], domain="localhost")
            continue
        elif kind == "truncate_cookie":
            value = _cookie(client)
            if value:
                client.set_cookie("s", value[: action[1]], domain="localhost")
            continue
        else:
            if seen_cookies:
                client.set_cookie("s", seen_cookies[0], domain="localhost")
            continue
        if (value := _cookie(client)) is not None:
            seen_cookies.append(value)
        assert response.status_code < 500, (action, response.status_code)
        body = response.get_data(as_text=True)
        assert "Traceback" not in body and "Werkzeug Debugger" not in body
        token = _token(body) or token
        response.close()
        location = response.headers.get("Location")
        if location:
            host = urlsplit(location).netloc
            assert host in ("", "localhost") or location == APP.config["EXIT_URL"], location
    # Afterwards, a person can still walk a questionnaire from the start.
    client.get("/exit")
    walker = Walker(client)
    assert walker.start("local_police") == "state"
    walker.answer("state", "CA")
    walker.answer("county", "unknown")
    assert walker.on_screen() == CHECK
    walker.result()
    assert walker.on_screen() == RESULT


def test_no_open_redirect_anywhere(client):
    for url in [
        "/exit?next=https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "/en/local_police/?next=//evil",
    ]:
        response = client.get(url)
        location = response.headers.get("Location", "")
        assert not re.match(r"^(https?:)?//(?!weather\.com/)", location), (url, location)
