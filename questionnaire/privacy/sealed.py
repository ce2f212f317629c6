"""Explanation links that name no outcome: what a link explains is sealed with the site's key.

An explanation link carries no answer, yet an address such as `crime_victim/explain/result_vawa`
would tell whoever reads a log or a browser's history which outcome a person reached. Sealed with
AES-SIV under a key derived from the site's secret, the address says nothing without the key. The
sealing is deterministic, so one explanation has one address. Keys being retired
(OLD_SECRET_KEYS) still open the links they made; once a key is dropped, its links are 404s.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask

LONGEST = 256  # characters; a real link is under 100


def _siv(secret: str | bytes) -> AESSIV:
    raw = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"questionnaire explain link v1").derive(
        raw
    )
    return AESSIV(key)


def _keys(app: Flask) -> tuple[AESSIV, ...]:
    """The current key first, then the keys being retired; derived once per set of secrets."""
    secrets = (app.secret_key, *app.config.get("OLD_SECRET_KEYS", ()))
    cached = app.extensions.get("sealed_keys")
    if cached is None or cached[0] != secrets:
        cached = (secrets, tuple(_siv(s) for s in secrets if s))
        app.extensions["sealed_keys"] = cached
    return cached[1]


def seal(app: Flask, parts: tuple[str, ...]) -> str:
    """The parts (ids and codes, none containing "/") as one opaque, URL-safe word."""
    token = _keys(app)[0].encrypt("/".join(parts).encode(), None)
    return base64.urlsafe_b64encode(token).rstrip(b"=").decode("ascii")


def unseal(app: Flask, text: str) -> tuple[str, ...] | None:
    """The parts sealed in text, or None when no key of this site sealed it."""
    if len(text) > LONGEST:
        return None
    try:
        token = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    if base64.urlsafe_b64encode(token).rstrip(b"=").decode("ascii") != text:
        return None  # the same bytes written another way (padding, unused low bits): one link, one address
    for key in _keys(app):
        try:
            return tuple(key.decrypt(token, None).decode().split("/"))
        except (InvalidTag, ValueError, UnicodeError):
            continue
    return None
