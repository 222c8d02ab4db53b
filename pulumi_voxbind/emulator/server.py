"""HTTP front end: a threaded server whose handler reads requests and writes replies.

``/platform_api`` and ``/platform_api/<Method>`` go to the emulated API (GET or POST);
``/_emulator/...`` to the control endpoints; anything else is a 404. Bodies come with
Content-Length or chunked (see :mod:`framing`), bounded in size (``max_body``) and in read time
(``body_seconds``). A body over the size bound is refused without being read or kept; a body
that cannot be read gets an API error; the connection is then closed gracefully (a short
"lingering close" discards what the client is still sending, so that it receives the reply
instead of a connection reset). With an ``ssl_context`` the server speaks HTTPS, which is what
the official clients use: they build ``https://<host>/platform_api`` themselves.
"""

from __future__ import annotations

import contextlib
import io
import socket
import ssl
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from . import exceptions as exc
from .app import Emulator, Reply, json_reply
from .control import handle_control
from .framing import BodyError, read_body
from .wire import body_params, parse_urlencoded

MAX_BODY = 1024 * 1024
BODY_SECONDS = 10.0  # the whole body, in any framing, must arrive within this time
HANDSHAKE_SECONDS = 10.0  # a TLS handshake must complete within this time
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
        """Prepare the connection (completing the TLS handshake in this worker thread)."""
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(HANDSHAKE_SECONDS)
            self.request.do_handshake()  # an OSError here is ignored by handle_error
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
        """Read the body (Content-Length or chunked) within the server's size and time bounds."""
        try:
            return read_body(
                cast(io.BufferedReader, self.rfile),  # makefile("rb") with buffering: a reader
                self.connection,
                self.headers,
                max_bytes=self.server.max_body,
                seconds=self.server.body_seconds,
            )
        except BodyError:
            raise _BodyError(method) from None
        finally:
            self.connection.settimeout(self.timeout)  # back to the keep-alive idle timeout

    def _discard_body(self) -> None:
        try:
            self._read_body()
        except _BodyError:
            self.close_connection = self._linger = True

    def _send(self, reply: Reply, *, allow: bool = False) -> None:
        if reply.lost is not None:
            self._lose(reply.lost.reply, reply.lost.hold_s)
            return
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


    def _lose(self, how: str, hold_s: float) -> None:
        """Lose a reply: close at once, or hold the connection silent first ("timeout")."""
        self.close_connection = True
        if how == "timeout":
            time.sleep(hold_s)
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


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
    """A threaded HTTP(S) server for one :class:`Emulator`; ``port=0`` picks a free port.

    ``max_body`` and ``body_seconds`` bound every request body; tests may lower them.
    """

    daemon_threads = True
    max_body = MAX_BODY
    body_seconds = BODY_SECONDS

    def __init__(
        self,
        emulator: Emulator,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.emulator = emulator
        self.ssl_context = ssl_context
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), RequestHandler)
        emulator.backend.api_address = self.api_address  # GetAccountInfo's api_address

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a connection; with TLS, the handshake is left to the worker thread."""
        conn, address = super().get_request()
        if self.ssl_context is not None:
            conn = self.ssl_context.wrap_socket(
                conn, server_side=True, do_handshake_on_connect=False
            )
        return conn, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up mid-request; report anything else (a bug) once."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        self.emulator.fatal()

    @property
    def base_url(self) -> str:
        """``http(s)://host:port`` (control endpoints live under ``/_emulator/``)."""
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://{self.api_address}"

    @property
    def api_address(self) -> str:
        """``host:port`` as the official clients take it (their ``host``/``endpoint``)."""
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    @property
    def url(self) -> str:
        """The API base URL, ending in ``/platform_api``."""
        return self.base_url + API_PREFIX
