"""Two real app processes that share only the secret key can serve one walk between them.

Each gunicorn process gets a loopback socket the test has already bound (`--bind fd://N`), so no
port can be taken by someone else between choosing it and listening on it.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import gunicorn
import pytest

from helpers import CHECK, SECRET, Walker, csrf

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT = 30.0  # seconds; a process normally answers within one or two


def _request(port: int, method: str, path: str, cookie: str | None, form: dict[str, str] | None = None):
    """One request on a fresh connection: (status, Location, the new cookie or None, body)."""
    headers = {"Accept-Language": "en"}
    if cookie:
        headers["Cookie"] = f"s={cookie}"
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8")
        new_cookie = None
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            if name == "s":
                new_cookie = rest.split(";", 1)[0]
        location = urllib.parse.urlsplit(response.headers.get("Location", "")).path
        return response.status, location, new_cookie, text
    finally:
        conn.close()


def _wait_until_ready(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app process exited with {process.returncode}:\n{log.read_text()}")
        try:
            status, _, _, _ = _request(port, "GET", "/en/", None)
        except OSError:
            time.sleep(0.1)
            continue
        if status == 200:
            return
        time.sleep(0.1)
    pytest.fail(f"the app process did not answer within {READY_TIMEOUT} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # gunicorn stops its workers and exits on SIGTERM
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def two_servers(request, tmp_path) -> list[int]:
    """Two gunicorn processes with the same secret key, each on its own loopback port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUESTIONNAIRE_")}
    env["QUESTIONNAIRE_SECRET_KEY"] = SECRET
    ports = []
    for name in ("a", "b"):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        port = listener.getsockname()[1]
        log = tmp_path / f"gunicorn-{name}.log"
        args = [sys.executable, "-m", "gunicorn", "questionnaire:create_app()"]
        args += ["--bind", f"fd://{listener.fileno()}", "--workers", "1", "--log-level", "warning"]
        if gunicorn.version_info >= (25, 1):
            args.append("--no-control-socket")  # two servers would otherwise share one control socket
        with log.open("wb") as out:
            process = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, pass_fds=[listener.fileno()]
            )
        request.addfinalizer(lambda p=process: _stop(p))  # registered before anything else can fail
        listener.close()  # the child has its own copy
        ports.append((process, port, log))
    for process, port, log in ports:
        _wait_until_ready(process, port, log)
    return [port for _, port, _ in ports]


def test_one_walk_alternates_between_two_processes(two_servers):
    a, b = two_servers
    turn = 0
    cookie: str | None = None

    def send(method: str, path: str, status: int, form: dict[str, str] | None = None):
        nonlocal turn, cookie
        port = (a, b)[turn % 2]
        turn += 1
        got, location, new_cookie, text = _request(port, method, path, cookie, form)
        assert got == status, (port, method, path, got, text[:500])
        cookie = new_cookie or cookie
        return location, text

    on_screen = Walker(None).on_screen  # reads the page it is given

    def act(page: str, form: dict[str, str]) -> str:
        # The token comes from one process, the other checks it; the next page from the first again.
        url, _ = send("POST", "/en/walk", 302, {"csrf_token": csrf(page), "tree": "local_police", **form})
        assert url == "/en/walk"
        return send("GET", url, 200)[1]

    _, home = send("GET", "/en/", 200)
    page = act(home, {"go": "start"})
    assert on_screen(page) == "state"
    page = act(page, {"page": "state", "answer": "NY"})
    assert on_screen(page) == "county"
    page = act(page, {"page": "county", "answer": "36061"})
    assert on_screen(page) == CHECK and "New York" in page
    page = act(page, {"go": "result"})
    assert "The law in New York" in page
    assert turn == 9  # the requests really were split between the two processes
