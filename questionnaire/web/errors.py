"""Clear error pages, in the person's language, with a 4xx status and never a traceback."""

from __future__ import annotations

from flask import Flask, g, request, session
from flask.typing import ResponseReturnValue
from flask_babel import refresh
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from ..i18n import best_match
from ..privacy.csrf import CSRFError
from ..privacy.state import State
from ..rendering.frames import render_page


def _use_best_language() -> None:
    """Outside a language's URL (a bad address), answer in the browser's preferred language."""
    if not getattr(g, "lang", None):
        g.lang = best_match()
        g.pop("_catalog", None)
        refresh()


def _render(code: int, kind: str) -> tuple[bytes, int]:
    _use_best_language()
    return render_page("error.html", code=code, kind=kind), code


def handle_http(exc: HTTPException) -> tuple[bytes, int]:
    code = exc.code or 500
    kinds = {404: "not_found", 405: "method", 413: "too_large"}
    return _render(code, kinds.get(code, "bad_request" if code < 500 else "server"))


def handle_csrf(exc: CSRFError) -> ResponseReturnValue:
    _use_best_language()
    if isinstance(session, State) and session.problem:
        return render_page("state_problem.html", problem=session.problem), 400
    if request.endpoint == "walk.act":
        from .walk import expired_form_page

        # Show the same question again; the answers so far are still in the cookie.
        page = expired_form_page()
        if page is not None:
            return page
    return _render(400, "expired_form")


def handle_unexpected(exc: Exception) -> tuple[bytes, int]:
    # Never show a traceback; the exception still reaches the log without any form body.
    return _render(500, "server")


def handle_untrusted_host(exc: SecurityError) -> tuple[str, int, dict[str, str]]:
    # Not one of our host names: no page can be built (its links would name that host).
    return "Bad request: unknown host.\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    app.register_error_handler(SecurityError, handle_untrusted_host)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
