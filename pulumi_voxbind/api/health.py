"""Fail fast on a dead endpoint: one view of the endpoint's reachability per client.

A provider process runs up to four operations at a time, each with its own retry budget. If
the endpoint refuses connections, every operation would retry on its own for most of its
deadline, and a refresh of a hundred bindings would take minutes to fail. Instead, connection
failures are shared: once the endpoint has failed to accept a connection for `unreachable_after`
seconds with no answer in between, it is known down, and calls fail at once, except one probe
every `probe_interval` seconds, so a recovering endpoint is noticed. Any HTTP answer at all
(even an error) proves the endpoint reachable and closes the circuit again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

UNREACHABLE_AFTER = 10.0
PROBE_INTERVAL = 5.0


class EndpointHealth:
    """Thread-safe record of connection failures to one endpoint."""

    def __init__(
        self,
        unreachable_after: float = UNREACHABLE_AFTER,
        probe_interval: float = PROBE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.unreachable_after = unreachable_after
        self.probe_interval = probe_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._failing_since: float | None = None
        self._last_probe = float("-inf")
        self.last_failure = ""  # why the last connection attempt failed, for messages

    def reached(self) -> None:
        """The endpoint answered (any HTTP status): it is up."""
        with self._lock:
            self._failing_since = None
            self.last_failure = ""

    def failed(self, reason: str) -> None:
        """A connection could not be made (refused, DNS, connect timeout)."""
        with self._lock:
            now = self._clock()
            if self._failing_since is None:
                self._failing_since = now
            self.last_failure = reason

    def is_down(self) -> bool:
        """True once connections have failed for `unreachable_after` s with no answer."""
        with self._lock:
            return self._is_down_locked()

    def _is_down_locked(self) -> bool:
        return (self._failing_since is not None
                and self._clock() - self._failing_since >= self.unreachable_after)

    def may_attempt(self) -> bool:
        """Whether a request may be sent now: always while up, one probe per interval if down."""
        with self._lock:
            if not self._is_down_locked():
                return True
            now = self._clock()
            if now - self._last_probe >= self.probe_interval:
                self._last_probe = now
                return True
            return False

    def down_for(self) -> float:
        """Seconds the endpoint has been failing (0 when up)."""
        with self._lock:
            if self._failing_since is None:
                return 0.0
            return self._clock() - self._failing_since
