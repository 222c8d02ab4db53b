"""Run the emulator CLI as a subprocess, as users and CI do."""

from __future__ import annotations

import json
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

COMMAND = [sys.executable, "-m", "pulumi_voxbind.emulator"]


class EmulatorProcess:
    """``with EmulatorProcess(args) as proc``: started, URL read; SIGTERM on exit if still up."""

    def __init__(self, *args: str, command: list[str] | None = None) -> None:
        self.argv = [*(command or COMMAND), *args]
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.stderr = ""

    def __enter__(self) -> EmulatorProcess:
        self.proc = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
        self.url = self._first_line(timeout=20)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.stop()

    def _first_line(self, timeout: float) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                self.proc.kill()
                raise AssertionError("the emulator printed no URL line in time")
            chunk = self.proc.stdout.read1(4096)
            if not chunk:
                _, err = self.proc.communicate(timeout=10)
                raise AssertionError(f"the emulator exited early: {err.decode()}")
            line += chunk
        selector.close()
        first, _, rest = line.partition(b"\n")
        assert rest == b"", f"unexpected stdout after the URL: {rest!r}"
        return first.decode()

    @property
    def base_url(self) -> str:
        """The URL without ``/platform_api``."""
        return self.url.removesuffix("/platform_api")

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str, str]:
        """Send a signal; return (exit code, rest of stdout, stderr)."""
        assert self.proc is not None
        self.proc.send_signal(signum)
        out, err = self.proc.communicate(timeout=20)
        self.stderr = err.decode()
        return self.proc.returncode, out.decode(), self.stderr


def read_json(path: Path) -> dict[str, Any]:
    """Read a JSON file."""
    return json.loads(path.read_text())


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the CLI to completion (for invocations that should fail at start)."""
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
