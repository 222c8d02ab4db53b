"""Run the emulator inside the current process, for tests (ours and users')."""

from __future__ import annotations

import ssl
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .app import Emulator, build_emulator
from .backend import Backend
from .envfile import environment
from .server import POLL_SECONDS, EmulatorServer


class RunningEmulator:
    """Handle on an emulator serving in a background thread."""

    def __init__(self, server: EmulatorServer, credentials_path: Path) -> None:
        self.server = server
        self.emulator: Emulator = server.emulator
        self.backend: Backend = server.emulator.backend
        self.url = server.url
        self.base_url = server.base_url
        self.api_address = server.api_address
        self.credentials_path = credentials_path
        self.credentials: dict[str, Any] = dict(server.emulator.credentials or {})

    def __repr__(self) -> str:
        return f"RunningEmulator(url={self.url!r})"  # no key material

    def environment(self) -> dict[str, str]:
        """What a `pulumi` run (CLI or Automation API) needs to target this emulator:
        ``VOXIMPLANT_API_URL`` and ``VOXIMPLANT_CREDENTIALS`` (the key file's path)."""
        return environment(self.url, self.credentials_path)

    @property
    def account_id(self) -> int:
        """The emulated account's id."""
        return int(self.backend.account["account_id"])

    @property
    def account_name(self) -> str:
        """The emulated account's name (the middle part of full application names)."""
        return str(self.backend.account["account_name"])

    @property
    def fatal_errors(self) -> int:
        """How many requests hit the catch-all (emulator bugs); tests expect 0."""
        return self.emulator.fatal_errors

    def stats(self) -> dict[str, Any]:
        """Same as ``GET /_emulator/stats``."""
        return self.emulator.stats.snapshot()

    def reset_stats(self) -> None:
        """Same as ``POST /_emulator/reset-stats``."""
        self.emulator.stats.reset()
        self.emulator.clients.reset()

    def clients(self) -> dict[str, int]:
        """Same as ``GET /_emulator/clients``: connections accepted, distinct tokens seen."""
        return self.emulator.clients.snapshot()

    def set_faults(
        self,
        *,
        fail_rate: float | None = None,
        latency_ms: int | None = None,
        random_seed: int | None = None,
    ) -> None:
        """Same as ``POST /_emulator/faults``; the failure sequence restarts from the seed."""
        self.emulator.faults.configure(
            fail_rate=fail_rate, latency_ms=latency_ms, random_seed=random_seed
        )

    def lose_replies(self, **rules: dict[str, Any]) -> dict[str, Any]:
        """Same as ``POST /_emulator/lost-replies``: e.g. ``lose_replies(AddRule={"count": 1})``
        (``clear=True`` drops every rule first); returns the settings."""
        return self.emulator.lost_replies.configure(rules)

    def snapshot(self) -> dict[str, Any]:
        """Same as ``GET /_emulator/snapshot``: every application, rule and scenario."""
        return self.backend.snapshot()

    def rule_scenarios(self, rule_id: int) -> list[tuple[int, str]]:
        """The rule's bound scenarios as ``(scenario_id, scenario_name)`` in execution order."""
        return self.backend.rule_scenarios(rule_id)


@contextmanager
def running_emulator(
    seed: str | Path | dict[str, Any] | None = None,
    state_path: str | Path | None = None,
    latency_ms: int = 0,
    fail_rate: float = 0.0,
    random_seed: int = 0,
    credentials_path: str | Path | None = None,
    *,
    host: str = "127.0.0.1",
    verbose: bool = False,
    ssl_context: ssl.SSLContext | None = None,
) -> Iterator[RunningEmulator]:
    """Start an emulator on a free port in a daemon thread; stop it on exit.

    The key file goes to ``credentials_path``, or into a temporary directory removed on exit.
    With ``ssl_context`` (a server context holding a certificate) it serves HTTPS, as the
    official clients need: they only take a host and always build ``https://`` URLs.
    """
    with tempfile.TemporaryDirectory(prefix="voxbind-emulator-") as tmp:
        path = Path(credentials_path) if credentials_path else Path(tmp) / "credentials.json"
        emulator = build_emulator(
            state_path=state_path,
            seed=seed,
            credentials_path=path,
            latency_ms=latency_ms,
            fail_rate=fail_rate,
            random_seed=random_seed,
            verbose=verbose,
        )
        try:
            server = EmulatorServer(emulator, host, 0, ssl_context=ssl_context)
        except BaseException:
            emulator.close()
            raise
        thread = threading.Thread(
            target=server.serve_forever, args=(POLL_SECONDS,), name="voxbind-emulator"
        )
        thread.daemon = True
        thread.start()
        try:
            yield RunningEmulator(server, path)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
            emulator.close()
