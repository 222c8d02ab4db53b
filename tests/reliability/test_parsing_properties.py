"""Property tests of parsing on both sides of the wire.

Client: whatever a server answers (any status line, headers, body, or bytes that are not
HTTP at all), every public call returns a dict or raises a VoximplantError subclass, never
anything else. The pure parsers are driven directly and through a raw loopback socket
server that writes hypothesis-chosen response bytes.

Emulator: tests/emulator/test_fuzz.py already drives method names, parameters, bodies and
tokens through a well-behaved HTTP client; these tests add the framing a client library
would never produce (raw request targets, percent-escapes and non-ASCII in paths and
queries, odd and truncated Content-Length, Expect: 100-continue, duplicate headers) over a raw
socket. Every answer must be an API-style JSON reply: HTTP 200 with an error object for API
paths, never a 500, never code 1 (the emulator's catch-all for its own bugs).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulumi_voxbind import Credentials, VoximplantClient, VoximplantError
from pulumi_voxbind.api.transport import parse_response, parse_retry_after
from pulumi_voxbind.emulator import keys, running_emulator
from pulumi_voxbind.emulator.dispatch import METHODS
from pulumi_voxbind.resources.binding.inputs import INPUT_KEYS, check_inputs
from tests.emulator.support import SEED, sign

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)
CODES = st.one_of(st.integers(-5, 1000), st.sampled_from(
    ["2", " 147 ", "²", "٣", "1e3", "", "0x10", "9" * 30, True, None, 3.5, [1], {"a": 1}]))
ERROR_OBJECTS = st.fixed_dictionaries(
    {}, optional={"code": CODES, "msg": JSON, "message": JSON})
API_BODIES = st.one_of(
    st.fixed_dictionaries({}, optional={"error": st.one_of(ERROR_OBJECTS, JSON),
                                        "errors": st.one_of(st.lists(ERROR_OBJECTS, max_size=3),
                                                            JSON),
                                        "result": JSON, "total_count": JSON}),
    JSON,
)
BODIES = st.one_of(
    API_BODIES.map(lambda b: json.dumps(b).encode()),
    st.binary(max_size=64),
    st.sampled_from([b"[" * 5000, b'{"a":' * 3000, b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00",
                     b"null", b"1e999", b'{"error": {"code": "\xc2\xb2"}}']),
)
STATUSES = st.one_of(st.sampled_from([200, 201, 204, 301, 400, 404, 408, 429, 500, 502, 503]),
                     st.integers(100, 599))
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=30)


@settings(max_examples=400, deadline=None)
@given(status=STATUSES, content_type=HEADER_TEXT, body=BODIES)
def test_parse_response_returns_a_dict_or_an_error(status: int, content_type: str,
                                                   body: bytes) -> None:
    result = parse_response("GetRules", status, content_type, body)
    assert isinstance(result, (dict, VoximplantError))
    if isinstance(result, dict):
        assert 200 <= status < 300
        assert not isinstance(result.get("error"), dict)
    else:
        assert result.method == "GetRules"
        str(result)  # renders


RETRY_AFTER_SAMPLES = ["²", "120", " 7 ", "1e9", "-1", "Wed, 21 Oct 2015 07:28:00",
                       "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"]


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.none(), HEADER_TEXT, st.sampled_from(RETRY_AFTER_SAMPLES)),
       now=st.floats(0, 4e11))
def test_parse_retry_after_never_crashes(value: str | None, now: float) -> None:
    seconds = parse_retry_after(value, now=now)
    assert seconds is None or seconds >= 0


@settings(max_examples=300, deadline=None)
@given(news=st.dictionaries(
    st.sampled_from([*INPUT_KEYS, "other"]),
    st.one_of(JSON, st.sampled_from(["²", "1" * 5000, " 12 ", "0", "-3", 2.0, 1e300, float("inf")]),
              st.lists(st.one_of(st.integers(-2, 5), st.text(max_size=35),
                                 st.sampled_from(["²", "1" * 40])), max_size=4)),
    max_size=7))
def test_check_inputs_never_crashes(news: dict[str, Any]) -> None:
    """The provider's check (run at preview) reports bad values, naming the input; no raise."""
    inputs, failures = check_inputs(news)
    for failure in failures:
        assert failure.property in (*INPUT_KEYS, "other"), failure
        assert failure.reason
    if not failures:  # accepted inputs are complete and typed as the provider needs them
        assert (inputs.get("scenario_ids") is None) != (inputs.get("scenario_names") is None)
        assert (inputs.get("rule_id") is None) != (inputs.get("rule_name") is None)
        for key in ("application_id", "rule_id"):
            assert inputs.get(key) is None or (type(inputs[key]) is int and inputs[key] > 0)
        assert all(type(i) is int and i > 0 for i in inputs.get("scenario_ids") or [])


# --- the client against a raw socket server ------------------------------------------------

class RawServer:
    """Answers every request with ``self.response`` (raw bytes), then closes the connection."""

    def __init__(self) -> None:
        self.response = b""
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/platform_api"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    conn.sendall(self.response)
                    conn.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def raw_client(raw_server: RawServer) -> Iterator[VoximplantClient]:
    pem = keys.generate_key()[0]
    creds = Credentials.from_json(json.dumps({
        "account_id": 1, "account_email": "a@example.com", "key_id": "k", "private_key": pem}))
    client = VoximplantClient(creds, raw_server.url, max_attempts=2, deadline=5,
                              backoff_base=0, backoff_max=0, connect_timeout=2, read_timeout=2,
                              sleep=lambda _s: None)
    yield client
    client.close()


STATUS_LINES = st.one_of(
    STATUSES.map(lambda s: f"HTTP/1.1 {s} X\r\n".encode()),
    st.sampled_from([b"HTTP/1.0 200 OK\r\n", b"HTTP/1.1 200\r\n", b"HTTP/2 200 OK\r\n",
                     b"garbage\r\n", b"", b"HTTP/1.1 abc OK\r\n", b"HTTP/1.1 200 OK\n"]),
)
EXTRA_HEADERS = st.lists(st.sampled_from([
    b"Content-Type: application/json", b"Content-Type: text/html", b"Retry-After: 0",
    b"Retry-After: \xb2", b"Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", b"Retry-After: 999999",
    b"Content-Encoding: gzip", b"Content-Encoding: deflate", b"Transfer-Encoding: chunked",
    b"Content-Length: 3", b"Content-Length: -1", b"Content-Length: abc", b"Connection: close",
    b"X-Bin: \xff\xfe", b"no colon here",
]), max_size=4)


def _call_everything(client: VoximplantClient) -> None:
    """Every public API entry point the provider uses."""
    for action in (
        lambda: client.call("GetRules", application_id=1),
        lambda: list(client.iterate("GetScenarios", page_size=2)),
        lambda: client.find_application(application_name="ivr"),
        lambda: client.find_application(application_id=3),
        lambda: client.find_rule(1, rule_name="inbound"),
        lambda: client.find_rule(1, rule_id=4),
        lambda: client.find_scenarios(["a", "b"], application_id=1),
        lambda: client.bind_scenarios(4, [5, 6], application_id=1),
        lambda: client.reorder_scenarios(4, [6, 5]),
    ):
        try:
            action()
        except VoximplantError as err:
            str(err)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(status_line=STATUS_LINES, headers=EXTRA_HEADERS, body=BODIES, with_length=st.booleans())
def test_client_raises_only_voximplant_errors(raw_server: RawServer,
                                              raw_client: VoximplantClient, status_line: bytes,
                                              headers: list[bytes], body: bytes,
                                              with_length: bool) -> None:
    lines = list(headers)
    if with_length:
        lines.append(f"Content-Length: {len(body)}".encode())
    raw_server.response = status_line + b"".join(h + b"\r\n" for h in lines) + b"\r\n" + body
    _call_everything(raw_client)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(result=JSON, total=JSON)
def test_listing_helpers_survive_odd_result_shapes(raw_server: RawServer,
                                                   raw_client: VoximplantClient, result: Any,
                                                   total: Any) -> None:
    """A 200 answer whose result items are not the objects the reference describes."""
    body = json.dumps({"result": result, "total_count": total}).encode()
    raw_server.response = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    _call_everything(raw_client)


# --- the emulator against raw requests -----------------------------------------------------

TARGET_PIECES = st.lists(st.one_of(
    st.sampled_from(sorted(METHODS)),
    st.sampled_from(["/", "?", "&", "=", ";", "%", "%zz", "%00", "%ff", "%C3%28", "+", "#",
                     "cmd=", "cmd=GetRules", "rule_id=", "rule_id=2001", "application_id=101",
                     "scenario_id=30001;30002", "bind=maybe", "count=99999999999999999999",
                     "http://x/platform_api/", "..", "//"]),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x17F, exclude_characters="#"),
            max_size=6),
), max_size=6)
REQUEST_HEADERS = st.lists(st.sampled_from([
    "Content-Type: application/x-www-form-urlencoded",
    "Content-Type: multipart/form-data; boundary=b",
    "Content-Type: multipart/form-data; boundary=\"\"",
    "Content-Type: multipart/form-data; boundary=\u00e9",
    "Content-Type: text/plain; charset=\u00ff",
    "Content-Type: ",
    "Content-Type: application/x-www-form-urlencoded; charset=latin-1",
    "Expect: 100-continue",
    "Content-Length: 0",
    "Content-Length: +5",
    "Content-Length:  7 ",
    "Content-Length: 99999999999",
    "Transfer-Encoding: identity",
    "Authorization: Bearer",
    "Authorization: bearer a.b.c",
    "Authorization: Bearer \u00e9.\u00e9.\u00e9",
    "Connection: keep-alive",
]), max_size=4)


def _raw_exchange(port: int, request: bytes) -> tuple[int, bytes]:
    """Send a request, half-close, read the whole answer; return (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        conn.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if head.startswith(b"HTTP/1.1 100"):  # Expect: 100-continue, then the real answer
        head, _, body = body.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), len(body))
    return status, body[:length]


def test_emulator_answers_raw_requests_api_style(record: dict[str, Any]) -> None:
    with running_emulator(seed=SEED) as emu:
        port = emu.server.server_address[1]
        token = sign(emu.credentials)
        seen: dict[int, int] = {}

        @settings(max_examples=400, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(verb=st.sampled_from(["GET"] * 2 + ["POST"] * 4 + ["PUT", "HEAD", "BREW"]),
               prefix=st.sampled_from(["/platform_api"] * 4 + ["/platform_api/"] * 4
                                      + ["/_emulator/stats", "/other"]),
               pieces=TARGET_PIECES, headers=REQUEST_HEADERS,
               body=st.one_of(st.binary(max_size=80), st.text(max_size=80).map(str.encode)),
               authorized=st.booleans(), declared=st.sampled_from(["exact", "none", "short",
                                                                   "long"]))
        def exchange(verb: str, prefix: str, pieces: list[str], headers: list[str],
                     body: bytes, authorized: bool, declared: str) -> None:
            target = (prefix + "".join(pieces)).encode("utf-8")
            lines = [f"{verb} ".encode() + target + b" HTTP/1.1", b"Host: 127.0.0.1"]
            lines += [h.encode("latin-1", "replace") for h in headers]
            if authorized:
                lines.append(f"Authorization: Bearer {token}".encode())
            if declared != "none" and not any(h.startswith("Content-Length") for h in headers):
                size = {"exact": len(body), "short": max(0, len(body) - 3),
                        "long": len(body) + 5}[declared]
                lines.append(f"Content-Length: {size}".encode())
            lines.append(b"Connection: close")
            status, answer = _raw_exchange(port, b"\r\n".join(lines) + b"\r\n\r\n" + body)
            seen[status] = seen.get(status, 0) + 1
            assert status != 500 and status < 500, (status, answer)
            if verb == "HEAD":
                return
            data = json.loads(answer)
            assert isinstance(data, dict)
            path = target.split(b"?", 1)[0].split(b"#", 1)[0]
            if status == 200 and (path == b"/platform_api" or path.startswith(b"/platform_api/")):
                assert ("error" in data) != ("result" in data), data
                if "error" in data:
                    assert isinstance(data["error"]["code"], int)
                    assert data["error"]["code"] != 1, data
                    assert isinstance(data["error"]["msg"], str)
            else:
                assert status in (200, 400, 404, 405), (status, data)

        exchange()
        assert emu.fatal_errors == 0
        assert seen.get(200, 0) >= 60, seen  # the fuzz does reach the API
        record.update({"requests": sum(seen.values()), "statuses": seen,
                       "api_requests_counted": emu.stats()["total"], "fatal_errors": 0})
