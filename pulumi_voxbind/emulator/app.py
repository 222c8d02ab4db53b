"""The emulator core: one API call through stats, faults, auth and dispatch; no sockets here.

Order for every API request: count it in the stats; sleep the injected latency (in the request's
own thread, holding no lock); maybe inject a failure; check the method (102/103); verify the JWT;
run the handler. API errors become HTTP 200 JSON bodies; an unusable state database (say, locked
by another process) becomes code 4 "DB error"; anything else is a bug, answered with code 1
"Fatal error", counted in ``fatal_errors`` and printed to stderr.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import exceptions as exc
from .auth import KeyRing
from .backend import Backend
from .dispatch import METHODS
from .faults import FaultInjector
from .keys import ensure_credentials
from .lost_replies import Lost, LostReplies
from .params import Params
from .seed import apply_seed
from .stats import UNKNOWN, ClientStats, Stats
from .store import Store

_GATEWAY_503 = (
    b"<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n"
    b"<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Reply:
    """An HTTP response: status, body bytes and content type; `lost` says the request was
    served but its reply must not reach the client (lost_replies.py), and how."""

    status: int
    body: bytes
    content_type: str = "application/json"
    lost: Lost | None = None


def json_reply(body: Any, status: int = 200) -> Reply:
    """Encode a JSON response."""
    return Reply(status, json.dumps(body, separators=(",", ":")).encode())


class Emulator:
    """The emulated API: backend state, known keys, fault injection and request counters."""

    def __init__(
        self,
        backend: Backend,
        keyring: KeyRing,
        faults: FaultInjector | None = None,
        *,
        verbose: bool = False,
    ) -> None:
        self.backend = backend
        self.keyring = keyring
        self.faults = faults or FaultInjector()
        self.lost_replies = LostReplies()
        self.stats = Stats()
        self.clients = ClientStats()
        self.verbose = verbose
        self.credentials: dict[str, Any] | None = None
        self.fatal_errors = 0
        self._fatal_lock = threading.Lock()

    def call(self, method: str, params: dict[str, str], authorization: str | None) -> Reply:
        """Serve one API request whose method and parameters have been read."""
        known = method in METHODS
        self.stats.count(method if known else UNKNOWN)
        self.clients.token(authorization)
        latency = self.faults.settings.latency_ms
        if latency:
            time.sleep(latency / 1000)
        outcome = self.faults.next_outcome()
        if outcome == "http-503":
            self._log(method, "HTTP 503 (injected)")
            return Reply(503, _GATEWAY_503, "text/html")
        try:
            if outcome is not None:
                raise exc.InternalError() if outcome == "api-2" else exc.RateLimitExceeded()
            if not method:
                raise exc.MissingCmd()
            if not known:
                raise exc.UnknownCommand()
            if self.keyring.verify(authorization) != self.backend.account["account_id"]:
                # A valid key of another account. The real API would act on that account;
                # the emulator serves one, so it refuses (logged as such with --verbose).
                self._log(method, "key of another account")
                raise exc.AuthorizationFailed()
            refused = self.lost_replies.refusal(method)
            if refused is not None:
                raise exc.injected(refused)
            body = METHODS[method](self.backend, Params(params))
        except exc.ApiError as err:
            body = err.to_wire()
        except sqlite3.OperationalError as err:  # e.g. "database is locked": transient, no bug
            print(f"voxbind-emulator: state database error: {err}", file=sys.stderr, flush=True)
            body = exc.DbError().to_wire()
        except Exception:
            body = self.fatal()
        if "error" not in body:
            lost = self.lost_replies.decide(method)
            if lost is not None:  # served and committed; the client will never hear of it
                self._log(method, f"ok, reply lost ({lost.reply}, injected)")
                if lost.reply == "503":
                    return Reply(503, _GATEWAY_503, "text/html")
                return Reply(200, b"", lost=lost)
        self._log(method, f"error {body['error']['code']}" if "error" in body else "ok")
        return json_reply(body)

    def rejected(self, method: str, error: exc.ApiError) -> Reply:
        """Answer (and count) a request that could not even be read."""
        self.stats.count(method if method in METHODS else UNKNOWN)
        self._log(method, f"error {error.code}")
        return json_reply(error.to_wire())

    def fatal(self) -> dict[str, Any]:
        """Record a bug (the current exception) and return the code 1 body."""
        with self._fatal_lock:
            self.fatal_errors += 1
        traceback.print_exc(file=sys.stderr)
        return exc.FatalError().to_wire()

    def _log(self, method: str, outcome: str) -> None:
        if self.verbose:  # method names and outcomes only: never headers, tokens or params
            name = method if method in METHODS else UNKNOWN  # never echo arbitrary input
            # One write per line: print() writes the newline separately, so the lines of
            # concurrent requests could run together.
            sys.stderr.write(f"voxbind-emulator: {name} -> {outcome}\n")
            sys.stderr.flush()

    def close(self) -> None:
        """Close the state database."""
        self.backend.store.close()


def build_emulator(
    *,
    state_path: str | Path | None = None,
    seed: str | Path | dict[str, Any] | None = None,
    credentials_path: str | Path | None = None,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    random_seed: int = 0,
    verbose: bool = False,
) -> Emulator:
    """Open (or create) the state, apply the seed, write or reuse the key file."""
    store = Store(state_path if state_path is not None else ":memory:")
    try:
        backend = Backend(store)
        keyring = KeyRing(backend.keys())
        faults = FaultInjector(fail_rate=fail_rate, latency_ms=latency_ms, random_seed=random_seed)
        emulator = Emulator(backend, keyring, faults, verbose=verbose)
        if seed is not None:
            apply_seed(backend, seed)
        if credentials_path is not None:
            emulator.credentials = ensure_credentials(credentials_path, backend, keyring)
    except BaseException:
        store.close()
        raise
    return emulator
