"""Shared fixtures: the app, a client, and a tiny tree for engine tests."""

from __future__ import annotations

import pytest

from helpers import FIXTURE_TREES, SECRET, Walker
from questionnaire import create_app
from questionnaire.content.jurisdictions import Jurisdictions, load_jurisdictions
from questionnaire.content.tree import Tree, load_tree


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


@pytest.fixture
def walker(client) -> Walker:
    return Walker(client)


@pytest.fixture
def tiny_client():
    """A client for an app that serves only the fixture trees."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "TREES_DIR": str(FIXTURE_TREES)})
    return app.test_client()
