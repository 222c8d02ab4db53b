"""Wire forms (path, cmd, GET, multipart) and malformed requests: always an API error, never 500."""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import time
from typing import Any

import pytest
import requests
import urllib3

from pulumi_voxbind.emulator import RunningEmulator

from .support import Api, pieces, sign


def auth(api: Api) -> dict[str, str]:
    return {"Authorization": f"Bearer {sign(api.credentials)}"}


FORMS = ["post", "cmd", "get", "multipart", "chunked", "chunked-form"]


@pytest.mark.parametrize("form", FORMS)
def test_every_wire_form_gives_the_same_answer(api: Api, form: str) -> None:
    body = api.ok(
        "GetRules", form=form, application_name="ivr", rule_name="in", with_scenarios=True
    )
    assert [s["scenario_name"] for s in body["result"][0]["scenarios"]] == ["greeting", "menu"]


@pytest.mark.parametrize("form", FORMS)
def test_every_wire_form_can_bind(api: Api, form: str) -> None:
    api.ok(
        "BindScenario",
        form=form,
        rule_name="outbound",
        application_name="ivr",
        scenario_name=["menu", "goodbye"],
        bind=True,
    )
    assert api.bound("ivr", "outbound") == ["menu", "goodbye"]


def test_trailing_slash_after_the_method(api: Api) -> None:
    response = requests.get(f"{api.url}/GetApplications/", headers=auth(api), timeout=10)
    assert response.json()["total_count"] == 2


def test_method_in_the_path_wins_over_cmd(api: Api) -> None:
    response = requests.post(
        f"{api.url}/GetApplications", data={"cmd": "DelApplication"}, headers=auth(api), timeout=10
    )
    assert response.json()["total_count"] == 2


def test_no_method_at_all_is_102(api: Api) -> None:
    for response in (
        requests.post(api.url, data={"application_name": "x"}, headers=auth(api), timeout=10),
        requests.get(api.url + "/", headers=auth(api), timeout=10),
    ):
        assert response.json() == {"error": {"code": 102, "msg": "Missing 'cmd' parameter"}}


@pytest.mark.parametrize("path", ["/NoSuchMethod", "/bindscenario", "/Bind/Scenario", "/%42ind"])
def test_unknown_method_is_103(api: Api, path: str) -> None:
    response = requests.post(api.url + path, headers=auth(api), timeout=10)
    assert response.json() == {"error": {"code": 103, "msg": "Unknown command"}}
    response = requests.post(api.url, data={"cmd": path[1:]}, headers=auth(api), timeout=10)
    assert response.json()["error"]["code"] == 103


def test_repeated_parameters_are_a_list(api: Api) -> None:
    menu, goodbye = api.scenario_id("menu"), api.scenario_id("goodbye")
    rule_id = api.rule("ivr", "outbound")["rule_id"]
    query = f"rule_id={rule_id}&scenario_id={goodbye}&scenario_id={menu}"
    response = requests.post(f"{api.url}/BindScenario?{query}", headers=auth(api), timeout=10)
    assert response.json() == {"result": 1}
    assert api.bound("ivr", "outbound") == ["goodbye", "menu"]


def test_params_in_the_query_of_a_json_post_like_the_docs_curl(api: Api) -> None:
    """docs.voximplant.ai samples: params in the query string, ``{}`` as a JSON body."""
    response = requests.post(
        f"{api.url}/GetRules?application_name=ivr",
        data="{}",
        headers={**auth(api), "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.json()["total_count"] == 2


def test_json_body_parameters_are_not_read(api: Api) -> None:
    response = requests.post(
        f"{api.url}/GetRules", json={"application_name": "ivr"}, headers=auth(api), timeout=10
    )
    assert response.json()["error"]["code"] == 134


def test_body_parameter_replaces_query_parameter(api: Api) -> None:
    response = requests.post(
        f"{api.url}/GetRules?application_name=nope",
        data={"application_name": "ivr"},
        headers=auth(api),
        timeout=10,
    )
    assert response.json()["total_count"] == 2


def test_unknown_parameters_are_ignored(api: Api) -> None:
    assert api.ok("GetApplications", foo="bar", with_everything="yes")["total_count"] == 2


def test_go_client_zero_values_mean_absent(api: Api) -> None:
    rule_id = api.rule("ivr", "outbound")["rule_id"]
    api.ok(
        "BindScenario",
        rule_id=rule_id,
        application_id=0,
        scenario_name="menu",
        scenario_id="",
        rule_name="",
    )
    assert api.bound("ivr", "outbound") == ["menu"]


@pytest.mark.parametrize(
    ("params", "code", "msg"),
    [
        ({"application_name": "ivr", "rule_id": "1e3"}, 147, "The 'rule_id' parameter is invalid"),
        ({"application_name": "ivr", "rule_id": "0x10"}, 147, None),
        ({"application_name": "ivr", "rule_id": " 5"}, 147, None),
        ({"application_name": "ivr", "rule_id": "\u0661"}, 147, None),  # Arabic-Indic digit one
        ({"application_name": "ivr", "count": "-1"}, 496, "The 'count' parameter is invalid."),
        ({"application_name": "ivr", "count": "9" * 20}, 496, None),
        ({"application_name": "ivr", "offset": "abc"}, 496, "The 'offset' parameter is invalid."),
        ({"application_name": "ivr", "with_scenarios": "yes"}, 496, None),
        ({"application_id": "12.5"}, 116, None),
    ],
)
def test_bad_numbers_and_flags(
    api: Api, params: dict[str, str], code: int, msg: str | None
) -> None:
    got = api.error("GetRules", **params)
    assert got[0] == code
    if msg is not None:
        assert got[1] == msg


def raw_post(api: Api, body: bytes, content_type: str, path: str = "/BindScenario") -> Any:
    response = requests.post(
        api.url + path, data=body, headers={**auth(api), "Content-Type": content_type}, timeout=10
    )
    assert response.status_code == 200
    return response.json()


INVALID = {"error": {"code": 101, "msg": "Invalid arguments"}}
PART = b'--b\r\nContent-Disposition: form-data; name="application_name"\r\n\r\nivr\r\n'


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"application_name=%FF", "application/x-www-form-urlencoded"),
        (b"application_name=\xff", "application/x-www-form-urlencoded"),
        (b"application_name=\xff", ""),
        (PART + b"--b--\r\n", "multipart/form-data"),  # no boundary parameter
        (PART + b"--b--\r\n", "multipart/form-data; boundary=other"),  # boundary not in body
        (PART, "multipart/form-data; boundary=b"),  # truncated: no close delimiter
        (
            b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
            "multipart/form-data; boundary=b",
        ),
        (b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b"),
        (
            b'--b\r\nContent-Disposition: form-data; name="a"\r\nx\r\n--b--',
            "multipart/form-data; boundary=b",
        ),
        (
            b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xff\xfe\r\n--b--',
            "multipart/form-data; boundary=b",
        ),
        (
            b'--b\r\nContent-Disposition: attachment; name="a"\r\n\r\nx\r\n--b--',
            "multipart/form-data; boundary=b",
        ),
        (b"--b\r\nno colon here\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b"),
        (b"garbage", "multipart/form-data; boundary=b"),
        (b"x", "multipart/form-data; boundary=" + "b" * 71),
    ],
)
def test_unreadable_bodies_are_101(api: Api, body: bytes, content_type: str) -> None:
    assert raw_post(api, body, content_type) == INVALID


def test_well_formed_multipart_with_preamble_and_epilogue(api: Api) -> None:
    body = b"preamble\r\n" + PART + b"--b--\r\nepilogue"
    result = raw_post(api, body, 'multipart/form-data; boundary="b"', path="/GetRules")
    assert result["total_count"] == 2


@pytest.mark.parametrize("chunked", [False, True])
def test_multipart_file_parts_are_read_as_text(api: Api, chunked: bool) -> None:
    """``curl -F scenario_script=@hello.js``: a part with a filename and its own type."""
    fields = {
        "scenario_name": "filed",
        "scenario_script": ("hello.js", "// hi \u2713".encode(), "application/javascript"),
    }
    body, content_type = urllib3.encode_multipart_formdata(fields)
    response = requests.post(
        f"{api.url}/AddScenario",
        data=pieces(body) if chunked else body,
        headers={**auth(api), "Content-Type": content_type},
        timeout=10,
    )
    scenario_id = response.json()["scenario_id"]
    found = api.ok("GetScenarios", scenario_id=scenario_id, with_script=True)["result"]
    assert found[0]["scenario_script"] == "// hi \u2713"


def test_non_utf8_query_string_is_101(api: Api) -> None:
    response = requests.get(
        f"{api.url}/GetRules?application_name=%C3%28", headers=auth(api), timeout=10
    )
    assert response.json() == INVALID


def test_oversized_body_is_refused_without_reading_it(api: Api, emu: RunningEmulator) -> None:
    """A 100 MB Content-Length: the reply comes at once, and the connection closes."""
    host, port = emu.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"POST /platform_api/AddScenario HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100000000\r\n\r\nscenario_name=big&scenario_script="
        )
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"Connection: close" in head
    assert json.loads(body) == INVALID


def test_oversized_body_sent_in_full_still_gets_the_reply(api: Api) -> None:
    body = b"scenario_name=big&scenario_script=" + b"x" * (2 * 1024 * 1024)
    assert raw_post(api, body, "application/x-www-form-urlencoded", path="/AddScenario") == INVALID
    assert api.ok("GetScenarios", scenario_name="big")["total_count"] == 0


def exchange(emu: RunningEmulator, data: bytes) -> bytes:
    """Send raw bytes on a new connection; return everything received until the server closes."""
    host, port = emu.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    return reply


def replies(raw: bytes) -> list[tuple[bytes, Any]]:
    """Split a stream of HTTP responses (each with Content-Length) into (head, JSON body)."""
    out = []
    while raw:
        head, _, rest = raw.partition(b"\r\n\r\n")
        length = int(next(line for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")).split(b":")[1])
        out.append((head, json.loads(rest[:length])))
        raw = rest[length:]
    return out


def request(api: Api, method: str, headers: str, body: bytes = b"") -> bytes:
    return (
        f"POST /platform_api/{method} HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {sign(api.credentials)}\r\n{headers}\r\n"
    ).encode() + body


FORM = "Content-Type: application/x-www-form-urlencoded\r\n"
CHUNKED = FORM + "Transfer-Encoding: chunked\r\n"


def test_chunked_framing_is_exact_so_the_connection_stays_usable(
    api: Api, emu: RunningEmulator
) -> None:
    """Chunk extensions, upper-case hex and trailers; then two more requests on the same
    connection (a chunked one, then Content-Length) are read from exactly where it ended."""
    first = b"9;name=value\r\napplicati\r\nD\r\non_name=ivr&x\r\n0\r\nX-Trailer: 1\r\n\r\n"
    second = b"10\r\napplication_name\r\n5\r\n=othe\r\n1\r\nr\r\n0\r\n\r\n"
    raw = exchange(
        emu,
        request(api, "GetRules", CHUNKED, first)
        + request(api, "GetRules", CHUNKED, second)
        + request(api, "GetApplications", FORM + "Content-Length: 7\r\n", b"count=1")
        + b"GET /platform_api/GetApplications HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    got = [body for _, body in replies(raw)]
    assert [body.get("total_count") for body in got[:3]] == [2, 1, 2]
    assert got[2]["count"] == 1
    assert got[3]["error"]["code"] == 100  # no token on the last one: read as its own request


def test_expect_100_continue_with_a_chunked_body(api: Api, emu: RunningEmulator) -> None:
    """curl sends ``Expect: 100-continue`` for larger bodies and waits for the interim reply."""
    host, port = emu.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request(api, "GetRules", CHUNKED + "Expect: 100-continue\r\n"))
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n")
        sock.sendall(b"14\r\napplication_name=ivr\r\n0\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert replies(reply)[0][1]["total_count"] == 2


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (CHUNKED, b"zz\r\nx\r\n0\r\n\r\n"),  # not hex
        (CHUNKED, b"0x3\r\na=1\r\n0\r\n\r\n"),  # what int(..., 16) would accept
        (CHUNKED, b"+3\r\na=1\r\n0\r\n\r\n"),
        (CHUNKED, b" 3\r\na=1\r\n0\r\n\r\n"),
        (CHUNKED, b"\r\na=1\r\n0\r\n\r\n"),  # no size
        (CHUNKED, b"123456789\r\n"),  # more hex digits than any allowed size needs
        (CHUNKED, b"3\na=1\r\n0\r\n\r\n"),  # bare LF
        (CHUNKED, b"3\r\na=1XX0\r\n\r\n"),  # chunk data not followed by CRLF
        (CHUNKED, b"3;" + b"e" * 2000 + b"\r\na=1\r\n0\r\n\r\n"),  # size line too long
        (CHUNKED, b"3\r\na=1\r\n0\r\n" + b"T: x\r\n" * 101 + b"\r\n"),  # endless trailers
        (CHUNKED, b"3\r\na=1\r\n"),  # ends before the last chunk
        (CHUNKED + "Content-Length: 10\r\n", b"3\r\na=1\r\n0\r\n\r\n"),  # smuggling
        (FORM + "Transfer-Encoding: gzip, chunked\r\n", b"3\r\na=1\r\n0\r\n\r\n"),
        (CHUNKED + "Transfer-Encoding: chunked\r\n", b"3\r\na=1\r\n0\r\n\r\n"),
        (FORM + "Content-Length: 3\r\nContent-Length: 3\r\n", b"a=1"),
    ],
)
def test_unreadable_framing_is_101_and_closes(
    api: Api, emu: RunningEmulator, headers: str, body: bytes
) -> None:
    [(head, reply)] = replies(exchange(emu, request(api, "GetApplications", headers, body)))
    assert head.startswith(b"HTTP/1.1 200")
    assert b"Connection: close" in head
    assert reply == INVALID


def test_oversized_chunk_is_refused_without_reading_it(api: Api, emu: RunningEmulator) -> None:
    """A 2 MiB chunk announced: the reply comes before any of it is sent."""
    host, port = emu.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request(api, "AddScenario", CHUNKED, b"200000\r\nscenario_name=big"))
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    [(head, body)] = replies(reply)
    assert b"Connection: close" in head
    assert body == INVALID


def stream_until_refused(sock: socket.socket, piece: bytes, pause: float) -> None:
    """Send ``piece`` again and again (an endless body) until the server stops reading."""
    try:
        while True:
            sock.sendall(piece)
            time.sleep(pause)
    except OSError:  # reset or closed: the server gave up on the body
        return


START = b"scenario_name=x&scenario_script="
CHUNKED_START = b"%x\r\n%s\r\n" % (len(START), START)


@pytest.mark.parametrize(
    ("headers", "start", "piece", "pause", "body_seconds"),
    [
        # endless and fast: stopped by the size bound (1 MiB) long before this deadline
        (CHUNKED, CHUNKED_START, b"4000\r\n" + b"x" * 0x4000 + b"\r\n", 0.0, 60.0),
        # endless and slow, one chunk every 20 ms: each read gets data long before any idle
        # timeout, so only the whole-body deadline stops it
        (CHUNKED, CHUNKED_START, b"1\r\nx\r\n", 0.02, 0.5),
        # a Content-Length body trickled a byte at a time: the same deadline
        (FORM + "Content-Length: 100000\r\n", START, b"x", 0.02, 0.5),
    ],
    ids=["endless-chunked", "slow-chunked", "slow-content-length"],
)
def test_endless_or_slow_bodies_cannot_hold_a_worker(
    api: Api,
    emu: RunningEmulator,
    headers: str,
    start: bytes,
    piece: bytes,
    pause: float,
    body_seconds: float,
) -> None:
    emu.server.body_seconds = body_seconds
    host, port = emu.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request(api, "AddScenario", headers, start))
        sender = threading.Thread(target=stream_until_refused, args=(sock, piece, pause))
        sender.start()
        reply = b""
        while chunk := sock.recv(65536):  # ends when the server closes: the worker is free
            reply += chunk
        sock.shutdown(socket.SHUT_RDWR)
        sender.join()
    [(head, body)] = replies(reply)
    assert b"Connection: close" in head
    assert body == INVALID
    assert api.ok("GetScenarios", scenario_name="x")["total_count"] == 0  # nothing was added


@pytest.mark.parametrize("length", ["abc", "-1", "1" * 5000, "\u0661"])
def test_invalid_content_length_is_101(emu: RunningEmulator, length: str) -> None:
    host, port = emu.server.server_address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"POST /platform_api/GetApplications HTTP/1.1\r\nHost: x\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
        )
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert json.loads(reply.partition(b"\r\n\r\n")[2]) == INVALID


def test_other_paths_are_404_and_other_verbs_405(api: Api) -> None:
    base = api.url.removesuffix("/platform_api")
    assert requests.get(base + "/", timeout=10).status_code == 404
    assert requests.get(base + "/platform_apiX", timeout=10).status_code == 404
    response = requests.put(api.url + "/GetApplications", data=b"x=1", timeout=10)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_keep_alive_serves_many_requests_on_one_connection(api: Api, emu: RunningEmulator) -> None:
    host, port = emu.server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.connect()
        first_socket = conn.sock
        for _ in range(3):
            conn.request("GET", "/platform_api/GetApplications", headers=auth(api))
            response = conn.getresponse()
            assert json.loads(response.read())["total_count"] == 2
            assert conn.sock is first_socket
    finally:
        conn.close()


def test_clients_hanging_up_mid_request_are_ignored(
    api: Api, emu: RunningEmulator, capfd: pytest.CaptureFixture[str]
) -> None:
    host, port = emu.server.server_address[:2]
    partial_requests = [
        b"POST /platform_api/GetApplications HTTP/1.1\r\nHost: x\r\n",  # headers cut short
        b"POST /platform_api/GetApplications HTTP/1.1\r\nContent-Length: 50\r\n\r\na=1",  # body
    ]
    for partial in partial_requests:
        sock = socket.create_connection((host, port), timeout=10)
        sock.sendall(partial)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # with linger 0: a connection reset
    assert api.ok("GetApplications")["total_count"] == 2  # still serving
    time.sleep(0.2)
    assert capfd.readouterr().err == ""
    assert emu.fatal_errors == 0
