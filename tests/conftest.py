"""Shared fixtures: the app, a client, and a tiny tree for engine tests."""

from __future__ import annotations

import pytest

from helpers import FIXTURE_TREES, SECRET, Walker
from questionnaire import create_app
from questionnaire.content.jurisdictions import Jurisdictions, load_jurisdictions
from questionnaire.content.tree import Tree, load_tree

# Modules that walk everything (every path, every language, every kept page), drive a browser or
# start real servers: minutes each. `make test-fast` leaves them out; `make test` and CI run them.
SLOW = {
    "test_every_path.py",
    "test_languages.py",
    "test_page_weight.py",
    "test_kept_pages.py",
    "test_slow_clients.py",
    "test_scale_out.py",
    "test_install.py",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW or "browser" in item.path.parts:
            item.add_marker(pytest.mark.slow)


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
