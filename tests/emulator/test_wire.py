"""Wire forms (path, cmd, GET, multipart) and malformed requests: always an API error, never 500."""

from __future__ import annotations

import http.client
import json
import socket
import struct
import time
from typing import Any

import pytest
import requests

from pulumi_voxbind.emulator import RunningEmulator

from .support import Api, sign


def auth(api: Api) -> dict[str, str]:
    return {"Authorization": f"Bearer {sign(api.credentials)}"}


@pytest.mark.parametrize("form", ["post", "cmd", "get", "multipart"])
def test_every_wire_form_gives_the_same_answer(api: Api, form: str) -> None:
    body = api.ok(
        "GetRules", form=form, application_name="ivr", rule_name="in", with_scenarios=True
    )
    assert [s["scenario_name"] for s in body["result"][0]["scenarios"]] == ["greeting", "menu"]


@pytest.mark.parametrize("form", ["post", "cmd", "get", "multipart"])
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


def test_chunked_body_is_refused(api: Api) -> None:
    response = requests.post(
        f"{api.url}/GetApplications",
        data=iter([b"a=1", b"&b=2"]),
        headers={**auth(api), "Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert response.json() == INVALID


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
