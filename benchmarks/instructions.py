"""Serve one page N times through the WSGI app, in this process, for valgrind to count (instructions.sh).

Usage: instructions.py PAGE N   (PAGE: hello, question, county or outcome, as in throughput.sh)
"""

from __future__ import annotations

import io
import sys
import typing as t

from cookie import make_cookie
from hello import app as hello

from questionnaire import create_app

SECRET = "benchmark-secret-long-enough-for-production-use"
# The pages throughput.sh asks for: (answers, page on screen) in local_police.
PAGES = {
    "question": ({}, "walk"),  # just opened: the state question
    "county": ({"state": "TX"}, "walk"),  # the county question, 254 counties
    "outcome": ({"state": "TX", "county": "48201"}, "result"),  # the outcome for Harris County
}
WARM_UP = 200  # requests before counting starts: every kept part is rendered by then


def environ(path: str, cookie: str | None) -> dict[str, t.Any]:
    """What gunicorn hands the app for wrk's GET."""
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8102",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8102",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    if cookie:
        env["HTTP_COOKIE"] = f"s={cookie}"
    return env


def serve(app: t.Callable[..., t.Iterable[bytes]], env: dict[str, t.Any]) -> None:
    status: list[str] = []
    body = app(dict(env), lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    getattr(body, "close", lambda: None)()
    assert status[0].startswith("200"), status


def main(page: str, count: int) -> None:
    if page == "hello":
        app, env = hello, environ("/", None)
    else:
        app = create_app({"SECRET_KEY": SECRET})
        answers, wanted = PAGES[page]
        # Made now, not before valgrind starts: a cookie older than a minute is re-issued on
        # every page, which a browser's never is.
        env = environ("/en/walk", make_cookie(app, "local_police", answers, wanted))
    for _ in range(WARM_UP + count):
        serve(app, env)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
