"""Fault injection: fixed latency and a seeded, reproducible mix of transient failures.

For the n-th API request (counted from start or from the last reconfiguration) the outcome
depends only on ``random_seed``, ``fail_rate`` and n: each request draws twice from a private
``random.Random(random_seed)``, once for "fail or not" and once for which failure, so the
sequence is the same on every run with the same settings and request order.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

# Failures a client must treat as transient: API code 2, API code 340, gateway HTTP 503.
OUTCOMES = ("api-2", "api-340", "http-503")


@dataclass(frozen=True)
class FaultSettings:
    """Current fault-injection settings."""

    fail_rate: float = 0.0
    latency_ms: int = 0
    random_seed: int = 0


class FaultInjector:
    """Thread-safe source of per-request outcomes and latency."""

    def __init__(self, fail_rate: float = 0.0, latency_ms: int = 0, random_seed: int = 0) -> None:
        self._lock = threading.Lock()
        self.settings = FaultSettings()
        self.configure(fail_rate=fail_rate, latency_ms=latency_ms, random_seed=random_seed)

    def configure(
        self,
        *,
        fail_rate: float | None = None,
        latency_ms: int | None = None,
        random_seed: int | None = None,
    ) -> FaultSettings:
        """Change some settings; the outcome sequence restarts from the (new) seed."""
        with self._lock:
            old = self.settings
            settings = FaultSettings(
                fail_rate=old.fail_rate if fail_rate is None else float(fail_rate),
                latency_ms=old.latency_ms if latency_ms is None else int(latency_ms),
                random_seed=old.random_seed if random_seed is None else int(random_seed),
            )
            if not 0.0 <= settings.fail_rate <= 1.0:
                raise ValueError(f"fail_rate must be between 0 and 1, got {settings.fail_rate}")
            if settings.latency_ms < 0:
                raise ValueError(f"latency_ms must not be negative, got {settings.latency_ms}")
            self.settings = settings
            self._rng = random.Random(settings.random_seed)
            return settings

    def next_outcome(self) -> str | None:
        """Return the injected failure for the next request, or None to serve it normally."""
        with self._lock:
            roll, pick = self._rng.random(), self._rng.randrange(len(OUTCOMES))
            return OUTCOMES[pick] if roll < self.settings.fail_rate else None
