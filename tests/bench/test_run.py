"""bench/run.py keeps working: one tiny configuration, checked on API-call counts (not times).

The benchmark itself (docs/benchmarks.md) is not part of the suite; this runs it for three
bindings, once, so that the script, its JSON and the provider's call budget cannot rot.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
N = 3


@pytest.fixture(scope="module")
def result() -> dict:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--bindings", str(N),
         "--latency-ms", "0", "--repeat", "1"],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, f"bench/run.py exited {proc.returncode}:\n{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_result_has_the_issue_keys(result: dict) -> None:
    keys = {"bindings", "latency_ms", "up_s", "destroy_s", "preview_s", "baseline_up_s",
            "baseline_destroy_s", "api_calls_up", "api_calls_preview", "api_calls_destroy"}
    assert keys <= set(result)
    assert result["bindings"] == N and result["latency_ms"] == 0
    assert "error" not in result
    assert all(result[k] > 0 for k in keys if k.endswith("_s"))


def test_api_call_budget(result: dict) -> None:
    assert result["api_calls_preview"] == 0
    assert result["api_calls_preview_empty"] == 0
    assert result["api_calls_destroy"] <= N
    assert result["api_calls_up"] <= 3 * N
    by_method = result["api_calls_up_by_method"]
    # Name lookups: one listing each of applications, the application's rules and its
    # scenarios per run (one page each at this size), not one per binding.
    assert by_method.get("GetApplications", 0) == 1
    assert by_method.get("GetScenarios", 0) == 1
    assert by_method.get("BindScenario", 0) == N
    assert by_method.get("GetRules", 0) <= N + 1
    # the script's own evaluation of the count targets agrees (times are not checked here)
    flags = ("ok_preview_calls", "ok_destroy_calls", "ok_up_calls", "ok_lookup_calls",
             "ok_tokens", "ok_pooled")
    assert {f: result["targets"][f] for f in flags} == dict.fromkeys(flags, True)


def test_one_token_and_pooled_connections(result: dict) -> None:
    for phase in ("up", "destroy"):
        assert result[f"api_tokens_{phase}"] == 1  # signed once per provider process
        assert 1 <= result[f"api_connections_{phase}"] <= 8  # the client's pool, reused


@pytest.fixture(scope="module")
def routing() -> dict:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--bindings", str(N), "--stack",
         "routing", "--latency-ms", "0", "--repeat", "1"],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, f"bench/run.py --stack routing exited {proc.returncode}:\n" \
                                 f"{proc.stderr}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_routing_stack_call_budget(routing: dict) -> None:
    assert routing["stack"] == "routing" and "error" not in routing
    assert routing["resources"] == 3 * N + 1
    assert routing["api_calls_preview"] == routing["api_calls_preview_empty"] == 0
    by_method = routing["api_calls_up_by_method"]
    for method, count in (("AddApplication", 1), ("AddRule", N), ("AddScenario", N),
                          ("BindScenario", N)):
        assert by_method[method] == count, (method, by_method)
    assert not any(m.startswith(("Set", "Del", "Reorder")) for m in by_method)
    assert routing["api_calls_up_per_resource"] <= 3
    destroy = routing["api_calls_destroy_by_method"]
    assert (destroy["DelRule"], destroy["DelScenario"], destroy["DelApplication"]) == (N, N, 1)


def test_routing_state_keeps_no_script_text(routing: dict) -> None:
    """Each scenario file is SCRIPT_BYTES long; state grows by far less per scenario."""
    from bench.run import SCRIPT_BYTES

    extra_per_n = (routing["state_bytes"] - routing["baseline_state_bytes"]) / N
    assert 0 < extra_per_n < SCRIPT_BYTES / 2


def test_inbound_stack_call_budget() -> None:
    """`--stack inbound`: per number one GetPhoneNumbers and one bind up, the same down."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--bindings", str(N), "--stack",
         "inbound", "--latency-ms", "0", "--repeat", "1"],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, f"bench/run.py --stack inbound exited {proc.returncode}:\n" \
                                 f"{proc.stderr}"
    inbound = json.loads(proc.stdout.strip().splitlines()[-1])
    assert inbound["stack"] == "inbound" and "error" not in inbound
    assert inbound["api_calls_preview"] == inbound["api_calls_preview_empty"] == 0
    up = inbound["api_calls_up_by_method"]
    assert (up["GetPhoneNumbers"], up["BindPhoneNumberToApplication"]) == (N, N)
    assert set(up) <= {"GetPhoneNumbers", "BindPhoneNumberToApplication", "GetApplications",
                       "GetRules"}, "never AttachPhoneNumber"
    assert inbound["api_calls_destroy_by_method"] == {"GetPhoneNumbers": N,
                                                      "BindPhoneNumberToApplication": N}
