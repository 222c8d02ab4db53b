"""Faults during real `pulumi up`/`destroy` runs against the emulator process.

"Converges" means: the command succeeds (the client retries what is transient), or at worst a
plain re-run of the same command succeeds, with no manual step; and afterwards what state says
is bound is exactly what the emulator has bound, rule by rule and in order, with no pending
operations (``assert_state_matches_reality``). The one exception, by Pulumi's design, is a
killed `pulumi` process: its lock and pending operations need the recovery documented in
docs/reliability.md, which test_pulumi_killed_mid_up_recovers runs step by step.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import threading
import time
from typing import Any

import pytest

from .harness import (
    APP,
    Lab,
    Run,
    Stack,
    assert_state_matches_reality,
    by_names,
    count_retries,
    descendants,
    kill_pids,
    seed,
    wait_for,
)

pytestmark = pytest.mark.e2e

N = 50


def _converge(stack: Stack, command: str, *extra: str) -> list[Run]:
    """Run `pulumi up`/`destroy`; re-run once if it failed. Both failing fails the test."""
    runs = [getattr(stack, command)(*extra, check=False)]
    if runs[0].returncode != 0:
        runs.append(getattr(stack, command)(*extra, check=False))
    assert runs[-1].returncode == 0, runs[-1].output[-4000:]
    return runs


def _delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}


def _kill_tree(proc: subprocess.Popen[str], plugins: list[int]) -> None:
    """Make sure a `pulumi` we started is gone, and the plugin processes it started too."""
    if proc.poll() is None:
        plugins = plugins or descendants(proc.pid)
        proc.kill()
        proc.wait(timeout=20)
    kill_pids(plugins)


def _mixed_bindings(emu: Any) -> list[dict[str, Any]]:
    """50 bindings: four in five by names, every fifth by ids (application, rule, scenarios)."""
    with emu.faults_paused():
        rules, scenarios = emu.rule_ids(), emu.scenario_ids()
        app_id = emu.api.ok("GetApplications", count=10)["result"][0]["application_id"]
    bindings = []
    for i in range(N):
        if i % 5 == 4:
            bindings.append({"name": f"b{i:02d}", "args": {
                "application_id": app_id, "rule_id": rules[f"r{i:02d}"],
                "scenario_ids": [scenarios[f"s{i:02d}-a"], scenarios[f"s{i:02d}-b"]]}})
        else:
            bindings.append(by_names(i))
    return bindings


def test_transient_failures_30_percent_up_and_destroy_converge(lab: Lab,
                                                               record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(N), "--fail-rate", "0.3", "--random-seed", "11")
    stack = lab.stack(emu)
    stack.declare(_mixed_bindings(emu))

    for phase, command, random_seed in (("up", "up", 11), ("destroy", "destroy", 12)):
        emu.faults(fail_rate=0.3, random_seed=random_seed)
        before_stats, before = emu.stats(), emu.outcomes()
        started = time.monotonic()
        runs = _converge(stack, command)
        outcomes = _delta(emu.outcomes(), before)
        retries = count_retries("".join(r.output for r in runs))
        record[phase] = {
            "runs": len(runs), "exit_codes": [r.returncode for r in runs],
            "api_requests": emu.stats()["total"] - before_stats["total"],
            "injected_failures": outcomes.get("injected", 0), "outcomes": outcomes,
            "client_retries": retries, "seconds": round(time.monotonic() - started, 1),
        }
        # The faults really were there, and the client absorbed them.
        assert outcomes.get("injected", 0) >= 20, outcomes
        if len(runs) == 1:  # every injected failure was retried, and nothing else was
            assert sum(retries.values()) == outcomes["injected"], (retries, outcomes)
        with emu.faults_paused():
            expected = assert_state_matches_reality(stack, emu)
            live = emu.reality()
        if phase == "up":
            assert len(stack.bindings()) == N
            assert len(expected) == N and all(len(ids) == 2 for ids in expected.values())
            # Declared order on every rule: sNN-a before sNN-b.
            with emu.faults_paused():
                names = {v: k for k, v in emu.scenario_ids().items()}
            assert all([names[i] for i in live[f"r{n:02d}"]] == [f"s{n:02d}-a", f"s{n:02d}-b"]
                       for n in range(N))
            stack.pulumi("preview", "--expect-no-changes")
        else:
            assert stack.bindings() == {}
            assert not any(live.values()), live
    record["secret_scan"] = lab.scan()


def test_permanent_error_fails_only_that_binding(lab: Lab, record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(N))
    stack = lab.stack(emu)
    good = [by_names(i) for i in range(N)]
    bad = list(good)
    bad[7] = by_names(7, scenario_names=["s07-a", "no-such-scenario"])  # our resolution error
    bad[13] = {"name": "b13", "args": {"application_name": APP, "rule_name": "r13",
                                       "scenario_ids": [99999]}}  # the API's error 132
    stack.declare(bad)

    # Pulumi's default: stop scheduling new operations at the first error.
    first = stack.up(check=False)
    assert first.returncode != 0
    created_by_default = len(stack.bindings())
    assert created_by_default < N - 2

    # --continue-on-error: every other binding goes through in the same run.
    emu.reset_stats()
    run = stack.up("--continue-on-error", check=False)
    assert run.returncode != 0
    errored = set(re.findall(r"ScenarioBinding \((b\d\d)\):\n\s+error:", run.stdout))
    assert errored == {"b07", "b13"}, run.stdout[-3000:]
    assert ("scenario_names ['no-such-scenario'] match no scenario of application "
            "'ivr.emulator.voximplant.com' or the Shared folder exactly") in run.stdout
    assert ("binding scenarios [99999] to rule 'r13'" in run.stdout
            and "BindScenario failed: API error 132: The 'scenario_id' parameter is invalid"
            in run.stdout and "scenario id 99999 does not exist" in run.stdout
            and "fix scenario_ids" in run.stdout), run.stdout[-3000:]
    assert set(stack.bindings()) == {f"b{i:02d}" for i in range(N)} - {"b07", "b13"}
    expected = assert_state_matches_reality(stack, emu)
    assert "r07" not in expected and "r13" not in expected
    assert emu.reality()["r07"] == [] and emu.reality()["r13"] == []
    continue_stats = emu.stats()

    stack.declare(good)
    fixed = stack.up()
    assert "+ 2 created" in fixed.stdout, fixed.stdout[-1500:]
    expected = assert_state_matches_reality(stack, emu)
    assert len(expected) == N
    stack.pulumi("preview", "--expect-no-changes")
    record.update({
        "default_run": {"exit_code": first.returncode, "bindings_created": created_by_default},
        "continue_on_error_run": {"exit_code": run.returncode, "errored": sorted(errored),
                                  "bindings_created": N - 2,
                                  "api_requests": continue_stats["total"]},
        "fixed_rerun": {"exit_code": fixed.returncode, "bindings_in_state": N},
        "secret_scan": lab.scan(),
    })


def test_emulator_killed_and_restarted_mid_up(lab: Lab, record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(N), "--latency-ms", "40")
    stack = lab.stack(emu)
    stack.declare([by_names(i) for i in range(N)])

    proc = stack.popen("up", "--yes", "--skip-preview")
    try:
        wait_for(lambda: emu.stats()["requests"].get("BindScenario", 0) >= 20, 120,
                 "20 BindScenario calls")
        before_kill = emu.stats()
        emu.kill()  # SIGKILL: requests in flight are cut, nothing is closed cleanly
        time.sleep(1.0)
        emu.restart()  # same port, same --state file
        code = proc.wait(timeout=240)
    finally:
        _kill_tree(proc, [])
    log = sorted(stack.work.glob("cli-*.log"))[-1].read_text()
    after_restart = emu.stats()
    runs = [] if code == 0 else _converge(stack, "up")
    rerun = stack.up()
    assert "51 unchanged" in rerun.stdout, rerun.stdout[-1500:]
    expected = assert_state_matches_reality(stack, emu)
    assert len(expected) == N
    retries = count_retries(log)
    assert retries.get("connection error", 0) >= 1, log[-3000:]  # the outage was felt
    record.update({
        "interrupted_up_exit_code": code, "extra_runs_needed": len(runs),
        "api_requests_before_kill": before_kill["total"],
        "bind_calls_before_kill": before_kill["requests"].get("BindScenario", 0),
        "api_requests_after_restart": after_restart["total"],
        "client_retries": retries, "rerun": "51 unchanged", "bindings_in_state": N,
        "secret_scan": lab.scan(),
    })


def test_pulumi_killed_mid_up_recovers(lab: Lab, record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(N), "--latency-ms", "300")
    stack = lab.stack(emu)
    stack.declare([by_names(i) for i in range(N)])

    proc = stack.popen("up", "--yes", "--skip-preview")
    plugins: list[int] = []
    try:
        wait_for(lambda: emu.stats()["requests"].get("BindScenario", 0) >= 15, 180,
                 "15 BindScenario calls")
        plugins = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        _kill_tree(proc, plugins)
    # A CI runner killing the job takes the plugins with it (done above, by pid); the
    # emulator still finishes the requests it had received.
    time.sleep(0.6)
    emu.faults(latency_ms=0)

    deployment = stack.export()["deployment"]
    pending = deployment.get("pending_operations") or []
    in_state = {r["outputs"]["rule_name"] for r in deployment.get("resources") or []
                if r["type"].endswith("ScenarioBinding")}
    bound = {rule for rule, ids in emu.reality().items() if ids}
    locks = stack.lock_files()
    assert len(locks) == 1 and pending, (locks, pending)
    assert bound - in_state, "the kill should leave bindings that state does not record"

    blocked = stack.up(check=False)
    assert blocked.returncode != 0 and "the stack is currently locked" in blocked.output

    # The recovery, as documented in docs/reliability.md.
    stack.pulumi("cancel", "--yes")
    assert stack.lock_files() == []
    stack.pulumi("refresh", "--yes", "--clear-pending-creates")
    assert not stack.export()["deployment"].get("pending_operations")
    up = stack.up()
    expected = assert_state_matches_reality(stack, emu)
    assert len(expected) == N
    stack.pulumi("refresh", "--yes", "--expect-no-changes")
    stack.pulumi("preview", "--expect-no-changes")
    record.update({
        "bind_calls_at_kill": 15, "plugin_processes_killed": len(plugins),
        "lock_files_left": len(locks), "pending_operations_left": len(pending),
        "pending_types": sorted({p["type"] for p in pending}),
        "bindings_in_state_after_kill": len(in_state), "rules_bound_after_kill": len(bound),
        "bound_but_not_in_state": len(bound - in_state),
        "plain_up_blocked": True,
        "recovery_up_created": int(re.search(r"\+ (\d+) created", up.stdout).group(1)),
        "bindings_in_state": N, "secret_scan": lab.scan(),
    })


class HungServer:
    """Accepts TCP connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/platform_api"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()
        self.thread.join(5)


def test_hung_api_fails_within_the_deadline(lab: Lab, record: dict[str, Any]) -> None:
    deadline = 3.0
    emu = lab.emulator(seed(1))  # only for its key file
    hung = HungServer()
    try:
        stack = lab.stack(emu, VOXIMPLANT_API_URL=hung.url, VOXBIND_API_DEADLINE=f"{deadline:g}")
        stack.declare([by_names(0)])
        started = time.monotonic()
        run = stack.up(check=False)
        wall = time.monotonic() - started
    finally:
        hung.close()
    assert run.returncode != 0
    assert len(hung.connections) >= 1
    message = re.search(r"error: ScenarioBinding: (looking up the application.*)", run.stdout)
    assert message, run.stdout[-3000:]
    assert ("GetApplications failed: no response within 3 s (read timeout; read_timeout=30 s, "
            "deadline=3 s)") in message.group(1)
    gave_up = re.search(r"gave up after (\d+) attempts? in ([\d.]+) s", message.group(1))
    assert gave_up, message.group(1)
    assert float(gave_up.group(2)) <= deadline + 1.0
    assert wall < deadline + 60  # the whole CLI run, startup included: generous margin
    record.update({"deadline_s": deadline, "connections_accepted": len(hung.connections),
                   "provider_gave_up_after_s": float(gave_up.group(2)),
                   "attempts": int(gave_up.group(1)), "cli_wall_s": round(wall, 1),
                   "message": message.group(1), "secret_scan": lab.scan()})
