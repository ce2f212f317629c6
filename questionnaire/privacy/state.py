"""Answers live only in an encrypted, authenticated cookie that expires when left idle.

The server keeps nothing, so any process that shares the secret key can serve any request.
"""

from __future__ import annotations

import json
import time
import typing as t

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict
from werkzeug.http import parse_cookie

from .. import current
from .state_token import Expired, StateKeys, Unreadable

# Problems with the cookie a request brought, for the web layer to explain.
EXPIRED = "expired"
UNREADABLE = "unreadable"
BORN = "_born"  # when this set of answers was first stored (Unix seconds), inside the encryption


class State(CallbackDict[str, t.Any], SessionMixin):
    """The session object: a dict that knows whether the cookie it came from was bad."""

    def __init__(
        self,
        initial: t.Mapping[str, t.Any] | None = None,
        problem: str | None = None,
        issued: int | None = None,
    ):
        def on_update(self: State) -> None:
            self.modified = True

        super().__init__(initial, on_update)
        self.modified = False
        self.problem = problem
        self.issued = issued  # when the cookie it came from was made (Unix seconds)


def refresh_seconds(app: Flask) -> int:
    """How old a cookie gets before a page re-issues it: a tenth of the idle time, at most a minute."""
    return min(60, int(app.config["STATE_IDLE_SECONDS"]) // 10)


class EncryptedStateInterface(SessionInterface):
    """A Flask session interface that encrypts the whole state (state_token.py says how)."""

    def keys(self, app: Flask) -> StateKeys:
        """The current key encrypts; keys being retired (OLD_SECRET_KEYS) still decrypt."""
        secrets = (app.secret_key, *app.config.get("OLD_SECRET_KEYS", ()))
        cached = app.extensions.get("state_keys")
        if cached is None or cached[0] != secrets:
            cached = (secrets, StateKeys(secrets))
            app.extensions["state_keys"] = cached
        return t.cast(StateKeys, cached[1])

    def open_session(self, app: Flask, request: Request) -> State:
        # Parsed from the one WSGI header: Request.cookies first gathers every Cookie header from
        # the whole environment, which took longer than parsing them (2026-12-06).
        token = parse_cookie(request.environ).get(self.get_cookie_name(app))
        if not token:
            return State()
        try:
            raw, issued = self.keys(app).decrypt(token, ttl=int(app.config["STATE_IDLE_SECONDS"]))
            data = json.loads(raw)
        except Expired:
            return State(problem=EXPIRED)
        except (Unreadable, ValueError):  # a JSONDecodeError or UnicodeDecodeError is a ValueError
            return State(problem=UNREADABLE)
        if not isinstance(data, dict):
            return State(problem=UNREADABLE)
        # However often it is refreshed, a state lives at most STATE_MAX_SECONDS: a copied
        # cookie stops working even if someone keeps it alive.
        born = data.setdefault(BORN, issued)  # cookies made before this rule: born when made
        if not isinstance(born, int):
            return State(problem=UNREADABLE)
        if time.time() - born > int(app.config["STATE_MAX_SECONDS"]):
            return State(problem=EXPIRED)
        return State(data, issued=issued)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        state = t.cast(State, session)
        if current.request().endpoint == "static":
            return  # static files stay cacheable and never touch the state
        if not state:
            if state.modified or state.problem:
                response.delete_cookie(name, domain=domain, path=path)
            return
        response.headers.add("Vary", "Cookie")  # (response.vary would parse the header first)
        if not state.modified and state.issued is not None:
            # Re-issued so that the idle timer starts again, but at most every refresh period:
            # encrypting on every page would cost more than the page itself.
            if time.time() - state.issued < refresh_seconds(app):
                return
        kept = dict(state)
        kept.setdefault(BORN, int(time.time()))
        token = self.keys(app).encrypt(json.dumps(kept, separators=(",", ":")).encode())
        response.set_cookie(
            name,
            token,
            httponly=True,
            secure=self.get_cookie_secure(app),
            samesite="Lax",
            domain=domain,
            path=path,
        )
