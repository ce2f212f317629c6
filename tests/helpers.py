"""Helpers the tests share: the fixture trees, the test secret, and a walker that acts like a person."""

from __future__ import annotations

import re
from pathlib import Path

from questionnaire.frames import MARK
from questionnaire.paths import enumerate_paths

HERE = Path(__file__).resolve().parent
FIXTURE_TREES = HERE / "trees"
SECRET = "test-secret-key-that-is-long-enough-for-production"


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


class Walker:
    """Drive the app like a person: read a page, answer, follow the redirect."""

    def __init__(self, client, lang: str = "en") -> None:
        self.client = client
        self.lang = lang

    def get(self, url: str, status: int = 200):
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        assert MARK not in response.get_data(as_text=True), f"{url} has an unfilled slot"
        return response

    def start(self, tree_id: str) -> str:
        response = self.client.get(f"/{self.lang}/{tree_id}/")
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    def answer(self, url: str, value: str | None, status: int = 302):
        page = self.get(url)
        form = {"csrf_token": csrf(page.get_data(as_text=True))}
        if value is not None:
            form["answer"] = value
        response = self.client.post(url, data=form)
        assert response.status_code == status, (url, value, response.status_code)
        return response


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
