"""The emulator as a child process, for scripts, benchmarks and tests that need one.

Unlike `running_emulator` (a thread in the caller), a child process can be killed and
restarted on the same port and state, and its latency does not share the caller's GIL.
Control calls use only the standard library, so this wraps the CLI without our API client.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Any


class EmulatorProcess:
    """`python -m pulumi_voxbind.emulator` started with a key file, stopped on exit."""

    def __init__(
        self,
        credentials_out: Path,
        *,
        seed: Path | None = None,
        state: Path | None = None,
        args: tuple[str, ...] = (),
        stderr_log: Path | None = None,
    ) -> None:
        self.credentials_path = Path(credentials_out)
        self.seed = seed
        self.state = state
        self.args = tuple(args)
        self.stderr_log = stderr_log
        self.port = 0
        self.url = ""
        self.base_url = ""
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start it (again on the same port once it has one) and wait for its URL line."""
        argv = [sys.executable, "-m", "pulumi_voxbind.emulator",
                "--credentials-out", str(self.credentials_path), "--port", str(self.port)]
        if self.seed is not None:
            argv += ["--seed", str(self.seed)]
        if self.state is not None:
            argv += ["--state", str(self.state)]
        log: IO[bytes] | None = self.stderr_log.open("ab") if self.stderr_log else None
        try:
            self.proc = subprocess.Popen(argv + list(self.args), stdout=subprocess.PIPE,
                                         stderr=log, stdin=subprocess.DEVNULL, text=True)
        finally:
            if log is not None:
                log.close()
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.kill()
            where = f"; see {self.stderr_log}" if self.stderr_log else ""
            raise RuntimeError(f"the emulator did not start{where}")
        self.url = line
        self.base_url = line.removesuffix("/platform_api")
        self.port = int(self.base_url.rsplit(":", 1)[1])

    def control(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """GET (or, with a body, POST) one of the emulator's /_emulator/ endpoints."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base_url}/_emulator/{path}", data=data,
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            answer: dict[str, Any] = json.loads(response.read())
        return answer

    def stats(self) -> dict[str, Any]:
        """API requests counted since start or the last reset."""
        return self.control("stats")

    def reset_stats(self) -> None:
        """Zero the request counters."""
        self.control("reset-stats", {})

    def snapshot(self) -> dict[str, Any]:
        """Every application, rule (in routing order) and scenario (script SHA-256), no ids
        of requests or timestamps: compare two to see that a run left the account as it was."""
        return self.control("snapshot")

    def set_faults(self, **settings: float) -> dict[str, Any]:
        """Change fault injection (fail_rate, latency_ms, random_seed) while it runs."""
        return self.control("faults", settings)

    def lose_replies(self, **rules: Any) -> dict[str, Any]:
        """Lose the replies of write methods after serving them (see lost_replies.py)."""
        return self.control("lost-replies", rules)

    def stop(self) -> int:
        """SIGTERM, wait, and return its exit code (0 after a clean shutdown)."""
        if self.proc is None:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._forget()
        return code

    def kill(self) -> None:
        """SIGKILL: no shutdown, state not closed, connections in flight cut."""
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait(timeout=20)
        self._forget()

    def _forget(self) -> None:
        assert self.proc is not None
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None

    def __enter__(self) -> EmulatorProcess:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
