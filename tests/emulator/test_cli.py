"""The command line as a subprocess: URL line, signals, persistence, seeding, faults, logging."""

from __future__ import annotations

import json
import re
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from tests.support.tls import self_signed_certificate

from .process import EmulatorProcess, read_json, run
from .support import SEED, Api

URL = re.compile(r"http://127\.0\.0\.1:\d+/platform_api")


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(SEED))
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_prints_the_url_first_and_exits_cleanly(tmp_path: Path, signum: int) -> None:
    creds = tmp_path / "creds.json"
    with EmulatorProcess("--credentials-out", str(creds)) as proc:
        assert URL.fullmatch(proc.url)
        api = Api(proc.url, read_json(creds))
        assert api.ok("GetApplications")["total_count"] == 0
        api.close()
        code, out, err = proc.stop(signum)
    assert (code, out, err) == (0, "", "")


def test_console_script_runs_the_same_cli(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "voxbind-emulator"
    creds = tmp_path / "creds.json"
    with EmulatorProcess("--credentials-out", str(creds), command=[str(script)]) as proc:
        assert URL.fullmatch(proc.url)
        assert proc.stop(signal.SIGINT)[0] == 0


def test_state_survives_a_restart(tmp_path: Path, seed_file: Path) -> None:
    args = (
        "--state",
        str(tmp_path / "state.db"),
        "--seed",
        str(seed_file),
        "--credentials-out",
        str(tmp_path / "creds.json"),
    )
    with EmulatorProcess(*args) as proc:
        api = Api(proc.url, read_json(tmp_path / "creds.json"))
        api.ok("AddScenario", scenario_name="late", application_name="ivr")
        api.ok(
            "BindScenario",
            rule_name="outbound",
            application_name="ivr",
            scenario_name=["late", "goodbye", "menu"],
        )
        order = [api.scenario_id(n) for n in ("menu", "late", "goodbye")]
        rule_id = api.rule("ivr", "outbound")["rule_id"]
        api.ok("ReorderScenarios", rule_id=rule_id, scenario_id=order)
        api.ok("DelRule", rule_name="inbound", application_name="other")
        before = {
            m: api.ok(m, **p)
            for m, p in [
                ("GetApplications", {}),
                ("GetScenarios", {"count": 100}),
                ("GetRules", {"application_name": "ivr", "with_scenarios": True}),
                ("GetRules", {"application_name": "other"}),
            ]
        }
        api.close()
        assert proc.stop()[0] == 0
    key_id = read_json(tmp_path / "creds.json")["key_id"]
    with EmulatorProcess(*args) as proc:  # same seed again: nothing is duplicated or re-created
        assert read_json(tmp_path / "creds.json")["key_id"] == key_id
        api = Api(proc.url, read_json(tmp_path / "creds.json"))
        after = {
            m: api.ok(m, **p)
            for m, p in [
                ("GetApplications", {}),
                ("GetScenarios", {"count": 100}),
                ("GetRules", {"application_name": "ivr", "with_scenarios": True}),
                ("GetRules", {"application_name": "other"}),
            ]
        }
        assert after == before
        assert api.bound("ivr", "outbound") == ["menu", "late", "goodbye"]
        assert after["GetRules"]["total_count"] == 0  # the deleted rule was not re-seeded
        # ids keep counting up after a restart instead of being reused
        new_id = api.ok("AddScenario", scenario_name="later")["scenario_id"]
        assert new_id > max(s["scenario_id"] for s in after["GetScenarios"]["result"])
        api.close()
        assert proc.stop()[0] == 0


def test_credentials_are_reused_with_state_and_regenerated_without(tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"
    state = tmp_path / "state.db"
    with EmulatorProcess("--state", str(state), "--credentials-out", str(creds)) as proc:
        proc.stop()
    first = creds.read_text()
    assert stat.S_IMODE(creds.stat().st_mode) == 0o600
    with EmulatorProcess("--state", str(state), "--credentials-out", str(creds)) as proc:
        assert creds.read_text() == first
        proc.stop()
    with EmulatorProcess("--credentials-out", str(creds)) as proc:  # fresh in-memory state
        new = read_json(creds)
        assert new["key_id"] != json.loads(first)["key_id"]
        old_api = Api(proc.url, json.loads(first))
        assert old_api.error("GetApplications")[0] == 433
        old_api.close()
        proc.stop()


def test_fault_injection_is_reproducible_across_runs(tmp_path: Path) -> None:
    def sequence(random_seed: str) -> list[str]:
        creds = tmp_path / f"creds-{random_seed}.json"
        args = ("--credentials-out", str(creds), "--fail-rate", "0.5", "--random-seed", random_seed)
        with EmulatorProcess(*args) as proc:
            api = Api(proc.url, read_json(creds))
            seen = []
            for _ in range(30):
                response = api.response("GetApplications")
                body = response.json() if response.status_code == 200 else {}
                seen.append(str(body.get("error", {}).get("code", response.status_code)))
            api.close()
            proc.stop()
        return seen

    first = sequence("7")
    assert set(first) == {"200", "2", "340", "503"}
    assert sequence("7") == first
    assert sequence("8") != first


def test_latency_flag_delays_each_request(tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"
    with EmulatorProcess("--credentials-out", str(creds), "--latency-ms", "300") as proc:
        api = Api(proc.url, read_json(creds))
        api.ok("GetApplications")
        start = time.monotonic()
        api.ok("GetApplications")
        assert time.monotonic() - start >= 0.3
        api.close()
        proc.stop()


def test_verbose_logs_method_names_but_no_secrets(tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"
    with EmulatorProcess("--credentials-out", str(creds), "--verbose") as proc:
        api = Api(proc.url, read_json(creds))
        api.ok("GetApplications")
        api.error("GetRules")
        api.response("Evil\x1b[2J")
        api.close()
        code, out, err = proc.stop()
    assert code == 0
    assert "GetApplications -> ok" in err
    assert "GetRules -> error 134" in err
    assert "(unknown) -> error 103" in err
    for secret in ("Bearer", "PRIVATE KEY", read_json(creds)["key_id"], "\x1b"):
        assert secret not in err + out


def test_stats_endpoint_of_the_process(tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"
    with EmulatorProcess("--credentials-out", str(creds)) as proc:
        api = Api(proc.url, read_json(creds))
        api.ok("GetApplications")
        api.session.post(f"{proc.base_url}/_emulator/reset-stats")
        api.ok("GetApplications")
        stats = api.session.get(f"{proc.base_url}/_emulator/stats").json()
        assert stats == {"total": 1, "requests": {"GetApplications": 1}}
        api.close()
        proc.stop()


def test_bad_seed_exits_2_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "seed.json"
    bad.write_text(
        json.dumps(
            {"applications": [{"name": "ivr", "rules": [{"name": "r", "scenarios": ["missing"]}]}]}
        )
    )
    result = run("--seed", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "rule 'r' in application 'ivr': API error 168" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert run("--fail-rate", "1.5").returncode == 2
    assert run("--port", "notaport").returncode == 2
    assert run("--seed", str(tmp_path / "missing.json")).returncode == 2


def test_tls_flags_serve_https(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The official clients only speak https: --tls-cert/--tls-key make the CLI serve it."""
    cert, key = self_signed_certificate(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # requests prefers it to session.verify
    creds = tmp_path / "creds.json"
    args = ("--credentials-out", str(creds), "--tls-cert", str(cert), "--tls-key", str(key))
    with EmulatorProcess(*args) as proc:
        assert re.fullmatch(r"https://127\.0\.0\.1:\d+/platform_api", proc.url)
        api = Api(proc.url, read_json(creds))
        assert api.ok("GetApplications", form="chunked")["total_count"] == 0
        api.close()
        assert proc.stop()[0] == 0


def test_unusable_tls_files_exit_2(tmp_path: Path) -> None:
    cert, _ = self_signed_certificate(tmp_path)
    result = run("--tls-cert", str(cert))  # no key, and the cert file holds none
    assert result.returncode == 2
    assert "cannot load --tls-cert/--tls-key" in result.stderr
    assert run("--tls-key", str(cert)).returncode == 2  # a key without a certificate


def test_busy_port_exits_2(tmp_path: Path) -> None:
    with EmulatorProcess("--credentials-out", str(tmp_path / "c.json")) as proc:
        port = proc.url.split(":")[2].split("/")[0]
        result = run("--port", port)
        assert result.returncode == 2
        assert "cannot listen" in result.stderr
        proc.stop()
