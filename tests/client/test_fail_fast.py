"""A dead endpoint fails fast: once known down, calls stop retrying it, whatever the thread."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_voxbind import Credentials, EndpointUnreachableError, TransportError, VoximplantClient
from pulumi_voxbind.api.health import EndpointHealth

from .apiserver import ApiServer, ok

DOWN_AFTER = 1.0
PROBE_EVERY = 0.5


class RefusingServer:
    """Accepts each connection and resets it at once, counting when attempts arrive."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.attempts: list[float] = []
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/platform_api"

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.attempts.append(time.monotonic())
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()  # RST: the client sees a connection reset, no HTTP answer

    def close(self) -> None:
        self._stop = True
        self.sock.close()
        self._thread.join(timeout=2)


@pytest.fixture
def refusing() -> Iterator[RefusingServer]:
    server = RefusingServer()
    yield server
    server.close()


def _client(credentials: Credentials, url: str, health: EndpointHealth) -> VoximplantClient:
    return VoximplantClient(credentials, endpoint=url, max_attempts=10, deadline=60,
                            backoff_base=0.05, backoff_max=0.2, health=health)


def test_calls_stop_retrying_once_the_endpoint_is_known_down(
    credentials: Credentials, refusing: RefusingServer
) -> None:
    health = EndpointHealth(unreachable_after=DOWN_AFTER, probe_interval=PROBE_EVERY)
    errors: list[Exception] = []

    def call(_: int) -> None:
        try:
            client.call("GetRules", application_id=1)
        except TransportError as exc:
            errors.append(exc)

    with _client(credentials, refusing.url, health) as client:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(call, range(100)))
        elapsed = time.monotonic() - started
    assert len(errors) == 100
    assert isinstance(errors[-1], EndpointUnreachableError)
    assert refusing.url in str(errors[-1]) and "VOXIMPLANT_API_URL" in str(errors[-1])
    down_at = refusing.attempts[0] + DOWN_AFTER
    late = [t for t in refusing.attempts if t > down_at]
    # After the endpoint is known down: at most one probe per interval, plus the requests
    # of the 8 threads that were already on the wire when it went down.
    assert len(late) <= 8 + (elapsed - DOWN_AFTER) / PROBE_EVERY + 1, late
    unreachable = [e for e in errors if isinstance(e, EndpointUnreachableError)]
    assert len(unreachable) >= 90, "calls after the first few fail at once"


def test_an_answer_closes_the_circuit(credentials: Credentials, server: ApiServer) -> None:
    health = EndpointHealth(unreachable_after=0.0, probe_interval=0.0)
    health.failed("connection error (ConnectionRefusedError: Connection refused)")
    assert health.is_down()
    server.script(ok({"result": []}))
    with _client(credentials, server.url, health) as client:
        assert client.call("GetRules", application_id=1) == {"result": []}
    assert not health.is_down()


def test_while_down_calls_between_probes_fail_without_a_request(
    credentials: Credentials, server: ApiServer
) -> None:
    health = EndpointHealth(unreachable_after=0.0, probe_interval=3600)
    health.failed("connection error (ConnectionRefusedError: Connection refused)")
    assert health.may_attempt()  # the first probe of the interval
    with _client(credentials, server.url, health) as client, pytest.raises(
            EndpointUnreachableError, match="Connection refused"):
        client.call("GetRules", application_id=1)
    assert server.requests == []


def test_a_wrong_path_names_the_endpoint(credentials: Credentials, server: ApiServer) -> None:
    from .apiserver import Reply

    server.script(Reply(404, b'{"error": "Not Found"}', {"Content-Type": "application/json"}))
    with _client(credentials, server.url, EndpointHealth()) as client, pytest.raises(
            Exception, match=f"HTTP 404: .*is the endpoint URL right.* from {server.url}"):
        client.call("GetRules", application_id=1)
