"""A live server and Debian's Chromium, driven by Playwright, for tests a browser must show."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from chromium import CHROMIUM, CHROMIUM_ARGS
from questionnaire import create_app

PARTNERS = Path(__file__).resolve().parent.parent / "partners"


@pytest.fixture(scope="session")
def live_app():
    """The app served on a free loopback port, for the whole session."""
    # With the test partners, so the share page offers them and a partner's outcome can be checked.
    app = create_app({"SECRET_KEY": "browser-tests", "PARTNERS_DIR": str(PARTNERS)})

    @app.get("/neutral")
    def neutral():  # stands in for the neutral site quick exit goes to, so nothing leaves loopback
        return "<!doctype html><title>Weather</title><p>Sunny"

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["EXIT_URL"] = f"http://127.0.0.1:{httpd.server_port}/neutral"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{httpd.server_port}"
    yield app
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(live_app):
    return live_app.config["BASE_URL"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
