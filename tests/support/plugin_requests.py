"""See which resource plugins a Pulumi command asks for, with plugin downloads left on.

Two independent witnesses, both offline:

* the engine's own log (``pulumi <command> -v=7 --logtostderr``): it logs every package the
  language host reports as required, before any download is tried;
* a loopback HTTP server that every plugin download is redirected to
  (``PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES``); it answers 404 and records what was asked for.

Downloads stay enabled (``PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION`` unset): the engine
tries to fetch any plugin it is told the program needs, so the server sees it. A failed
download does not fail the command, so the exit code alone proves nothing.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

VERBOSE_LOG_ARGS = ("-v=7", "--logtostderr")

_GATHERING = "gatherPackagesFromProgram(): gathering plugins from language host"
_REQUIRED = re.compile(r"gatherPackagesFromProgram\(\): package (\S+) \(.*?\) is required")


def required_packages(engine_log: str) -> list[str]:
    """Packages (``name-version``) the language host told the engine the program needs.

    Raises AssertionError when the log does not show the engine asking at all (wrong verbosity
    or a changed log format), so that an empty answer always means "none required".
    """
    if _GATHERING not in engine_log:
        raise AssertionError(
            f"the engine log does not show the plugin gathering step ({_GATHERING!r}); "
            f"was the command run with {' '.join(VERBOSE_LOG_ARGS)}?\n{engine_log[-3000:]}"
        )
    return _REQUIRED.findall(engine_log)


class DownloadRecorder:
    """A loopback plugin-download server: every request is recorded and answered 404."""

    def __init__(self, url: str, paths: list[str]) -> None:
        self.url = url
        self.paths = paths

    def env(self) -> dict[str, str]:
        """Environment that sends every plugin download here instead of the internet."""
        return {"PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES": f".*={self.url}"}


@contextmanager
def download_recorder() -> Iterator[DownloadRecorder]:
    """Run a :class:`DownloadRecorder` on 127.0.0.1 for the duration of the block."""
    paths: list[str] = []
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                paths.append(self.path)
            self.send_error(404, "no plugins here")

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield DownloadRecorder(f"http://127.0.0.1:{server.server_address[1]}", paths)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
