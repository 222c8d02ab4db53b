"""Property tests: whatever arrives, the answer is HTTP 200 JSON, never a 500 or code 1."""

from __future__ import annotations

from typing import Any

import requests
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pulumi_voxbind.emulator import running_emulator
from pulumi_voxbind.emulator.dispatch import METHODS

from .support import SEED, sign

PARAM_NAMES = [
    "application_id",
    "application_name",
    "rule_id",
    "rule_name",
    "rule_pattern",
    "rule_pattern_exclude",
    "scenario_id",
    "scenario_name",
    "scenario_script",
    "bind",
    "rewrite",
    "with_scenarios",
    "with_script",
    "count",
    "offset",
    "video_conference",
    "cmd",
    "required_scenario_name",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-5, max_value=2**70).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "true",
            "False",
            "all",
            ";",
            "1;;2",
            "ivr",
            "inbound",
            "greeting",
            "101",
            "2001",
            "30001",
            "30001;30002",
            "menu;greeting",
        ]
    ),
    st.lists(st.integers(min_value=0, max_value=40000), max_size=4).map(
        lambda xs: ";".join(map(str, xs))
    ),
)
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=8)), VALUES, max_size=6
)
METHOD_NAMES = st.one_of(st.sampled_from(sorted(METHODS)), st.text(max_size=12))
FORMS = st.sampled_from(["path", "cmd", "get", "multipart"])
CONTENT_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=b",
        'multipart/form-data; boundary="b"',
        "multipart/form-data",
        "application/json",
        "text/plain",
        "",
        "multipart/form-data; boundary=",
    ]
)


def check(response: requests.Response) -> None:
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, dict)
    assert ("error" in body) != ("result" in body), body
    if "error" in body:
        assert set(body) == {"error"}
        assert isinstance(body["error"]["code"], int)
        assert body["error"]["code"] != 1, body  # code 1 is the catch-all for emulator bugs
        assert isinstance(body["error"]["msg"], str)


def send(
    session: requests.Session,
    url: str,
    method: str,
    form: str,
    params: dict[str, str],
    headers: dict[str, str],
) -> requests.Response:
    if form == "path":
        return session.post(
            f"{url}/{requests.utils.quote(method, safe='')}",
            data=params,
            headers=headers,
            timeout=10,
        )
    if form == "cmd":
        return session.post(url, data={**params, "cmd": method}, headers=headers, timeout=10)
    if form == "get":
        return session.get(url, params={**params, "cmd": method}, headers=headers, timeout=10)
    files = {name: (None, value) for name, value in {**params, "cmd": method}.items()}
    return session.post(url, files=files, headers=headers, timeout=10)


def test_random_calls_get_json_answers() -> None:
    with running_emulator(seed=SEED) as emu, requests.Session() as session:
        headers = {"Authorization": f"Bearer {sign(emu.credentials)}"}

        @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(method=METHOD_NAMES, form=FORMS, params=PARAMS)
        def call(method: str, form: str, params: dict[str, str]) -> None:
            check(send(session, emu.url, method, form, params, headers))

        call()
        assert emu.fatal_errors == 0
        assert emu.stats()["total"] >= 300


def test_random_bodies_get_json_answers() -> None:
    with running_emulator(seed=SEED) as emu, requests.Session() as session:
        token = sign(emu.credentials)

        @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(
            method=st.sampled_from(sorted(METHODS)),
            content_type=CONTENT_TYPES,
            body=st.one_of(
                st.binary(max_size=200),
                st.text(max_size=200).map(str.encode),
                st.lists(
                    st.sampled_from(
                        [
                            b"--b",
                            b"\r\n",
                            b"--",
                            b'name="a"',
                            b":",
                            b";",
                            b"Content-Disposition: form-data; ",
                            b"x",
                            b"\xff",
                            b"=",
                            b"&",
                            b"%",
                            b"%zz",
                            b"%C3",
                        ]
                    ),
                    max_size=20,
                ).map(b"".join),
            ),
        )
        def call(method: str, content_type: str, body: bytes) -> None:
            headers: dict[str, Any] = {"Authorization": f"Bearer {token}"}
            if content_type:
                headers["Content-Type"] = content_type
            check(session.post(f"{emu.url}/{method}", data=body, headers=headers, timeout=10))

        call()
        assert emu.fatal_errors == 0


def test_random_tokens_get_json_answers() -> None:
    with running_emulator() as emu, requests.Session() as session:

        @settings(max_examples=150, deadline=None)
        @given(
            auth=st.one_of(
                st.text(max_size=60),
                st.text(max_size=60).map("Bearer ".__add__),
                st.binary(max_size=60).map(lambda b: "Bearer " + b.hex()),
            )
        )
        def call(auth: str) -> None:
            # only values an HTTP client can send as a header
            assume(auth.isascii() and auth.isprintable() and auth == auth.strip())
            response = session.post(
                f"{emu.url}/GetApplications", headers={"Authorization": auth}, timeout=10
            )
            check(response)
            assert "error" in response.json()

        call()
        assert emu.fatal_errors == 0
