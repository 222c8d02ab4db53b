"""Service-account JWT verification with the real API's error codes.

Checks, in order: ``Authorization: Bearer`` present (100); token readable (447); ``alg`` exactly
RS256 (447 - ``none``, HS256 with any secret, ES256 etc. are refused before any key is used);
``kid`` a known key, not revoked (433); RS256 signature (100); claims ``iss``/``iat``/``exp``
present and numeric (447); ``iss`` equal to the key's account id, as a number or a decimal
string (100); ``exp - iat`` at most 3600 (454); ``iat`` not beyond ``SKEW`` seconds in the
future (455); ``exp`` not reached (456). Public keys are parsed once and cached.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from typing import Any

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from . import exceptions as exc

MAX_TTL = 3600
SKEW = 10  # seconds of clock skew tolerated for "iat"
_JWS = jwt.PyJWS()


class KeyRing:
    """Known public keys (key id -> account id and parsed key) and token verification."""

    def __init__(self, keys: Iterable[tuple[str, int, str]] = ()) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[int, Any]] = {}
        self._revoked: set[str] = set()
        for key_id, account_id, pem in keys:
            self.add(key_id, account_id, pem)

    def add(self, key_id: str, account_id: int, public_key_pem: str) -> None:
        """Cache a public key for verification."""
        key = load_pem_public_key(public_key_pem.encode())
        with self._lock:
            self._keys[key_id] = (account_id, key)

    def revoke(self, key_id: str) -> bool:
        """Forget a key: tokens signed with it get 433 from now on. False if it was unknown.

        What the real API answers for a deleted key is UNCONFIRMED; 433 "Invalid key id." is
        the code it has for a `kid` it does not know.
        """
        with self._lock:
            if self._keys.pop(key_id, None) is None:
                return False
            self._revoked.add(key_id)
            return True

    def account_of(self, key_id: str) -> int | None:
        """The account a known key belongs to."""
        entry = self._keys.get(key_id)
        return None if entry is None else entry[0]

    def __contains__(self, key_id: object) -> bool:
        return isinstance(key_id, str) and key_id in self._keys

    def verify(self, authorization: str | None, now: float | None = None) -> int:
        """Verify an Authorization header value and return the caller's account id."""
        token = _bearer(authorization)
        try:
            header = jwt.get_unverified_header(token)
        except (jwt.PyJWTError, ValueError, TypeError):
            raise exc.InvalidTokenFormat() from None
        if header.get("alg") != "RS256":
            raise exc.InvalidTokenFormat()
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise exc.InvalidTokenFormat()
        entry = self._keys.get(kid)
        if entry is None:
            raise exc.InvalidKeyId()
        account_id, key = entry
        try:
            payload = _JWS.decode_complete(token, key, algorithms=["RS256"])["payload"]
        except jwt.InvalidSignatureError:
            raise exc.AuthorizationFailed() from None
        except (jwt.PyJWTError, ValueError, TypeError):
            raise exc.InvalidTokenFormat() from None
        _check_claims(_claims(payload), account_id, time.time() if now is None else now)
        return account_id


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise exc.AuthorizationFailed()
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise exc.AuthorizationFailed()
    return token.strip()


def _claims(payload: bytes) -> dict[str, Any]:
    try:
        claims = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise exc.InvalidTokenFormat() from None
    if not isinstance(claims, dict):
        raise exc.InvalidTokenFormat()
    for name in ("iat", "exp"):
        value = claims.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise exc.InvalidTokenFormat()
    if "iss" not in claims:
        raise exc.InvalidTokenFormat()
    return claims


def _check_claims(claims: dict[str, Any], account_id: int, now: float) -> None:
    iss = claims["iss"]
    if isinstance(iss, bool) or not (
        (isinstance(iss, int) and iss == account_id)
        or (isinstance(iss, str) and iss.isascii() and iss == str(account_id))
    ):
        raise exc.AuthorizationFailed()
    iat, exp = claims["iat"], claims["exp"]
    if exp - iat > MAX_TTL:
        raise exc.InvalidTokenTtl()
    if iat > now + SKEW:
        raise exc.TokenIssuedInFuture()
    if exp <= now:
        raise exc.TokenExpired()
