"""The ownership model with the real CLI: no `pulumi` command loses live routing silently.

Every step is followed by the same audit: each rule on the emulator runs exactly what state
records (plus what was there before Pulumi and is not declared), each binding's scenarios in
its order, and `pulumi preview --expect-no-changes` passes, so "unchanged" is true.
Order-dependent cases run several rounds; every round must hold.
"""

from __future__ import annotations

import json
import socket
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind.emulator import running_emulator
from tests.support.cli_stack import Stack
from tests.support.pulumi_cli import pulumi_env

pytestmark = pytest.mark.e2e

ROUNDS = 5
SEED = {
    "applications": [
        {"name": "ivr", "rules": [
            {"name": "inbound", "pattern": "1.*", "scenarios": ["pre"]},
            {"name": "outbound", "pattern": "2.*", "scenarios": []},
        ]},
        {"name": "crm", "rules": [{"name": "leads", "pattern": ".*", "scenarios": []}]},
    ],
    "scenarios": [{"name": n, "application": "ivr"}
                  for n in ("pre", "a", "b", "x1", "greeting", "menu", "bye")]
                 + [{"name": "crm-only", "application": "crm"}, {"name": "shared-hello"}],
}
# What each rule ran before any stack existed; never declared by the tests unless said.
BASELINE = {"inbound": ["pre"], "outbound": []}
PROGRAM = textwrap.dedent("""
    import pulumi
    from pulumi_voxbind import ScenarioBinding

    made = {}
    for name, inputs in pulumi.Config().require_object("bindings").items():
        after = [made[n] for n in inputs.pop("after", [])]
        made[name] = ScenarioBinding(name, **inputs,
                                     opts=pulumi.ResourceOptions(depends_on=after))
        pulumi.export(name, made[name].adopted_scenario_ids)
""")


def on(rule: str, *scenarios: str, app: str = "ivr") -> dict[str, Any]:
    """Inputs of a binding by names."""
    return {"application_name": app, "rule_name": rule, "scenario_names": list(scenarios)}


class Audit(Stack):
    """A stack whose every step is checked against the emulator and a no-change preview."""

    baseline: dict[str, list[str]]

    def deploy(self, bindings: dict[str, dict[str, Any]], *args: str) -> str:
        self.config("bindings", bindings)
        out = self.pulumi("up", "--yes", "--skip-preview", *args)
        self.audit()
        return out

    def state(self) -> list[dict[str, Any]]:
        resources = json.loads(self.export())["deployment"].get("resources") or []
        return [r["outputs"] for r in resources if r["type"].endswith("voxbind:ScenarioBinding")]

    def audit(self) -> None:
        declared: dict[str, set[str]] = {rule: set() for rule in self.baseline}
        state = self.state()
        for outs in state:
            declared.setdefault(outs["rule_name"], set()).update(outs["scenario_names"])
        for rule, names in declared.items():
            live = self.bound(rule)
            expected = names | (set(self.baseline.get(rule, [])) - self.released)
            assert set(live) == expected, f"rule {rule!r} runs {live}, state says {expected}"
            for outs in state:
                if outs["rule_name"] == rule:
                    ours = [s for s in live if s in outs["scenario_names"]]
                    assert ours == outs["scenario_names"], f"order on {rule!r}: {live}"
        self.pulumi("preview", "--expect-no-changes")

    released: set[str] = set()  # baseline scenarios a test adopted and then let go

    def bound(self, rule: str) -> list[str]:
        """What a rule runs, in order, whichever application it is in (names are unique here)."""
        for app in self.api.iterate("GetApplications"):
            found = self.api.find_rule(app["application_id"], rule_name=rule)
            if found is not None:
                return [s["scenario_name"] for s in found.get("scenarios") or []]
        raise AssertionError(f"no rule named {rule!r}")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Audit]:
    with running_emulator(seed=SEED) as emu:
        env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=emu.url,
                         VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        s = Audit(tmp_path, emu, env, PROGRAM)
        s.baseline = dict(BASELINE)
        s.released = set()
        s.pulumi("stack", "init", "dev")
        yield s
        s.api.close()


def test_rename_and_forced_replace_keep_the_rule_bound(stack: Audit) -> None:
    stack.deploy({"greeting-flow": on("outbound", "greeting", "menu")})
    out = stack.deploy({"inbound-flow": on("outbound", "greeting", "menu")})
    assert "1 created" in out and "1 deleted" in out
    assert stack.bound("outbound") == ["greeting", "menu"]
    urn = next(line for line in stack.pulumi("stack", "--show-urns").splitlines()
               if "ScenarioBinding::inbound-flow" in line).split()[-1]
    stack.deploy({"inbound-flow": on("outbound", "greeting", "menu")}, "--replace", urn)
    assert stack.bound("outbound") == ["greeting", "menu"]
    stack.pulumi("destroy", "--yes")
    assert stack.bound("outbound") == []


def test_rule_renamed_outside_then_in_the_program(stack: Audit) -> None:
    stack.deploy({"flow": on("outbound", "greeting", "menu")})
    rule_id = stack.state()[0]["rule_id"]
    stack.api.call("SetRuleInfo", rule_id=int(rule_id), rule_name="outbound-v2")
    stack.baseline = {"inbound": ["pre"], "outbound-v2": []}
    out = stack.deploy({"flow": on("outbound-v2", "greeting", "menu")})
    assert "replaced" in out
    assert stack.bound("outbound-v2") == ["greeting", "menu"]


def test_bindings_sharing_a_scenario_in_one_stack(stack: Audit) -> None:
    stack.deploy({"sales": on("outbound", "a", "b"), "support": on("outbound", "b")})
    stack.deploy({"sales": on("outbound", "a", "b")})
    assert stack.bound("outbound") == ["a", "b"]
    stack.deploy({"support": on("outbound", "b")})  # sales removed: b stays, a goes
    assert stack.bound("outbound") == ["b"]


def test_moving_a_scenario_between_bindings_holds_every_round(stack: Audit) -> None:
    first = {"one": on("outbound", "a", "b"), "two": on("outbound", "x1")}
    moved = {"one": on("outbound", "a"), "two": on("outbound", "x1", "b")}
    stack.deploy(first)
    for _ in range(ROUNDS):
        stack.deploy(moved)
        assert set(stack.bound("outbound")) == {"a", "x1", "b"}
        stack.deploy(first)
        assert set(stack.bound("outbound")) == {"a", "b", "x1"}


def test_depends_on_fixes_the_order_between_bindings_on_one_rule(stack: Audit) -> None:
    program = {"base": on("outbound", "menu", "greeting"),
               "extra": {**on("outbound", "bye", "a"), "after": ["base"]}}
    for _ in range(2):  # a fresh deployment each time: the same order
        stack.deploy(program)
        assert stack.bound("outbound") == ["menu", "greeting", "bye", "a"]
        stack.pulumi("destroy", "--yes")
        assert stack.bound("outbound") == []


def test_adopted_scenarios_are_owned_and_reported(stack: Audit) -> None:
    out = stack.deploy({"flow": on("inbound", "pre", "greeting")})
    assert "were already bound" in out and "pre" in out, "adoption is announced"
    pre_id = stack.api.find_scenarios(["pre"])["pre"]["scenario_id"]
    adopted = json.loads(stack.pulumi("stack", "output", "flow", "--json"))
    assert adopted == [pre_id]
    stack.released = {"pre"}  # owned now: moving the binding takes it along
    stack.deploy({"flow": on("outbound", "pre", "greeting")})
    assert stack.bound("inbound") == [] and stack.bound("outbound") == ["pre", "greeting"]


def test_scenario_deleted_outside_never_wedges_an_update(stack: Audit) -> None:
    stack.deploy({"flow": on("outbound", "greeting", "menu", "bye")})
    menu = stack.api.find_scenarios(["menu"])["menu"]["scenario_id"]
    stack.api.call("DelScenario", scenario_id=menu)
    stack.pulumi("refresh", "--yes")
    stack.deploy({"flow": on("outbound", "greeting", "bye")})  # dropped from the program
    bye = stack.api.find_scenarios(["bye"])["bye"]["scenario_id"]
    stack.api.call("DelScenario", scenario_id=bye)
    stack.deploy({"flow": on("outbound", "greeting", "a")})  # changed without a refresh
    assert stack.bound("outbound") == ["greeting", "a"]
    stack.pulumi("destroy", "--yes")
    assert stack.bound("outbound") == []


def test_binding_a_deleted_scenario_by_id_says_what_to_do(stack: Audit) -> None:
    greeting = stack.api.find_scenarios(["greeting"])["greeting"]["scenario_id"]
    menu = stack.api.find_scenarios(["menu"])["menu"]["scenario_id"]
    stack.api.call("DelScenario", scenario_id=menu)
    stack.config("bindings", {"flow": {"rule_name": "outbound", "application_name": "ivr",
                                       "scenario_ids": [greeting, menu]}})
    out = stack.pulumi("up", "--yes", "--skip-preview", check=False)
    assert f"scenario id {menu} does not exist" in out and "fix scenario_ids" in out
    assert "pulumi refresh" in out and "Traceback" not in out
    assert stack.bound("outbound") == [], "a failed create leaves nothing bound"


def test_a_scenario_of_another_application_is_named(stack: Audit) -> None:
    stack.config("bindings", {"flow": on("outbound", "greeting", "crm-only")})
    out = stack.pulumi("up", "--yes", "--skip-preview", check=False)
    assert "'crm-only' belongs to application 'crm." in out and "scenario_names" in out
    assert "Traceback" not in out and "scenario_ids" not in out
    assert stack.bound("outbound") == []
    stack.deploy({"flow": on("outbound", "greeting", "shared-hello")})  # Shared ones are fine


def test_refresh_keeps_the_spelling_the_program_wrote(stack: Audit) -> None:
    stack.deploy({"flow": on("outbound", "greeting", "menu")})
    rule_id, greeting = stack.state()[0]["rule_id"], stack.state()[0]["scenario_ids"][0]
    stack.api.bind_scenarios(int(rule_id), [int(greeting)], bind=False)
    stack.pulumi("refresh", "--yes")
    resources = json.loads(stack.export())["deployment"]["resources"]
    inputs = next(r for r in resources if r["type"].endswith("ScenarioBinding"))["inputs"]
    assert inputs["application_name"] == "ivr" and inputs["scenario_names"] == ["menu"]
    preview = stack.pulumi("preview", "--diff")
    assert "~ application_name" not in preview and "~ scenario_names" in preview
    stack.deploy({"flow": on("outbound", "greeting", "menu")})


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_dead_endpoint_fails_fast_and_says_where(stack: Audit) -> None:
    bindings = {f"b{i}": on("outbound", n) for i, n in
                enumerate(("a", "b", "x1", "greeting", "menu", "bye"))}
    bindings.update({f"c{i}": on("leads", "shared-hello", app="crm") for i in range(6)})
    stack.baseline["leads"] = []
    stack.deploy(bindings)
    dead = f"http://127.0.0.1:{_closed_port()}/platform_api"
    stack.env["VOXIMPLANT_API_URL"] = dead
    started = time.monotonic()
    out = stack.pulumi("refresh", "--yes", check=False)
    elapsed = time.monotonic() - started
    assert f"cannot reach the Voximplant API at {dead}" in out
    assert "VOXIMPLANT_API_URL" in out and "Traceback" not in out
    print(f"refresh of 12 bindings against a closed port failed in {elapsed:.1f} s")
