"""The state cookie's bytes: the answers encrypted and authenticated with AES-256-GCM-SIV.

A token is URL-safe base64 (no padding) of

    version (1 byte, 0x02) | issued (8 bytes, Unix seconds, big-endian) | nonce (12 bytes) | ciphertext and tag

with the version and the time authenticated as associated data, so neither can be changed.
GCM-SIV, not plain GCM: a repeated random nonce then reveals only that two states were equal,
never the key stream. Until 2026-12 the cookie was a Fernet token (AES-128-CBC with HMAC-SHA256);
opening one took 32 µs with its checks, against 10 µs now (2026-12-06). Fernet tokens
are still read (never written) for one lifetime of a state, so walks in progress when the site
is updated go on; decision 001 says when that reading stops.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
import time
import typing as t

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCMSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x02"
HEADER = struct.Struct(">cQ")  # version, issued
NONCE = 12
TAG = 16
CLOCK_SKEW = 60  # seconds a token may seem to come from the future (another server's clock)
LONGEST = 4096  # characters; a browser keeps no longer cookie


class Unreadable(Exception):
    """Not a token any of our keys made, or changed since."""


class Expired(Exception):
    """A genuine token, idle for longer than allowed."""


def _derive(secret: str | bytes, info: bytes, length: int) -> bytes:
    raw = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(raw)


def _fernet(secret: str | bytes) -> Fernet:
    """The key of the cookies made before 2026-12 (read only)."""
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"questionnaire state v1", 32)))


class StateKeys:
    """The current secret encrypts; secrets being retired (OLD_SECRET_KEYS) still decrypt."""

    def __init__(self, secrets: t.Sequence[str | bytes]) -> None:
        if not secrets or not secrets[0]:
            raise RuntimeError("SECRET_KEY must be set")
        self._ciphers = tuple(AESGCMSIV(_derive(s, b"questionnaire state v2", 32)) for s in secrets)
        self._legacy = MultiFernet([_fernet(s) for s in secrets])

    def encrypt(self, data: bytes) -> str:
        return self.encrypt_at_time(data, int(time.time()))

    def encrypt_at_time(self, data: bytes, issued: int) -> str:
        header = HEADER.pack(VERSION, issued)
        nonce = os.urandom(NONCE)
        sealed = self._ciphers[0].encrypt(nonce, data, header)
        return base64.urlsafe_b64encode(header + nonce + sealed).rstrip(b"=").decode("ascii")

    def decrypt(self, token: str, ttl: int | None = None) -> tuple[bytes, int]:
        """The data and the time the token was made; Expired once idle longer than ttl seconds."""
        if len(token) > LONGEST:
            raise Unreadable
        if token.startswith("gAAAAA"):  # Fernet's version byte, 0x80, then the time's zero bytes
            return self._legacy_decrypt(token, ttl)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise Unreadable from None
        if len(raw) < HEADER.size + NONCE + TAG or raw[:1] != VERSION:
            raise Unreadable
        header, nonce, sealed = (
            raw[: HEADER.size],
            raw[HEADER.size : HEADER.size + NONCE],
            raw[HEADER.size + NONCE :],
        )
        for cipher in self._ciphers:
            try:
                data = cipher.decrypt(nonce, sealed, header)
            except InvalidTag:
                continue
            break
        else:
            raise Unreadable
        return data, _checked(HEADER.unpack(header)[1], ttl)

    def _legacy_decrypt(self, token: str, ttl: int | None) -> tuple[bytes, int]:
        try:
            raw = token.encode("ascii")
            data = self._legacy.decrypt(raw)  # its HMAC covers the time too
        except (InvalidToken, UnicodeError, ValueError):
            raise Unreadable from None
        issued = int.from_bytes(base64.urlsafe_b64decode(raw)[1:9], "big")  # after the version byte
        return data, _checked(issued, ttl)


def _checked(issued: int, ttl: int | None) -> int:
    """The time a genuine token was made, once it is neither from the future nor idle too long."""
    now = time.time()
    if issued > now + CLOCK_SKEW:
        raise Unreadable
    if ttl is not None and now - issued > ttl:
        raise Expired
    return issued
