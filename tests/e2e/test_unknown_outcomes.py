"""examples/full-routing when outcomes are unknown: replies lost after the API acted, and
`pulumi` killed midway; each converges with commands alone (issue 17, reproductions 3-4).

After every step the account (the emulator's snapshot) must equal state and a no-change
preview must pass (tests/support/graph_stack.py). Lost replies come from the emulator's
lost-reply mode: each write method loses the reply of its next successful call, alternately
by closing the connection and by a gateway 503.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_voxbind.emulator import running_emulator
from tests.reliability.harness import descendants, kill_pids, wait_for
from tests.support.graph_stack import GraphStack
from tests.support.pulumi_cli import REPO_ROOT, pulumi_bin_dir, pulumi_env

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "examples" / "full-routing"
RECOVERY = (("cancel", "--yes"), ("refresh", "--yes", "--clear-pending-creates"))


class Example(GraphStack):
    """examples/full-routing as a stack, with the program's text editable."""

    def edit(self, old: str, new: str) -> None:
        main = self.project / "__main__.py"
        text = main.read_text()
        assert old in text, old
        main.write_text(text.replace(old, new))

    def lose(self, *methods: str) -> None:
        """The next successful call of each method loses its reply."""
        replies = itertools.cycle(("close", "503"))
        self.emu.lose_replies(clear=True, **{m: {"count": 1, "reply": next(replies)}
                                             for m in methods})

    def lost(self) -> dict[str, int]:
        return {m: r["lost"] for m, r in self.emu.emulator.lost_replies.settings().items()}

    def killed_midway(self, command: str, method: str) -> str:
        """Run `pulumi <command>`, SIGKILL it and its plugins once `method` is on the wire
        (the API still completes it), then run the documented recovery."""
        with (self.project.parent / f"killed-{command}.log").open("w") as log:
            proc = subprocess.Popen(
                [str(pulumi_bin_dir() / "pulumi"), "--non-interactive", command, "--yes",
                 *(("--skip-preview",) if command == "up" else ())],
                cwd=self.project, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for(lambda: self.emu.stats()["requests"].get(method, 0) >= 1, 120,
                     f"{method} during pulumi {command}")
        finally:
            pids = [proc.pid, *descendants(proc.pid)]
            kill_pids(pids)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        time.sleep(1.0)  # the request in flight completes on the API (latency 300 ms)
        self.emu.set_faults(latency_ms=0)
        journal = list((self.project.parent / "pulumi-home" / "voxbind" / "journal")
                       .glob("*.json"))
        entries = sum(len(json.loads(p.read_text())) for p in journal)
        print(f"killed pulumi {command} during {method}: {self.emu.stats()['total']} API "
              f"requests so far, {entries} journal entries left")
        for args in RECOVERY:
            self.pulumi(*args)
        return self.pulumi(command, "--yes", "--skip-preview" if command == "up" else "-f")


@pytest.fixture
def example(tmp_path: Path) -> Iterator[Example]:
    with running_emulator(seed=EXAMPLE / "seed.json") as emu:
        env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=emu.url,
                         VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        s = Example(tmp_path, emu, env, (EXAMPLE / "__main__.py").read_text())
        shutil.copytree(EXAMPLE / "scenarios", s.project / "scenarios")
        s.pulumi("stack", "init", "dev")
        yield s
        s.api.close()


def test_lost_replies_of_every_write_method_converge(example: Example) -> None:
    seeded = example.account()
    # up: every create and the binds lose their first reply (new rules are already in the
    # order RuleOrder asks for, so ReorderRules comes with the updates below)
    example.lose("AddApplication", "AddScenario", "AddRule", "BindScenario")
    example.emu.reset_stats()
    example.pulumi("up", "--yes", "--skip-preview")
    print(f"up: {example.emu.stats()['requests']}")
    assert example.lost() == dict.fromkeys(("AddApplication", "AddScenario", "AddRule",
                                            "BindScenario"), 1)
    example.audit()
    snap = example.account()
    assert len(snap["applications"]) == 2 and len(snap["scenarios"]) == 5, "nothing twice"
    assert example.routing("ivr") == [("vip", ["greeting", "menu"]), ("inbound", ["voicemail"])]

    # updates: a rename of each object, a script, the rule order and a binding's order
    example.pulumi("config", "set", "application", "callcenter")
    example.edit('rule_name="inbound"', 'rule_name="everyone"')
    example.edit('scenario_name="greeting"', 'scenario_name="welcome"')
    example.edit("rule_ids=[vip.rule_id, inbound.rule_id]",
                 "rule_ids=[inbound.rule_id, vip.rule_id]")
    example.edit("scenario_ids=[greeting.scenario_id, menu.scenario_id]",
                 "scenario_ids=[menu.scenario_id, greeting.scenario_id]")
    example.lose("SetApplicationInfo", "SetRuleInfo", "SetScenarioInfo", "ReorderRules",
                 "ReorderScenarios")
    example.emu.reset_stats()
    example.pulumi("up", "--yes", "--skip-preview")
    print(f"update: {example.emu.stats()['requests']}")
    assert example.lost() == dict.fromkeys(("SetApplicationInfo", "SetRuleInfo",
                                            "SetScenarioInfo", "ReorderRules",
                                            "ReorderScenarios"), 1)
    example.audit()
    assert example.routing("callcenter") == [("everyone", ["voicemail"]),
                                             ("vip", ["menu", "welcome"])]

    # destroy: every unbind and delete loses its first reply
    example.lose("BindScenario", "DelRule", "DelScenario", "DelApplication")
    example.emu.reset_stats()
    example.pulumi("destroy", "--yes")
    print(f"destroy: {example.emu.stats()['requests']}")
    assert example.lost() == dict.fromkeys(("BindScenario", "DelRule", "DelScenario",
                                            "DelApplication"), 1)
    assert example.account() == seeded
    print(f"lost replies: {example.lost()}")


def test_killed_midway_create_update_delete_recover_with_commands(example: Example) -> None:
    seeded = example.account()
    # create: killed while AddRule is on the wire; the rule is made, Pulumi never hears of it
    example.emu.set_faults(latency_ms=300)
    out = example.killed_midway("up", "AddRule")
    example.audit()
    assert [r["rule_name"] for r in example.account()["applications"][-1]["rules"]] == \
        ["vip", "inbound"], "each rule once, in order"
    assert "was made by this stack" in out, out

    # update: killed while SetRuleInfo is on the wire
    example.edit(r'rule_pattern=r"\+1555\d+"', r'rule_pattern=r"\+1556\d+"')
    example.emu.reset_stats()
    example.emu.set_faults(latency_ms=300)
    example.killed_midway("up", "SetRuleInfo")
    example.audit()
    assert example.state("Rule")["vip"]["rule_pattern"] == r"\+1556\d+"

    # delete: destroy killed while DelRule is on the wire
    example.emu.reset_stats()
    example.emu.set_faults(latency_ms=300)
    example.killed_midway("destroy", "DelRule")
    assert example.account() == seeded
    assert example.resources() == []
