"""Form tokens against forged requests: every form echoes a secret that only the person's state holds.

Flask-WTF signs a timestamped token because Flask's own cookie can be read by whoever holds it.
Ours is encrypted, authenticated and expires when idle, so the secret inside it needs no signature:
a form is genuine when it carries that secret (the synchronizer token pattern). Each form masks the
secret with fresh random bytes, as Django does, so no two pages carry the same bytes and a
compressed page cannot be used to guess it (BREACH). Signing every page's token cost about a
tenth of the time of a whole page; this costs a few microseconds.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets

from flask import Flask
from werkzeug.exceptions import BadRequest

from .. import current

FIELD = "csrf_token"  # the hidden form field
KEY = "csrf"  # where the secret lives in the state
SIZE = 32
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CSRFError(BadRequest):
    description = "The form token is missing or does not match this browser's answers."


def _decode(text: object, size: int) -> bytes | None:
    """Exactly `size` bytes from their URL-safe base64 form, or None for anything else."""
    if not isinstance(text, str) or len(text) != 4 * -(-size // 3):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError, UnicodeError):
        return None
    return raw if len(raw) == size else None


def _xor(a: bytes, b: bytes) -> bytes:
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).to_bytes(SIZE, "big")


def _secret() -> bytes:
    """This person's secret, made (and so written to the state) the first time a form needs it."""
    state = current.session()
    secret = _decode(state.get(KEY), SIZE)
    if secret is None:
        secret = secrets.token_bytes(SIZE)
        state[KEY] = base64.urlsafe_b64encode(secret).decode("ascii")
    return secret


def form_token() -> str:
    """The token for a form on this page: the secret under a fresh mask."""
    mask = secrets.token_bytes(SIZE)
    return base64.urlsafe_b64encode(mask + _xor(mask, _secret())).decode("ascii")


def is_valid(token: object) -> bool:
    """Whether a posted token carries this person's secret."""
    secret = _decode(current.session().get(KEY), SIZE)
    masked = _decode(token, 2 * SIZE)
    if secret is None or masked is None:
        return False
    return hmac.compare_digest(_xor(masked[:SIZE], masked[SIZE:]), secret)


def protect() -> None:
    """Refuse any state-changing request whose form does not carry the token."""
    req = current.request()
    if req.routing_exception is not None:
        return  # no such page, or not for this method: the 404 or 405 says more than a 400
    if req.method in UNSAFE and not is_valid(req.form.get(FIELD)):
        raise CSRFError()


def init_app(app: Flask) -> None:
    app.before_request(protect)
