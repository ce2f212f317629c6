"""Shared fixtures: the app, a client, and a tiny tree for engine tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questionnaire import create_app
from questionnaire.jurisdictions import Jurisdictions, load_jurisdictions
from questionnaire.tree import Tree, load_tree

HERE = Path(__file__).resolve().parent
FIXTURE_TREES = HERE / "trees"
SECRET = "test-secret-key"


@pytest.fixture(scope="session")
def data() -> Jurisdictions:
    return load_jurisdictions()


@pytest.fixture
def tiny() -> Tree:
    return load_tree(FIXTURE_TREES / "tiny.json")


@pytest.fixture
def app():
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


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


@pytest.fixture
def walker(client) -> Walker:
    return Walker(client)


@pytest.fixture
def tiny_client():
    """A client for an app that serves only the fixture trees."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "TREES_DIR": str(FIXTURE_TREES)})
    return app.test_client()
