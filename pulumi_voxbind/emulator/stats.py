"""Request counters behind ``GET /_emulator/stats``."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

UNKNOWN = "(unknown)"  # requests whose method is missing or not implemented


class Stats:
    """Counts API requests per method: every request, including rejected and injected ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def count(self, method: str) -> None:
        """Record one request for ``method``."""
        with self._lock:
            self._counts[method] += 1

    def snapshot(self) -> dict[str, Any]:
        """Return ``{"total": n, "requests": {"Method": n, ...}}``."""
        with self._lock:
            requests = dict(sorted(self._counts.items()))
        return {"total": sum(requests.values()), "requests": requests}

    def reset(self) -> None:
        """Forget all counts."""
        with self._lock:
            self._counts.clear()


class ClientStats:
    """Connections that carried API requests, and distinct bearer tokens presented.

    Shows whether a client pools its connections and reuses its token: a client that signs
    a token per request or opens a connection per request shows one per request here. Tokens
    are remembered only as hashes, in memory, up to ``MAX_TOKENS``.
    """

    MAX_TOKENS = 100_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections = 0
        self._tokens: set[int] = set()

    def connection(self) -> None:
        """Record a connection's first API request."""
        with self._lock:
            self._connections += 1

    def token(self, authorization: str | None) -> None:
        """Record the Authorization header of one API request (if any)."""
        if authorization:
            with self._lock:
                if len(self._tokens) < self.MAX_TOKENS:
                    self._tokens.add(hash(authorization))

    def snapshot(self) -> dict[str, int]:
        """Return ``{"connections": n, "tokens": n}``."""
        with self._lock:
            return {"connections": self._connections, "tokens": len(self._tokens)}

    def reset(self) -> None:
        """Forget everything counted."""
        with self._lock:
            self._connections = 0
            self._tokens.clear()
