"""A routing setup on the voxbind plugin, walked through its life with the real CLI.

Shared by tests/e2e/test_plugin_cli.py (YAML) and test_plugin_migration_cli.py (Python): the
program renderers per language, the stack driver, and `walk`, the steps both languages share.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator
from tests.support.pulumi_cli import REPO_ROOT, pulumi_env, run_pulumi

SEED = REPO_ROOT / "examples" / "full-routing" / "seed.json"
PLUGIN_DIR = REPO_ROOT / "pulumi_voxbind" / "plugin" / "bin"
SUMMARY = re.compile(r"\b(\d+) (created|updated|deleted|replaced|unchanged|imported)\b")
FULL = "{}.emulator.voximplant.com"


@dataclass
class Routing:
    """What the program declares; `render` turns it into a program in one language."""

    app: str = "ivr"
    vip: str = "vip"
    inbound: str = "inbound"
    greeting: str = "greeting"
    imported: dict[str, int] = field(default_factory=dict)  # app, rule, scenario ids


def yaml_program(r: Routing) -> str:
    """The Pulumi.yaml of a YAML project declaring `r`."""
    text = f"""\
name: voxbind-yaml
runtime: yaml
packages:
  voxbind: {PLUGIN_DIR}
resources:
  app:
    type: voxbind:index:Application
    properties: {{applicationName: {r.app}}}
  vip:
    type: voxbind:index:Rule
    properties: {{applicationId: "${{app.applicationId}}", ruleName: {r.vip}, rulePattern: "1.*"}}
  inbound:
    type: voxbind:index:Rule
    properties:
      applicationId: ${{app.applicationId}}
      ruleName: {r.inbound}
      rulePattern: ".*"
  order:
    type: voxbind:index:RuleOrder
    properties:
      applicationId: ${{app.applicationId}}
      ruleIds: ["${{vip.ruleId}}", "${{inbound.ruleId}}"]
  greeting:
    type: voxbind:index:Scenario
    properties:
      scenarioName: {r.greeting}
      scenarioScriptFile: scenarios/greeting.js
      applicationId: ${{app.applicationId}}
  menu:
    type: voxbind:index:Scenario
    properties: {{scenarioName: menu, scenarioScriptFile: scenarios/menu.js}}
  vipBinding:
    type: voxbind:index:ScenarioBinding
    properties:
      applicationId: ${{app.applicationId}}
      ruleId: ${{vip.ruleId}}
      scenarioIds: ["${{greeting.scenarioId}}", "${{menu.scenarioId}}"]
  inboundBinding:
    type: voxbind:index:ScenarioBinding
    properties:
      applicationId: ${{app.applicationId}}
      ruleId: ${{inbound.ruleId}}
      scenarioIds: ["${{menu.scenarioId}}"]
"""
    if r.imported:
        ids = r.imported
        # What `pulumi import` printed for these (without `protect`), the application's id
        # written as the reference it equals, so that destroy deletes them before it.
        text += f"""\
  extraRule:
    type: voxbind:index:Rule
    properties: {{applicationId: "${{app.applicationId}}", ruleName: extra, rulePattern: 9.*}}
  extraScenario:
    type: voxbind:index:Scenario
    properties:
      applicationId: ${{app.applicationId}}
      scenarioName: extra
      scenarioScript: "// extra"
  extraBinding:
    type: voxbind:index:ScenarioBinding
    properties:
      applicationId: ${{app.applicationId}}
      ruleId: {ids['rule']}
      scenarioIds: [{ids['scenario']}]
    options:
      dependsOn: ["${{extraRule}}", "${{extraScenario}}"]
"""
    return text


def python_program(module: str) -> Callable[[Routing], str]:
    """A `__main__.py` declaring `r` with `module` (the dynamic or the plugin classes)."""
    def render(r: Routing) -> str:
        text = f"""\
import {module} as voxbind

app = voxbind.Application("app", application_name="{r.app}")
vip = voxbind.Rule("vip", application_id=app.application_id, rule_name="{r.vip}",
                   rule_pattern="1.*")
inbound = voxbind.Rule("inbound", application_id=app.application_id,
                       rule_name="{r.inbound}", rule_pattern=".*")
voxbind.RuleOrder("order", application_id=app.application_id,
                  rule_ids=[vip.rule_id, inbound.rule_id])
greeting = voxbind.Scenario("greeting", scenario_name="{r.greeting}",
                            scenario_script_file="scenarios/greeting.js",
                            application_id=app.application_id)
menu = voxbind.Scenario("menu", scenario_name="menu", scenario_script_file="scenarios/menu.js")
voxbind.ScenarioBinding("vipBinding", application_id=app.application_id, rule_id=vip.rule_id,
                        scenario_ids=[greeting.scenario_id, menu.scenario_id])
voxbind.ScenarioBinding("inboundBinding", application_id=app.application_id,
                        rule_id=inbound.rule_id, scenario_ids=[menu.scenario_id])
"""
        if r.imported:
            ids = r.imported
            text += f"""\
import pulumi

extra_rule = voxbind.Rule("extraRule", application_id=app.application_id, rule_name="extra",
                          rule_pattern="9.*")
extra = voxbind.Scenario("extraScenario", application_id=app.application_id,
                         scenario_name="extra", scenario_script="// extra")
voxbind.ScenarioBinding("extraBinding", application_id=app.application_id,
                        rule_id={ids['rule']}, scenario_ids=[{ids['scenario']}],
                        opts=pulumi.ResourceOptions(depends_on=[extra_rule, extra]))
"""
        return text
    return render


class Stack:
    """One project directory, one stack, the emulator and a client to inspect it."""

    def __init__(self, root: Path, emu: RunningEmulator, language: str,
                 render: Callable[[Routing], str]) -> None:
        self.project = root / "project"
        (self.project / "scenarios").mkdir(parents=True)
        self.scripts = self.project / "scenarios"
        (self.scripts / "greeting.js").write_text("// greeting\n")
        (self.scripts / "menu.js").write_text("// menu\n")
        self.emu, self.language, self.render = emu, language, render
        self.env = pulumi_env(root, VOXIMPLANT_API_URL=emu.url,
                              VOXIMPLANT_CREDENTIALS=str(emu.credentials_path),
                              PULUMI_IGNORE_AMBIENT_PLUGINS="true")
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)
        if language == "python":
            (self.project / "Pulumi.yaml").write_text(
                "name: voxbind-python\nruntime:\n  name: python\n  options:\n"
                "    toolchain: pip\n")

    def write(self, routing: Routing) -> None:
        target = "Pulumi.yaml" if self.language == "yaml" else "__main__.py"
        (self.project / target).write_text(self.render(routing))

    def pulumi(self, *args: str, check: bool = True) -> str:
        proc = run_pulumi(["--non-interactive", *args], cwd=self.project, env=self.env,
                          check=check)
        return proc.stdout + proc.stderr

    def up(self) -> dict[str, int]:
        out = self.pulumi("up", "--yes", "--skip-preview")
        return summary(out)

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])

    def app(self, short: str) -> dict[str, Any]:
        (app,) = [a for a in self.emu.snapshot()["applications"]
                  if a["application_name"] == FULL.format(short)]
        return app

    def scenarios(self) -> dict[str, dict[str, Any]]:
        return {s["scenario_name"]: s for s in self.emu.snapshot()["scenarios"]}

    def routing(self, short: str) -> list[tuple[str, list[str]]]:
        names = {s["scenario_id"]: n for n, s in self.scenarios().items()}
        return [(r["rule_name"], [names[s] for s in r["scenarios"]])
                for r in self.app(short)["rules"]]

    def state(self) -> list[dict[str, Any]]:
        exported = json.loads(self.pulumi("stack", "export"))
        return list(exported["deployment"]["resources"])


def summary(out: str) -> dict[str, int]:
    tail = out[out.rindex("Resources:"):]
    return {kind: int(n) for n, kind in SUMMARY.findall(tail)}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def walk(stack: Stack, routing: Routing, seeded: dict[str, Any]) -> None:
    """The steps both languages share, from a stack that is up with `routing`."""
    assert stack.routing("ivr") == [("vip", ["greeting", "menu"]), ("inbound", ["menu"])]
    assert stack.scenarios()["greeting"]["script_sha256"] == sha(stack.scripts / "greeting.js")
    assert stack.scenarios()["menu"]["application_id"] is None, "the Shared folder"
    assert "// greeting" not in stack.pulumi("stack", "export"), "file scripts: path and hash"

    # a preview with nothing changed calls no API
    stack.emu.reset_stats()
    stack.pulumi("preview", "--expect-no-changes")
    assert stack.calls() == {}

    # a script edit is exactly one SetScenarioInfo
    (stack.scripts / "menu.js").write_text("// menu, press 2\n")
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 1, "unchanged": 8}
    assert stack.calls() == {"SetScenarioInfo": 1}
    assert stack.scenarios()["menu"]["script_sha256"] == sha(stack.scripts / "menu.js")

    # renames update in place: the ids stay, the preview shows updates only
    before = stack.emu.snapshot()
    routing.app, routing.inbound, routing.greeting = "callcenter", "everyone", "welcome"
    stack.write(routing)
    preview = stack.pulumi("preview")
    assert "~ 3 to update" in preview and "replace" not in preview, preview
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 3, "unchanged": 6}
    assert stack.calls() == {"SetApplicationInfo": 1, "SetRuleInfo": 1, "SetScenarioInfo": 1}
    after = stack.emu.snapshot()
    assert [s["scenario_id"] for s in after["scenarios"]] == \
        [s["scenario_id"] for s in before["scenarios"]]
    assert stack.routing("callcenter") == [("vip", ["welcome", "menu"]),
                                           ("everyone", ["menu"])]

    # outside edits are found by refresh and repaired by up
    good = stack.emu.snapshot()
    app = stack.app("callcenter")
    vip, everyone = (r["rule_id"] for r in app["rules"])
    menu = stack.scenarios()["menu"]["scenario_id"]
    stack.api.set_rule_info(vip, rule_name="vip-old", rule_pattern="0.*")
    stack.api.set_scenario_info(menu, scenario_script="// changed by hand\n")
    stack.api.reorder_rules([everyone, vip])
    stack.pulumi("refresh", "--yes")
    assert "~ 3 to update" in stack.pulumi("preview")
    stack.up()
    assert stack.emu.snapshot() == good

    # pulumi import of a rule, a scenario and a binding made outside Pulumi, then the program
    # declares them as `pulumi import` printed them: a clean preview
    app_id = app["application_id"]
    rule_id = stack.api.add_rule(app_id, "extra", "9.*")
    scenario_id = stack.api.add_scenario("extra", "// extra", application_id=app_id)
    stack.api.bind_scenarios(rule_id, [scenario_id], bind=True)
    for kind, name, id_ in (("Rule", "extraRule", f"{app_id}/{rule_id}"),
                            ("Scenario", "extraScenario", f"{scenario_id}"),
                            ("ScenarioBinding", "extraBinding",
                             f"{app_id}/{rule_id}/{scenario_id}")):
        # The Python stand-in host generates no code (tools/pulumi-cli/README.md); the YAML
        # host prints the declaration the program then uses.
        codegen = [] if stack.language == "yaml" else ["--generate-code=false"]
        out = stack.pulumi("import", f"voxbind:index:{kind}", name, id_, "--yes",
                           "--protect=false", *codegen)
        assert summary(out).get("imported") == 1, out
        if stack.language == "yaml":
            assert f"type: voxbind:{kind}" in out, out
    routing.imported = {"app": app_id, "rule": rule_id, "scenario": scenario_id}
    stack.write(routing)
    stack.emu.reset_stats()
    stack.pulumi("preview", "--expect-no-changes")
    assert stack.calls() == {}
    # an up records the program's dependencies of the imported resources (state has none)
    assert stack.up() == {"unchanged": 12}
    assert stack.calls() == {}

    # destroy leaves the emulator as seeded (the imported objects go too)
    stack.pulumi("destroy", "--yes")
    assert stack.emu.snapshot() == seeded
