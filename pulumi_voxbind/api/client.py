"""The Voximplant Management API client: one pooled session, JWT auth, retries, deadlines.

Every call is `POST <endpoint>/<Method>` with a form body (see transport.py). Transient
failures (errors.TransientError and subclasses) are retried with exponential backoff and full
jitter, bounded by `max_attempts` and a total `deadline` that also caps each request's timeouts.
Retrying is safe because every method this project uses (Get*, BindScenario, ReorderScenarios)
is idempotent; creating methods such as AddRule could duplicate objects if a response is lost,
so callers using them should pass max_attempts=1 on a dedicated client.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.client import HTTPException
from types import TracebackType
from typing import Any, NoReturn, SupportsIndex

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError, ReadTimeoutError

import pulumi_voxbind
from pulumi_voxbind.api.auth import JWTAuth
from pulumi_voxbind.api.credentials import Credentials
from pulumi_voxbind.api.errors import (
    LIMITED_RETRY_CODES,
    REAUTH_CODES,
    AuthError,
    EndpointUnreachableError,
    RateLimitedError,
    TransportError,
    VoximplantError,
)
from pulumi_voxbind.api.health import EndpointHealth
from pulumi_voxbind.api.inbound import InboundMixin
from pulumi_voxbind.api.key_status import KeyStatus, is_definite
from pulumi_voxbind.api.listing import ListingMixin
from pulumi_voxbind.api.routing import RoutingMixin
from pulumi_voxbind.api.transport import (
    encode_params,
    parse_response,
    parse_retry_after,
    resolve_endpoint,
    validate_method,
)

__all__ = ["USER_AGENT", "KeyFallback", "VoximplantClient", "backoff_delay"]

log = logging.getLogger("pulumi_voxbind.api.client")

USER_AGENT = f"pulumi-voxbind/{pulumi_voxbind.__version__}"
_MAX_BODY = 32 * 1024 * 1024  # a larger answer is not the Management API
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class KeyFallback:
    """A second key the client moves to, once, if its key is refused (same account only)."""

    credentials: Credentials
    source: str  # where it comes from, for messages
    fix: str  # what to do if it is refused too
    note: str = ""  # said once when the client moves to it


def backoff_delay(retry: int, base: float, cap: float, rng: Callable[[], float]) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(cap, base * 2**(retry-1))]."""
    return rng() * min(cap, base * (2.0 ** max(0, retry - 1)))


class VoximplantClient(ListingMixin, RoutingMixin, InboundMixin):
    """A thread-safe client for the Voximplant Management API; use one per provider process."""

    def __init__(
        self,
        credentials: Credentials,
        endpoint: str | None = None,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_attempts: int = 6,
        deadline: float = 60.0,
        backoff_base: float = 0.25,
        backoff_max: float = 8.0,
        token_lifetime: int = 300,
        auth: JWTAuth | None = None,
        health: EndpointHealth | None = None,
        credentials_source: str | None = None,
        auth_fix: str | None = None,
        fallback: Callable[[], KeyFallback] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not isinstance(credentials, Credentials):
            raise TypeError("credentials must be a Credentials (see Credentials.from_file)")
        for name, value in (
            ("connect_timeout", connect_timeout),
            ("read_timeout", read_timeout),
            ("deadline", deadline),
        ):
            if not value > 0:
                raise ValueError(f"{name} must be positive")
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ValueError("max_attempts must be an int >= 1")
        if backoff_base < 0 or backoff_max < 0:
            raise ValueError("backoff_base and backoff_max must not be negative")
        self.endpoint = resolve_endpoint(endpoint)
        self.account_id = credentials.account_id
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self.max_attempts = max_attempts
        self.deadline = float(deadline)
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self._auth = auth if auth is not None else JWTAuth(credentials, lifetime=token_lifetime)
        self._sleep = sleep
        self._rng = rng
        self._health = health if health is not None else EndpointHealth()
        self._key_status = KeyStatus()
        self.key_id = credentials.key_id
        # Where the key came from and how to fix a refusal, for messages (never key material).
        self.credentials_source = credentials_source or "the key file"
        self.auth_fix = auth_fix or "use a valid key file of this account"
        self._token_lifetime = token_lifetime
        self._fallback = fallback  # another key of the same account, tried once if refused
        self._switch_lock = threading.Lock()
        self._session = requests.Session()
        self._session.auth = self._auth  # explicit auth also stops requests reading ~/.netrc
        # Take the environment's proxy and CA-bundle settings once, as requests would on every
        # request: with trust_env it scans os.environ twice per call (a fifth of the client's
        # CPU per call). The endpoint is fixed, so the answer is the same for every request.
        self._session.trust_env = False
        self._session.proxies = requests.utils.get_environ_proxies(self.endpoint)
        self._session.verify = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=8, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Call an API method and return its JSON object; raises VoximplantError subclasses."""
        validate_method(method)
        body = encode_params(params)
        url = f"{self.endpoint}/{method}"
        start = time.monotonic()
        give_up_at = start + self.deadline
        attempt = 0
        reauthed = False
        limited_seen = 0
        refusal = self._key_status.refusal()
        if refusal is not None:
            raise self._refused_before(method, refusal)
        while True:
            if not self._health.may_attempt():
                raise self._unreachable(method)
            attempt += 1
            key_id = self.key_id
            result, retry_after, token = self._attempt(method, url, body, attempt, give_up_at)
            if isinstance(result, _NoConnection):
                self._health.failed(result.msg)
                if self._health.is_down():
                    raise self._unreachable(method)
            else:
                self._health.reached()
            if not isinstance(result, VoximplantError):
                return result
            error = result
            error.attempts = attempt - reauthed
            if not error.retryable and error.code is None and error.http_status is not None and (
                300 <= error.http_status < 500
            ):
                error.msg += f" from {self.endpoint}"  # a wrong URL answers 404, not the API
            if isinstance(error, AuthError) and error.code in REAUTH_CODES and not reauthed:
                # Expired or "issued in the future" tokens are fixed by a new one; try once.
                reauthed = True
                self._auth.invalidate(token, clock_ahead=error.code == 455)
                log.debug("%s: API error %s, retrying once with a new token", method, error.code)
                if time.monotonic() < give_up_at:
                    continue
                raise self._auth_failed(error)
            if isinstance(error, AuthError):
                if self._switch_key(error, key_id) and time.monotonic() < give_up_at:
                    reauthed = False
                    continue
                raise self._auth_failed(error)
            if not error.retryable:
                raise error
            if error.code in LIMITED_RETRY_CODES:
                limited_seen += 1
                if limited_seen > 1:
                    raise error
            if attempt - reauthed >= self.max_attempts:  # the auth retry is not counted
                raise _gave_up(error, attempt, time.monotonic() - start)
            delay = backoff_delay(attempt, self.backoff_base, self.backoff_max, self._rng)
            if retry_after is not None:
                delay = retry_after
            remaining = give_up_at - time.monotonic()
            if delay >= remaining:
                raise _gave_up(error, attempt, time.monotonic() - start, retry_after)
            log.debug(
                "%s attempt %d failed (%s); retrying in %.2f s", method, attempt, error, delay
            )
            self._sleep(delay)

    def _attempt(
        self, method: str, url: str, body: bytes, attempt: int, give_up_at: float
    ) -> tuple[dict[str, Any] | VoximplantError, float | None, str | None]:
        """Send one request; return (JSON or error, Retry-After seconds, token used)."""
        started = time.monotonic()
        remaining = give_up_at - started
        if remaining <= 0:
            return (
                TransportError(f"deadline of {self.deadline:g} s exceeded", method=method),
                None,
                None,
            )
        read_timeout = min(self.read_timeout, remaining)
        timeout = (min(self.connect_timeout, remaining), read_timeout)
        token: str | None = None
        error: TransportError
        try:
            with self._session.post(
                url,
                data=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=timeout,
                allow_redirects=False,
                stream=True,
            ) as response:
                token = _bearer(response.request.headers.get("Authorization"))
                content = _read_body(response, give_up_at)
                status = response.status_code
                content_type = response.headers.get("Content-Type", "")
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
        except requests.exceptions.ConnectTimeout:
            error = _NoConnection(
                f"could not connect within {_secs(timeout[0])} s (connect timeout)", method=method
            )
            return self._log_failure(method, attempt, started, error), None, token
        except (requests.exceptions.ReadTimeout, ReadTimeoutError, _BodyDeadline):
            error = TransportError(
                f"no response within {_secs(read_timeout)} s (read timeout; "
                f"read_timeout={_secs(self.read_timeout)} s, deadline={_secs(self.deadline)} s)",
                method=method,
            )
            return self._log_failure(method, attempt, started, error), None, token
        except requests.exceptions.ConnectionError as exc:
            error = _NoConnection(f"connection error ({_cause(exc)})", method=method)
            return self._log_failure(method, attempt, started, error), None, token
        except (requests.exceptions.RequestException, HTTPError, OSError) as exc:
            error = TransportError(f"connection error ({_cause(exc)})", method=method)
            return self._log_failure(method, attempt, started, error), None, token
        log.debug(
            "%s attempt %d: HTTP %d in %.0f ms",
            method,
            attempt,
            status,
            (time.monotonic() - started) * 1000,
        )
        result = parse_response(method, status, content_type, content)
        if isinstance(result, VoximplantError) and token and token in result.msg:
            result.msg = result.msg.replace(token, "<redacted>")  # a server echoing our header
        if isinstance(result, RateLimitedError) or status == 503:
            return result, retry_after, token
        return result, None, token

    def _switch_key(self, error: AuthError, refused_key_id: str) -> bool:
        """After a definite refusal, move once to the fallback key; True if the call should
        be sent again (with the fallback, or because another thread already switched)."""
        if not is_definite(error):
            return False
        with self._switch_lock:
            if self.key_id != refused_key_id:
                return True  # another call already moved to the fallback key
            make, self._fallback = self._fallback, None
            if make is None:
                return False
            try:
                fallback = make()
            except Exception as exc:  # an unusable fallback: report the first refusal
                log.debug("fallback key not used: %s", type(exc).__name__)
                return False
            if fallback.credentials.account_id != self.account_id:
                log.warning("pulumi-voxbind: the key %r (from %s) was refused (API error %s); "
                            "%s holds a key of account %s, not %s, so it is not tried",
                            self.key_id, self.credentials_source, error.code,
                            fallback.source, fallback.credentials.account_id, self.account_id)
                return False
            log.warning("pulumi-voxbind: the key %r (from %s) was refused (API error %s); "
                        "using the key %r from %s instead. %s", self.key_id,
                        self.credentials_source, error.code, fallback.credentials.key_id,
                        fallback.source, fallback.note)
            self._auth = JWTAuth(fallback.credentials, lifetime=self._token_lifetime)
            self._session.auth = self._auth
            self.key_id = fallback.credentials.key_id
            self.credentials_source = fallback.source
            self.auth_fix = fallback.fix
            return True

    def _auth_failed(self, error: AuthError) -> AuthError:
        """Say which key was refused, from where, why it may be and the fix; remember it."""
        cause = _AUTH_CAUSES.get(error.code or 0, "the API refused the request's token")
        if error.code == 100 and not is_definite(error):
            cause = (f"the key's role may not call {error.method} (deleting an application "
                     f"needs Owner, changing one Admin), or {cause}")
        error.advice = (f"The key {self.key_id!r} of account {self.account_id} (from "
                        f"{self.credentials_source}) was refused: {cause}. Fix: {self.auth_fix}")
        if self._key_status.refused(error):
            log.debug("%s: key %s refused (API error %s); later calls fail at once",
                      error.method, self.key_id, error.code)
        return error

    def _refused_before(self, method: str, refusal: AuthError) -> AuthError:
        """The error of a call not sent because the key was refused earlier in this process."""
        error = AuthError(
            f"not sent: the key {self.key_id!r} of account {self.account_id} (from "
            f"{self.credentials_source}) was refused earlier in this run "
            f"({refusal.method} got API error {refusal.code}: {refusal.msg})",
            code=refusal.code, method=method)
        error.advice = f"Fix: {self.auth_fix}"
        return error

    def _unreachable(self, method: str) -> EndpointUnreachableError:
        """The error every call raises while the endpoint is known down."""
        return EndpointUnreachableError(
            f"cannot reach the Voximplant API at {self.endpoint}: "
            f"{self._health.last_failure or 'no connection'}, for "
            f"{self._health.down_for():.0f} s; check the endpoint URL (VOXIMPLANT_API_URL, "
            f"or the stack config voxbind:endpoint) and that this machine can reach it",
            method=method,
        )

    @staticmethod
    def _log_failure(
        method: str, attempt: int, started: float, error: VoximplantError
    ) -> VoximplantError:
        log.debug(
            "%s attempt %d: %s after %.0f ms",
            method,
            attempt,
            error.msg,
            (time.monotonic() - started) * 1000,
        )
        return error

    def iterate(
        self, method: str, *, page_size: int = 100, **params: Any
    ) -> Iterator[dict[str, Any]]:
        """Yield every item of a paginated listing's "result", following count/offset."""
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise ValueError("page_size must be a positive int")
        offset = 0
        previous: list[Any] | None = None
        while True:
            page = self.call(method, **params, count=page_size, offset=offset)
            items = page.get("result")
            if not isinstance(items, list):
                raise VoximplantError("unexpected response: 'result' is not a list", method=method)
            if not all(isinstance(item, dict) for item in items):
                raise VoximplantError(
                    "unexpected response: an item of 'result' is not an object", method=method)
            if not items:
                return
            if items == previous:
                raise VoximplantError(
                    f"the server returned the same page for offset {offset}; "
                    "it appears to ignore 'offset'",
                    method=method,
                )
            yield from items
            previous = items
            offset += len(items)
            total = page.get("total_count")
            if isinstance(total, int) and not isinstance(total, bool):
                if offset >= total:
                    return
            elif len(items) < page_size:
                return

    def close(self) -> None:
        """Release pooled connections."""
        self._session.close()

    def __enter__(self) -> VoximplantClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"VoximplantClient(endpoint={self.endpoint!r}, account_id={self.account_id})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        """Refuse pickling: a client holds credentials; build one per process instead."""
        raise TypeError("VoximplantClient cannot be pickled: it holds credentials")


# Likely causes of each auth refusal (reference §1.2, the error table); 104's role names are
# the reference's, which one the API answers for a missing role is UNCONFIRMED.
_AUTH_CAUSES = {
    100: ("the key may have been revoked or deleted, belong to another account than the "
          "key file's account_id, or not match the key file's private key; a clock far off "
          "also gives this (a fresh token was tried once)"),
    104: ("the key's role may not call this method; the service account needs the "
          "Developer (or Admin/Owner) role"),
    433: ("the API knows no key with this id: it was deleted or revoked, or it belongs to "
          "another account"),
    447: "the API could not read the token (a pulumi-voxbind bug: please report it)",
    454: "the token's lifetime was over the API's limit (a pulumi-voxbind bug: please report it)",
    455: ("the API saw the token as issued in the future: this machine's clock is ahead; "
          "sync it (NTP)"),
    456: ("the token had expired when the API saw it: this machine's clock is behind; "
          "sync it (NTP)"),
}


class _NoConnection(TransportError):
    """No HTTP answer at all: refused, reset, DNS failure or connect timeout (counts as down)."""


class _BodyDeadline(Exception):
    """The response body was still arriving when the deadline passed."""


def _read_body(response: requests.Response, give_up_at: float) -> bytes:
    """Read the body in chunks so a trickling server cannot outlast the deadline.

    read1 returns whatever has arrived; iter_content (the fallback for urllib3 < 2) would
    block until a whole chunk is filled.
    """
    read1 = getattr(response.raw, "read1", None)
    if read1 is not None:
        chunks: Iterator[bytes] = iter(lambda: read1(_CHUNK, decode_content=True), b"")
    else:  # pragma: no cover - old urllib3
        chunks = response.iter_content(_CHUNK)
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size > _MAX_BODY:
            raise requests.exceptions.ContentDecodingError("response body too large")
        if time.monotonic() > give_up_at:
            raise _BodyDeadline
    return b"".join(parts)


def _secs(value: float) -> str:
    """Seconds for messages: 0.599999 -> '0.6', 30.0 -> '30'."""
    return f"{round(value, 2):g}"


def _bearer(header: str | bytes | None) -> str | None:
    """Extract the token from the Authorization header we sent (for invalidation only)."""
    if isinstance(header, bytes):
        header = header.decode("ascii", "replace")
    if header and header.startswith("Bearer "):
        return header[len("Bearer ") :]
    return None


def _cause(exc: BaseException) -> str:
    """Name the innermost cause of a connection error (e.g. 'ConnectionResetError: ...').

    Walks urllib3's wrappers (MaxRetryError.reason, ProtocolError args) instead of using
    str(exc), which repeats the pool, URL and object addresses.
    """
    current: BaseException = exc
    seen = {id(exc)}
    while True:
        candidates: list[Any] = [getattr(current, "reason", None), *current.args, current.__cause__]
        inner = next(
            (c for c in candidates if isinstance(c, BaseException) and id(c) not in seen), None
        )
        if inner is None:
            break
        seen.add(id(inner))
        current = inner
    detail = str(current) if isinstance(current, (OSError, HTTPException)) else ""
    if isinstance(current, OSError) and current.strerror:
        detail = current.strerror
    name = type(current).__name__
    return f"{name}: {detail[:160]}" if detail else name


def _gave_up(
    error: VoximplantError, attempts: int, elapsed: float, retry_after: float | None = None
) -> VoximplantError:
    """Note on the last error how long we tried before giving up."""
    note = f"gave up after {attempts} attempt{'s' if attempts != 1 else ''} in {elapsed:.1f} s"
    if retry_after is not None:
        note += f"; the server asked to wait {retry_after:g} s, beyond the deadline"
    error.retry_note = note
    return error
