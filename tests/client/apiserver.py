"""A real loopback HTTP server that records exact requests and replays scripted responses.

Deliberately independent of the project's emulator: these tests pin the client's wire
behaviour against bytes we write by hand.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Recorded:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]  # keys lower-cased
    body: bytes
    client_port: int

    @property
    def method(self) -> str:
        """The API method named by the last path segment."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def form(self) -> dict[str, str]:
        """The form body decoded (each key once)."""
        return {
            k: v[0] for k, v in parse_qs(self.body.decode("ascii"), keep_blank_values=True).items()
        }

    @property
    def token(self) -> str:
        """The bearer token sent."""
        scheme, _, token = self.headers["authorization"].partition(" ")
        assert scheme == "Bearer"
        return token


@dataclass
class Reply:
    """What the server does with one request."""

    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    action: str = "reply"  # reply | hang | close | reset | trickle (1 byte per 50 ms)


def ok(body: Any) -> Reply:
    """A 200 JSON reply."""
    return Reply(200, body)


def api_error(code: int, msg: str = "error text", status: int = 200) -> Reply:
    """An API error as the real API sends it: HTTP 200 with an `error` object."""
    return Reply(status, {"error": {"code": code, "msg": msg}})


UNSCRIPTED = Reply(200, {"error": {"code": 999999, "msg": "unscripted request"}})


class ApiServer:
    """ThreadingHTTPServer on 127.0.0.1 in a background thread."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.replies: deque[Reply] = deque()
        self.handler: Callable[[Recorded], Reply] | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so connection pooling is observable

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes; without this, Nagle plus delayed ACKs
                # add ~40 ms to every keep-alive request.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                rec = Recorded(
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                    client_port=self.client_address[1],
                )
                reply = server._next(rec)
                if reply.action == "hang":
                    server._stop.wait(30)
                    self.close_connection = True
                    return
                if reply.action == "close":
                    self.close_connection = True
                    return
                if reply.action == "reset":
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    return
                data = reply.body
                if not isinstance(data, bytes):
                    data = json.dumps(data).encode()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if reply.action == "trickle":
                    self.wfile.flush()
                    for i in range(len(data)):
                        if server._stop.wait(0.05):
                            break
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """The endpoint to give the client."""
        return f"http://127.0.0.1:{self._server.server_port}/platform_api"

    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order."""
        self.replies.extend(replies)

    def _next(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
            if self.handler is not None:
                return self.handler(rec)
            return self.replies.popleft() if self.replies else UNSCRIPTED

    def close(self) -> None:
        """Stop serving and release hung handlers."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def wait_for(predicate: Callable[[], bool], timeout: float = 2.0) -> bool:
    """Poll briefly for a condition set by the server thread."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()
