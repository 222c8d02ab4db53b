"""HTTP front end: a threaded server whose handler reads requests and writes replies.

``/platform_api`` and ``/platform_api/<Method>`` go to the emulated API (GET or POST);
``/_emulator/...`` to the control endpoints; anything else is a 404. Bodies over ``MAX_BODY``
bytes, chunked bodies and unreadable framing get an API error without the body being read
or kept; the connection is then closed gracefully (a short "lingering close" discards what the
client is still sending, so that it receives the reply instead of a connection reset).
"""

from __future__ import annotations

import socket
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import exceptions as exc
from .app import Emulator, Reply, json_reply
from .control import handle_control
from .wire import body_params, parse_urlencoded

MAX_BODY = 1024 * 1024
LINGER_SECONDS = 2.0  # after refusing a body, discard what the client still sends this long
POLL_SECONDS = 0.05  # how soon serve_forever notices shutdown()
API_PREFIX = "/platform_api"
CONTROL_PREFIX = "/_emulator/"


class _BodyError(Exception):
    """The body cannot be read; the connection must be closed after the reply."""


class RequestHandler(BaseHTTPRequestHandler):
    """Serves one connection (HTTP/1.1 keep-alive) for an :class:`EmulatorServer`."""

    server: EmulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "voxbind-emulator"
    sys_version = ""
    timeout = 60  # an idle keep-alive connection is closed after this many seconds
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls

    def do_GET(self) -> None:
        """Serve a GET request."""
        self._serve()

    def do_POST(self) -> None:
        """Serve a POST request."""
        self._serve()

    def _not_allowed(self) -> None:
        self._discard_body()
        self._send(json_reply({"error": "method not allowed"}, status=405), allow=True)

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _not_allowed

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer what http.server rejects itself (a bad request line, oversized headers, a
        verb with no handler) in JSON like every other reply, not an HTML page; any verb
        other than GET and POST gets 405, as documented."""
        self.close_connection = True
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._send(json_reply({"error": "method not allowed"}, status=405), allow=True)
            return
        text = message or self.responses.get(code, ("error",))[0]
        self._send(json_reply({"error": text}, status=code))

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's per-request log (see ``--verbose`` instead)."""

    def setup(self) -> None:
        """Prepare the connection."""
        super().setup()
        self._linger = False
        self._counted = False  # counted in /_emulator/clients once it carries an API request

    def finish(self) -> None:
        """Flush the reply; after a refused body, close gracefully."""
        super().finish()
        if self._linger:
            _lingering_close(self.connection)

    def _serve(self) -> None:
        emulator = self.server.emulator
        try:
            path, query = _split_target(self.path)
            if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
                reply = self._api(emulator, path[len(API_PREFIX) :].strip("/"), query)
            elif path.startswith(CONTROL_PREFIX):
                reply = self._control(emulator, path)
            else:
                self._discard_body()
                reply = json_reply({"error": f"not found: {path}"}, status=404)
        except _BodyError as err:
            self.close_connection = self._linger = True
            reply = emulator.rejected(str(err), exc.InvalidArguments())
        except Exception:
            self.close_connection = True
            reply = json_reply(emulator.fatal())
        self._send(reply)

    def _api(self, emulator: Emulator, path_method: str, query: str) -> Reply:
        if not self._counted:
            self._counted = True
            emulator.clients.connection()
        try:
            params = parse_urlencoded(query)
            body = self._read_body(path_method)
            if self.command == "POST":
                params.update(body_params(self.headers.get("Content-Type"), body))
        except exc.ApiError as err:
            return emulator.rejected(path_method, err)
        method = path_method or params.get("cmd", "")
        return emulator.call(method, params, self.headers.get("Authorization"))

    def _control(self, emulator: Emulator, path: str) -> Reply:
        try:
            body = self._read_body()
        except _BodyError:
            self.close_connection = self._linger = True
            return json_reply({"error": "unreadable body"}, status=400)
        return handle_control(emulator, self.command, path, body)

    def _read_body(self, method: str = "") -> bytes:
        """Read the body named by Content-Length; refuse chunked and oversized bodies."""
        if self.headers.get("Transfer-Encoding"):
            raise _BodyError(method)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        length = length.strip()
        if not (length.isascii() and length.isdigit() and len(length) <= 9):
            raise _BodyError(method)
        if int(length) > MAX_BODY:
            raise _BodyError(method)
        try:
            body = self.rfile.read(int(length))
        except (OSError, ValueError):
            raise _BodyError(method) from None
        if len(body) != int(length):  # the client hung up mid-body
            raise _BodyError(method)
        return body

    def _discard_body(self) -> None:
        try:
            self._read_body()
        except _BodyError:
            self.close_connection = self._linger = True

    def _send(self, reply: Reply, *, allow: bool = False) -> None:
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            if allow:
                self.send_header("Allow", "GET, POST")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
        except OSError:  # the client went away; nothing left to tell it
            self.close_connection = True


def _split_target(target: str) -> tuple[str, str]:
    """Split a request target (origin or absolute form) into path and query."""
    target = target.partition("#")[0]
    path, _, query = target.partition("?")
    if "://" in path:
        path = "/" + path.partition("://")[2].partition("/")[2]
    return path, query


def _lingering_close(conn: socket.socket) -> None:
    """Send FIN, then discard incoming bytes for a moment so the reply is not lost to a RST."""
    try:
        conn.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + LINGER_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            conn.settimeout(left)
            if not conn.recv(65536):
                return
    except OSError:
        return


class EmulatorServer(ThreadingHTTPServer):
    """A threaded HTTP server for one :class:`Emulator`; ``port=0`` picks a free port."""

    daemon_threads = True

    def __init__(self, emulator: Emulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up mid-request; report anything else (a bug) once."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        self.emulator.fatal()

    @property
    def base_url(self) -> str:
        """``http://host:port`` (control endpoints live under ``/_emulator/``)."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def url(self) -> str:
        """The API base URL, ending in ``/platform_api``."""
        return self.base_url + API_PREFIX
