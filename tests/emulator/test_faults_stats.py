"""Fault injection (reproducible, non-blocking latency) and the stats/control endpoints."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from pulumi_voxbind.emulator import RunningEmulator
from pulumi_voxbind.emulator.faults import FaultInjector

from .support import Api


def outcomes(api: Api, n: int) -> list[str]:
    """Classify n sequential calls: ok, api-2, api-340 or http-503."""
    seen = []
    for _ in range(n):
        response = api.response("GetApplications")
        if response.status_code == 503:
            seen.append("http-503")
        else:
            body = response.json()
            seen.append(f"api-{body['error']['code']}" if "error" in body else "ok")
    return seen


def test_same_seed_gives_the_same_failure_sequence(api: Api, emu: RunningEmulator) -> None:
    emu.set_faults(fail_rate=0.5, random_seed=42)
    first = outcomes(api, 40)
    emu.set_faults(random_seed=42)  # restarts the sequence
    assert outcomes(api, 40) == first
    assert set(first) == {"ok", "api-2", "api-340", "http-503"}
    emu.set_faults(random_seed=43)
    assert outcomes(api, 40) != first


def test_injected_failures_look_transient(api: Api, emu: RunningEmulator) -> None:
    emu.set_faults(fail_rate=1.0, random_seed=3)
    texts = {}
    for _ in range(30):
        response = api.response("GetApplications")
        if response.status_code == 503:
            assert response.headers["Content-Type"] == "text/html"
        else:
            error = response.json()["error"]
            texts[error["code"]] = error["msg"]
    assert texts == {2: "Internal error", 340: "Rate limit exceed"}


def test_failures_do_not_change_state(api: Api, emu: RunningEmulator) -> None:
    emu.set_faults(fail_rate=1.0)
    for index in range(10):
        api.response("AddApplication", application_name=f"f{index}")
    emu.set_faults(fail_rate=0.0)
    assert api.ok("GetApplications")["total_count"] == 2


def test_fail_rate_matches_roughly() -> None:
    faults = FaultInjector(fail_rate=0.25, random_seed=1)
    failed = sum(faults.next_outcome() is not None for _ in range(4000))
    assert 850 < failed < 1150


def test_latency_sleeps_without_blocking_other_requests(api: Api, emu: RunningEmulator) -> None:
    emu.set_faults(latency_ms=400)
    start = time.monotonic()

    def call(_: int) -> dict:
        caller = Api(emu.url, emu.credentials)
        try:
            return caller.ok("GetApplications")
        finally:
            caller.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(call, range(8)))
    elapsed = time.monotonic() - start
    assert len(codes) == 8
    assert 0.4 <= elapsed < 1.2  # 8 x 400 ms serially would be 3.2 s


def test_stats_count_every_api_request(api: Api, emu: RunningEmulator) -> None:
    emu.reset_stats()
    api.ok("GetApplications")
    api.ok("GetApplications", form="cmd")
    api.error("GetRules")  # a failed call counts
    api.error("GetRules", token="bad")  # so does a rejected token
    api.response("NoSuchMethod")  # unknown methods count as "(unknown)"
    requests.post(api.url, timeout=10)  # no method at all
    emu.set_faults(fail_rate=1.0)
    api.response("BindScenario")  # injected failures count too
    emu.set_faults(fail_rate=0.0)
    expected = {
        "total": 7,
        "requests": {"(unknown)": 2, "BindScenario": 1, "GetApplications": 2, "GetRules": 2},
    }
    assert emu.stats() == expected
    base = emu.base_url
    assert requests.get(f"{base}/_emulator/stats", timeout=10).json() == expected
    assert emu.stats() == expected  # control endpoints are not counted


def test_reset_stats_over_http(api: Api, emu: RunningEmulator) -> None:
    api.ok("GetApplications")
    response = requests.post(f"{emu.base_url}/_emulator/reset-stats", timeout=10)
    assert response.json() == {"result": 1}
    assert requests.get(f"{emu.base_url}/_emulator/stats", timeout=10).json() == {
        "total": 0,
        "requests": {},
    }


def test_faults_over_http(api: Api, emu: RunningEmulator) -> None:
    url = f"{emu.base_url}/_emulator/faults"
    assert requests.get(url, timeout=10).json() == {
        "fail_rate": 0.0,
        "latency_ms": 0,
        "random_seed": 0,
    }
    response = requests.post(url, json={"fail_rate": 0.5, "random_seed": 42}, timeout=10)
    assert response.json() == {"fail_rate": 0.5, "latency_ms": 0, "random_seed": 42}
    first = outcomes(api, 20)
    emu.set_faults(fail_rate=0.5, random_seed=42)
    assert outcomes(api, 20) == first


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1]",
        b'{"fail_rate": 2}',
        b'{"latency_ms": -1}',
        b'{"fail_rate": "x"}',
        b'{"other": 1}',
        b'{"latency_ms": 1e999}',
        b'{"fail_rate": NaN}',
    ],
)
def test_faults_endpoint_rejects_bad_settings(emu: RunningEmulator, body: bytes) -> None:
    response = requests.post(f"{emu.base_url}/_emulator/faults", data=body, timeout=10)
    assert response.status_code == 400
    assert "error" in response.json()
    assert requests.get(f"{emu.base_url}/_emulator/faults", timeout=10).json()["fail_rate"] == 0


def test_unknown_control_endpoint_is_404(emu: RunningEmulator) -> None:
    assert requests.get(f"{emu.base_url}/_emulator/nope", timeout=10).status_code == 404
    assert requests.get(f"{emu.base_url}/_emulator/reset-stats", timeout=10).status_code == 404


def test_unreadable_control_body_is_400_and_not_counted(emu: RunningEmulator) -> None:
    response = requests.post(
        f"{emu.base_url}/_emulator/faults",
        data=b'{"fail_rate": 1}',
        headers={"Transfer-Encoding": "gzip"},  # with Content-Length too: refused
        timeout=10,
    )
    assert response.status_code == 400
    assert emu.stats()["total"] == 0
    assert emu.emulator.faults.settings.fail_rate == 0


def test_chunked_control_body_is_read(emu: RunningEmulator) -> None:
    response = requests.post(
        f"{emu.base_url}/_emulator/faults", data=iter([b'{"latency_ms"', b": 5}"]), timeout=10
    )
    assert response.json()["latency_ms"] == 5
