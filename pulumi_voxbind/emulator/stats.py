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
