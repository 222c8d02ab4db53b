"""Errors raised by the Voximplant Management API client.

    VoximplantError                  root; .code (API code or None), .msg, .method, .http_status
    ├── AuthError                    100 104 433 447 454 455 456  (not retried; 100/455/456 get
    │                                one retry with a freshly minted JWT first)
    ├── InvalidParameterError        101 102 103 134 418 419 458 496  (not retried)
    │   ├── NotFoundError            107 116 132 147 156 168 558  (not retried)
    │   └── ConflictError            129 133 175  (name not unique; not retried)
    └── TransientError               2 4 162 416 484 515, and 1 13 (retried at most once)
        ├── RateLimitedError         340, HTTP 429  (retried; Retry-After honoured)
        └── TransportError           connection errors, timeouts, HTTP 408/5xx, 2xx without
            │                        a JSON object  (retried)
            └── EndpointUnreachableError  the endpoint has refused connections for a while
                                     (see health.py): not retried, every call fails at once

TransientError and its subclasses are retried with backoff until max_attempts or the deadline
runs out; everything else is permanent and raised after a single request. API codes not listed
above raise a plain VoximplantError (permanent), as do HTTP 3xx/4xx without an API error body.

The API code and the HTTP status are kept apart: API errors arrive as HTTP 200 with an
`{"error": {...}}` body, and some API codes (e.g. 429 INVALID_RESOURCE_TYPE) collide with HTTP
statuses. Messages never contain tokens, keys or request headers.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AUTH_CODES",
    "CONFLICT_CODES",
    "INVALID_PARAMETER_CODES",
    "LIMITED_RETRY_CODES",
    "NOT_FOUND_CODES",
    "RATE_LIMIT_CODES",
    "REAUTH_CODES",
    "TRANSIENT_CODES",
    "AuthError",
    "ConflictError",
    "EndpointUnreachableError",
    "InvalidParameterError",
    "NotFoundError",
    "RateLimitedError",
    "TransientError",
    "TransportError",
    "VoximplantError",
    "error_for_api_code",
]

AUTH_CODES = frozenset({100, 104, 433, 447, 454, 455, 456})
REAUTH_CODES = frozenset({100, 455, 456})  # a fresh JWT may fix these: expiry, clock skew
INVALID_PARAMETER_CODES = frozenset({101, 102, 103, 134, 418, 419, 458, 496})
NOT_FOUND_CODES = frozenset({107, 116, 132, 147, 156, 168, 558})
CONFLICT_CODES = frozenset({129, 133, 175})
RATE_LIMIT_CODES = frozenset({340})
TRANSIENT_CODES = frozenset({2, 4, 162, 416, 484, 515})
LIMITED_RETRY_CODES = frozenset({1, 13})  # fatal/config errors: one retry, then give up


class VoximplantError(Exception):
    """Any failure of a Management API call; catch this to handle them all."""

    retryable: ClassVar[bool] = False

    def __init__(
        self,
        msg: str,
        code: int | None = None,
        method: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.msg = msg
        self.code = code
        self.method = method
        self.http_status = http_status
        self.retry_note: str | None = None  # set by the client when it gives up retrying
        # Requests the client sent for this call (set by the client). More than one means an
        # earlier attempt's outcome was unknown: a create that then meets "name taken" may
        # have met its own first attempt.
        self.attempts = 1
        super().__init__(msg)

    def __str__(self) -> str:
        """Render 'Method failed: API error 147: text' (or HTTP status / plain text)."""
        prefix = f"{self.method} failed: " if self.method else ""
        suffix = f" ({self.retry_note})" if self.retry_note else ""
        if self.code is not None:
            return f"{prefix}API error {self.code}: {self.msg}{suffix}"
        if self.http_status is not None:
            return f"{prefix}HTTP {self.http_status}: {self.msg}{suffix}"
        return f"{prefix}{self.msg}{suffix}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(msg={self.msg!r}, code={self.code!r}, "
            f"method={self.method!r}, http_status={self.http_status!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with all four fields (Exception's default would drop the keywords)."""
        return (type(self), (self.msg, self.code, self.method, self.http_status))


class AuthError(VoximplantError):
    """The key, token or role was rejected; fix the credentials, retrying will not help.

    `advice`, set by the client, says which key it was (id and account, never key material),
    where it came from, the likely causes and the fix.
    """

    advice: str | None = None

    def __str__(self) -> str:
        text = super().__str__()
        if not self.advice:
            return text
        return f"{text}{' ' if text.endswith('.') else '. '}{self.advice}"


class InvalidParameterError(VoximplantError):
    """The request was well-formed HTTP but the API rejected a parameter; not retried."""


class NotFoundError(InvalidParameterError):
    """An id or name refers to an application, rule or scenario that does not exist."""


class ConflictError(InvalidParameterError):
    """A name that must be unique is already taken."""


class TransientError(VoximplantError):
    """A temporary failure; the client retries these with backoff before raising."""

    retryable = True


class RateLimitedError(TransientError):
    """The API asked us to slow down (code 340 or HTTP 429); retried after a pause."""


class TransportError(TransientError):
    """No usable answer: connection failure, timeout, HTTP 5xx or a non-JSON body."""


class EndpointUnreachableError(TransportError):
    """The endpoint has not accepted a connection for a while; fix the URL or the network."""

    retryable = False


def error_for_api_code(
    code: int, msg: str, method: str | None = None, http_status: int | None = None
) -> VoximplantError:
    """Build the exception subclass that matches an API error code."""
    cls: type[VoximplantError]
    if code in RATE_LIMIT_CODES or http_status == 429:
        cls = RateLimitedError  # HTTP 429 means the request was not processed at all
    elif code in AUTH_CODES:
        cls = AuthError
    elif code in NOT_FOUND_CODES:
        cls = NotFoundError
    elif code in CONFLICT_CODES:
        cls = ConflictError
    elif code in INVALID_PARAMETER_CODES:
        cls = InvalidParameterError
    elif code in TRANSIENT_CODES or code in LIMITED_RETRY_CODES:
        cls = TransientError
    else:
        cls = VoximplantError
    return cls(msg, code=code, method=method, http_status=http_status)
