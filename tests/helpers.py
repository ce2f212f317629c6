"""Helpers the tests share: the fixture trees, the test secret, and a walker that acts like a person."""

from __future__ import annotations

import re
from pathlib import Path

from questionnaire.content.paths import enumerate_paths
from questionnaire.rendering.frames import MARK

HERE = Path(__file__).resolve().parent
FIXTURE_TREES = HERE / "trees"
SECRET = "test-secret-key-that-is-long-enough-for-production"


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


PAGE_FIELD = re.compile(r'name="page" value="([^"]+)"')
CHECK, RESULT = "check", "result"  # what on_screen() names the two pages after the last question


class Walker:
    """Drive the app like a person: every page of a walk is at /<lang>/walk; forms say what to do.

    The walk's address never names a questionnaire or a question, so the walker reads which page
    is on screen from the page itself (the hidden `page` field of a question's form).
    """

    def __init__(self, client, lang: str = "en") -> None:
        self.client = client
        self.lang = lang
        self.tree: str | None = None

    @property
    def walk_url(self) -> str:
        return f"/{self.lang}/walk"

    def get(self, url: str | None = None, status: int = 200):
        url = url or self.walk_url
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        assert MARK not in response.get_data(as_text=True), f"{url} has an unfilled slot"
        return response

    def page(self) -> str:
        """The page of the walk on screen, as HTML."""
        return self.get().get_data(as_text=True)

    def post(self, form: dict[str, str], status: int = 302, token_from: str | None = None):
        """Submit a form of the walk (with the token of the page on screen, or of token_from)."""
        html = token_from if token_from is not None else self.page()
        data = {"csrf_token": csrf(html), "tree": self.tree, **form}
        response = self.client.post(self.walk_url, data={k: v for k, v in data.items() if v is not None})
        assert response.status_code == status, (form, response.status_code)
        if status == 302:
            assert response.headers["Location"] in (self.walk_url, f"/{self.lang}/"), response.headers[
                "Location"
            ]
        return response

    def start(self, tree_id: str) -> str:
        """Open a questionnaire from the home page, as a person does; the page then on screen."""
        home = self.get(f"/{self.lang}/").get_data(as_text=True)
        assert f'name="tree" value="{tree_id}"' in home, f"the home page offers no {tree_id}"
        self.tree = tree_id
        response = self.post({"go": "start"}, token_from=home)
        assert response.headers["Location"] == self.walk_url
        return self.on_screen()

    def on_screen(self, html: str | None = None) -> str:
        """The question's node id, or CHECK, or RESULT: which page of the walk is showing."""
        html = html if html is not None else self.page()
        match = PAGE_FIELD.search(html)
        if match and 'name="answer"' in html or match and 'id="continue"' in html:
            return match.group(1)
        if 'name="go" value="result"' in html:
            return CHECK
        assert 'name="go" value="restart"' in html, "neither a question, the check page nor an outcome"
        return RESULT

    def answer(self, node: str, value: str | None, status: int = 302):
        """Answer the question on screen, which must be node (None sends the form with nothing chosen)."""
        html = self.page()
        shown = self.on_screen(html)
        assert shown == node, f"expected question {node!r} on screen, found {shown!r}"
        form = {"page": node}
        if value is not None:
            form["answer"] = value
        return self.post(form, status=status, token_from=html)

    def go(self, action: str, page: str | None = None, status: int = 302):
        """Press a button of the walk: back, change, check, result, restart or start."""
        return self.post({"go": action, "page": page}, status=status)

    def result(self):
        """See the outcome: the button on the check page, then the page on screen."""
        assert self.on_screen() == CHECK, "the walk has not reached the check page"
        self.go("result")
        return self.get()

    def walk_to(self, node: str) -> None:
        """Continue past information pages until question node is on screen."""
        for _ in range(50):
            shown = self.on_screen()
            if shown == node:
                return
            assert shown not in (CHECK, RESULT), f"the walk ended before {node!r}"
            self.answer(shown, None)
        raise AssertionError(f"never reached {node!r}")


def set_walk(client, tree_id: str, answers, page: str = "check") -> None:
    """Put a walk in the browser's state as if the person had got there; GET /<lang>/walk shows it.

    page is "q/<node id>" for a question, "check" or "result" (the names pages_of_paths uses).
    For tests that look at many pages; tests of how a person moves use Walker.
    """
    with client.session_transaction() as session:
        session["a"] = {tree_id: dict(answers)}
        session["w"] = tree_id
        session.pop("at", None)
        if page == "result":
            session["at"] = ":result"
        elif page.startswith("q/"):
            session["at"] = page.removeprefix("q/")


def pages_of_paths(trees, data) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """(tree id, answers, page) for every outcome, and each distinct question page on the way."""
    pages: dict[tuple[str, str, tuple], tuple[str, tuple[tuple[str, str], ...], str]] = {}
    for tree_id, tree in trees.items():
        for path in enumerate_paths(tree, data):
            for i, (node_id, _) in enumerate(path.answers):
                before = path.answers[:i]
                # A question page depends only on the state chosen before it (for the county list).
                key = (tree_id, node_id, tuple(v for n, v in before if tree.node(n).source == "us_states"))
                pages.setdefault(key, (tree_id, path.answers, f"q/{node_id}"))
            pages[(tree_id, "result", path.answers)] = (tree_id, path.answers, "result")
            pages.setdefault((tree_id, "check", ()), (tree_id, path.answers, "check"))
    return list(pages.values())


def _shipped() -> tuple[str, list[str]]:
    from questionnaire.i18n import LANGUAGES

    others = [code for code, lang in LANGUAGES.items() if code != "en" and lang.direction == "ltr"]
    return others[0], [code for code, lang in LANGUAGES.items() if lang.direction == "rtl"]


# A shipped left-to-right language other than English, and the shipped right-to-left ones: the
# tests that need "another language" use these, so they follow translations/languages.json.
OTHER, RTL = _shipped()
