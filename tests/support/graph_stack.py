"""A routing graph from stack config, driven by the real CLI, audited after every step.

The program declares Applications, Rules, Scenarios, RuleOrders and ScenarioBindings from a
JSON list in config (`graph`), so one stack can walk through a whole story of edits. The
audit reads the account over the emulator's own snapshot endpoint, never through the client
under test, and checks it against `pulumi stack export`: every object in state exists as
state says, each binding's scenarios run on its rule in its order, no managed rule runs
anything no binding declares, each RuleOrder's rules come first, nothing is pending; and
then that `pulumi preview --expect-no-changes` passes, so "unchanged" is true.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from tests.support.cli_stack import Stack

PROGRAM = textwrap.dedent("""
    import pulumi
    from pulumi_voxbind import Application, Rule, RuleOrder, Scenario, ScenarioBinding

    KINDS = {"app": Application, "rule": Rule, "scenario": Scenario, "order": RuleOrder,
             "binding": ScenarioBinding}
    made = {}

    def output(ref):
        name, attr = ref.split(".")
        return getattr(made[name], attr)

    for item in pulumi.Config().require_object("graph"):
        args = dict(item.get("args") or {})
        for key, ref in (item.get("refs") or {}).items():
            args[key] = [output(r) for r in ref] if isinstance(ref, list) else output(ref)
        opts = pulumi.ResourceOptions(depends_on=[made[n] for n in item.get("after", [])])
        made[item["name"]] = KINDS[item["kind"]](item["name"], **args, opts=opts)
""")

TYPE = "pulumi-python:dynamic/voxbind:{}"


def item(kind: str, name: str, after: tuple[str, ...] = (), refs: dict[str, Any] | None = None,
         **args: Any) -> dict[str, Any]:
    """One resource of the graph: kind, Pulumi name, plain inputs, outputs it references
    (`{"application_id": "app.application_id"}`) and names it depends on."""
    return {"kind": kind, "name": name, "args": args, "refs": refs or {},
            "after": list(after)}


class GraphStack(Stack):
    """A Stack whose program is the graph in config."""

    def deploy(self, graph: list[dict[str, Any]], *args: str, check: bool = True) -> str:
        self.config("graph", graph)
        out = self.pulumi("up", "--yes", "--skip-preview", *args, check=check)
        return out

    def resources(self) -> list[dict[str, Any]]:
        deployment = json.loads(self.export())["deployment"]
        assert not deployment.get("pending_operations"), deployment.get("pending_operations")
        return [r for r in deployment.get("resources") or [] if "voxbind:" in r["type"]]

    def state(self, kind: str, resources: list[dict[str, Any]] | None = None
              ) -> dict[str, dict[str, Any]]:
        """Outputs of every resource of a kind, by Pulumi name."""
        return {r["urn"].rsplit("::", 1)[1]: r["outputs"]
                for r in (self.resources() if resources is None else resources)
                if r["type"] == TYPE.format(kind)}

    def account(self) -> dict[str, Any]:
        return self.emu.snapshot()

    def audit(self, *, preview: bool = True) -> None:
        """Account == state, then an honest no-change preview."""
        snap = self.account()
        resources = self.resources()

        def state(kind: str) -> dict[str, dict[str, Any]]:
            return self.state(kind, resources)

        apps = {a["application_id"]: a for a in snap["applications"]}
        rules = {r["rule_id"]: (a, r) for a in snap["applications"] for r in a["rules"]}
        scenarios = {s["scenario_id"]: s for s in snap["scenarios"]}
        for name, outs in state("Application").items():
            app = apps.get(int(outs["application_id"]))
            assert app is not None, f"Application {name}: id {outs['application_id']} is gone"
            assert app["application_name"] == outs["application_name"], (name, app, outs)
        for name, outs in state("Rule").items():
            found = rules.get(int(outs["rule_id"]))
            assert found is not None, f"Rule {name}: id {outs['rule_id']} is gone"
            app, rule = found
            assert app["application_id"] == int(outs["application_id"]), name
            if "application_name" in outs.get("declared", {}):  # named by name: kept current
                assert app["application_name"] == outs["application_name"], (name, outs)
            assert (rule["rule_name"], rule["rule_pattern"],
                    rule["rule_pattern_exclude"] or None) == \
                (outs["rule_name"], outs["rule_pattern"], outs.get("rule_pattern_exclude")), name
        for name, outs in state("Scenario").items():
            live = scenarios.get(int(outs["scenario_id"]))
            assert live is not None, f"Scenario {name}: id {outs['scenario_id']} is gone"
            assert live["scenario_name"] == outs["scenario_name"], name
            assert live["application_id"] == (int(outs["application_id"])
                                              if outs.get("application_id") else None), name
            assert live["script_sha256"] == outs["script_sha256"], name
            if "application_name" in outs.get("declared", {}):
                assert apps[live["application_id"]]["application_name"] == \
                    outs["application_name"], (name, outs)
        declared: dict[int, set[int]] = {}
        for name, outs in state("ScenarioBinding").items():
            found = rules.get(int(outs["rule_id"]))
            assert found is not None, f"ScenarioBinding {name}: rule {outs['rule_id']} is gone"
            ours = [int(s) for s in outs["scenario_ids"]]
            running = [s for s in found[1]["scenarios"] if s in ours]
            assert running == ours, f"ScenarioBinding {name}: rule runs {found[1]['scenarios']}"
            declared.setdefault(int(outs["rule_id"]), set()).update(ours)
        for name, outs in state("Rule").items():
            running = set(rules[int(outs["rule_id"])][1]["scenarios"])
            extra = running - declared.get(int(outs["rule_id"]), set())
            assert not extra, f"Rule {name} runs {extra}, which no binding in state declares"
        for name, outs in state("RuleOrder").items():
            app = apps[int(outs["application_id"])]
            first = [r["rule_id"] for r in app["rules"]][:len(outs["rule_ids"])]
            assert first == [int(r) for r in outs["rule_ids"]], (name, app["rules"])
        if preview:
            self.pulumi("preview", "--expect-no-changes")

    def routing(self, short: str) -> list[tuple[str, list[str]]]:
        """An application's rules in routing order, each with its scenarios' names."""
        snap = self.account()
        names = {s["scenario_id"]: s["scenario_name"] for s in snap["scenarios"]}
        (app,) = [a for a in snap["applications"]
                  if a["application_name"].split(".")[0] == short]
        return [(r["rule_name"], [names[s] for s in r["scenarios"]]) for r in app["rules"]]
