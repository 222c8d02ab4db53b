"""Service-account JWT minting and caching, shaped as a requests AuthBase.

Tokens are RS256 with header kid=key_id and claims iss/iat/exp (reference §1.2). One token is
reused until shortly before it expires: signing per request wastes CPU, and a short-lived
token re-minted on demand is what the API expects. Thread-safe: the Pulumi provider calls one
client from several threads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import NoReturn, SupportsIndex

import jwt
import requests

from pulumi_voxbind.api.credentials import Credentials

__all__ = ["CLOCK_SKEW_BACKDATE", "MAX_TOKEN_LIFETIME", "JWTAuth"]

MAX_TOKEN_LIFETIME = 3600  # the API rejects exp - iat above this (error 454)
CLOCK_SKEW_BACKDATE = 5  # iat is back-dated so a slightly fast clock does not cause error 455
SKEWED_BACKDATE = 60  # after a 455 "issued in the future" our clock is ahead: back-date more


class JWTAuth(requests.auth.AuthBase):
    """Adds `Authorization: Bearer <jwt>` to requests, minting a new token only when needed."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        lifetime: int = 300,
        refresh_margin: int = 30,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if isinstance(lifetime, bool) or not isinstance(lifetime, int):
            raise TypeError("lifetime must be an int number of seconds")
        if not 0 < lifetime <= MAX_TOKEN_LIFETIME:
            raise ValueError(f"lifetime must be between 1 and {MAX_TOKEN_LIFETIME} seconds")
        if not 0 <= refresh_margin < lifetime:
            raise ValueError("refresh_margin must be >= 0 and shorter than lifetime")
        self._credentials = credentials
        self._lifetime = lifetime
        self._refresh_margin = refresh_margin
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0
        self._backdate = CLOCK_SKEW_BACKDATE

    @property
    def lifetime(self) -> int:
        """Seconds between a token's iat and exp."""
        return self._lifetime

    def token(self) -> str:
        """Return the cached token, minting a new one if it is close to expiry."""
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at - self._refresh_margin:
                self._token, self._expires_at = self._mint()
            return self._token

    def invalidate(self, token: str | None = None, *, clock_ahead: bool = False) -> None:
        """Drop the cached token (only if it is still `token`, when given) so the next is new.

        clock_ahead=True (after API error 455) back-dates later tokens further, because
        re-signing the same claims in the same second would give the very same token.
        """
        with self._lock:
            if clock_ahead:
                self._backdate = min(SKEWED_BACKDATE, max(CLOCK_SKEW_BACKDATE, self._lifetime // 2))
            if token is None or token == self._token:
                self._token = None

    def _mint(self) -> tuple[str, int]:
        """Sign a fresh token; returns it with its exp."""
        iat = int(self._clock()) - self._backdate
        exp = iat + self._lifetime
        claims = {"iss": str(self._credentials.account_id), "iat": iat, "exp": exp}
        token = jwt.encode(
            claims,
            self._credentials.private_key,
            algorithm="RS256",
            headers={"kid": self._credentials.key_id, "typ": "JWT"},
        )
        return token, exp

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token()}"
        return request

    def __repr__(self) -> str:
        return (
            f"JWTAuth(account_id={self._credentials.account_id}, "
            f"key_id={self._credentials.key_id!r}, lifetime={self._lifetime})"
        )

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        """Refuse pickling: the object holds credentials and a live token."""
        raise TypeError("JWTAuth cannot be pickled: it holds credentials and a token")
