"""Print the state cookie a person holds with a given page of a walk on screen, so wrk or Lighthouse
can ask for that page at /en/walk.

The walk is made through the app itself, with its forms (home page "start" button, each answer with
its form token, "See what this means for you"), so the cookie is the one a browser would hold: it
names the walk on screen (session key `w`) and the page on screen (`at`), carries the form token
too, and is fresh when the run starts.

Usage: cookie.py SECRET TREE_ID '{"node": "value", ...}' [PAGE]
  PAGE is "walk" (default: where the walk stands, the next unanswered question or the check page),
  "result" (the outcome; the walk must be finished), or "q/<node id>" (that answered question, as
  after Back or Change; put into the state the way tests/helpers.py `set_walk` does).
"""

from __future__ import annotations

import json
import re
import sys
import typing as t

from flask import Flask

from questionnaire import create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE = re.compile(r'name="page" value="([^"]+)"')
WALK = "/en/walk"


def make_cookie(app: Flask, tree_id: str, answers: t.Mapping[str, str], wanted: str = "walk") -> str:
    """The cookie's value, made by answering through app's own forms."""
    client = app.test_client()

    def post(html: str, form: dict[str, str]) -> None:
        token = TOKEN.search(html)
        assert token, ("no form token", form)
        done = client.post(WALK, data={"csrf_token": token.group(1), "tree": tree_id, **form})
        assert done.status_code == 302 and done.headers["Location"] == WALK, (form, done.status_code)

    def on_screen() -> str:
        page = client.get(WALK)
        assert page.status_code == 200, page.status_code
        return page.get_data(as_text=True)

    home = client.get("/en/").get_data(as_text=True)
    assert f'name="tree" value="{tree_id}"' in home, f"the home page offers no {tree_id}"
    post(home, {"go": "start"})
    for node_id, value in answers.items():
        html = on_screen()
        shown = PAGE.search(html)
        assert shown and shown.group(1) == node_id, (node_id, shown and shown.group(1))
        post(html, {"page": node_id, "answer": value})
    if wanted == "result":
        html = on_screen()
        assert 'name="go" value="result"' in html, "the walk has not reached the check page"
        post(html, {"go": "result"})
    elif wanted.startswith("q/"):
        with client.session_transaction() as session:
            session["at"] = wanted.removeprefix("q/")
    else:
        assert wanted == "walk", f"unknown page {wanted!r}"
    on_screen()  # the page is there, and the cookie holds its form token
    with client.session_transaction() as session:
        assert session.get("w") == tree_id, session.get("w")
        at = {"result": ":result", "walk": None}.get(wanted, wanted.removeprefix("q/"))
        assert session.get("at") == at, (session.get("at"), at)
    cookie = client.get_cookie("s")
    assert cookie is not None
    return cookie.value


if __name__ == "__main__":
    secret, tree, given = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    print(
        make_cookie(
            create_app({"SECRET_KEY": secret}), tree, given, sys.argv[4] if len(sys.argv) > 4 else "walk"
        )
    )
