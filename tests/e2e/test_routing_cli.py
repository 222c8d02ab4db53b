"""examples/full-routing through the real `pulumi` CLI, one stack walked through its life.

Offline: a directory project, a file backend and the emulator seeded with the example's own
seed. After every step the emulator (the API's view) is checked, and the API calls a step
makes are counted by the emulator's per-method statistics.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.support.pulumi_cli import REPO_ROOT, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "examples" / "full-routing"
FULL = "{}.emulator.voximplant.com"
SUMMARY = re.compile(r"\b(\d+) (created|updated|deleted|replaced|unchanged)\b")


class Stack:
    """The example copied to a temp dir, one stack, the emulator and a client to inspect it."""

    def __init__(self, root: Path, emu: RunningEmulator) -> None:
        self.project = root / "project"
        shutil.copytree(EXAMPLE, self.project)
        self.emu = emu
        self.env = pulumi_env(root, VOXIMPLANT_API_URL=emu.url,
                              VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)

    def pulumi(self, *args: str, check: bool = True) -> str:
        proc = run_pulumi(["--non-interactive", *args], cwd=self.project, env=self.env,
                          check=check)
        return proc.stdout + proc.stderr

    def up(self) -> dict[str, int]:
        """`pulumi up`; returns its summary, e.g. {"updated": 1, "unchanged": 9}."""
        out = self.last = self.pulumi("up", "--yes", "--skip-preview")
        summary = out[out.rindex("Resources:"):]
        return {kind: int(n) for n, kind in SUMMARY.findall(summary)}

    def edit(self, old: str, new: str) -> None:
        """Change the program's text (as a user edits __main__.py)."""
        main = self.project / "__main__.py"
        text = main.read_text()
        assert old in text, old
        main.write_text(text.replace(old, new))

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])

    def app(self, short: str) -> dict[str, Any]:
        (app,) = [a for a in self.emu.snapshot()["applications"]
                  if a["application_name"] == FULL.format(short)]
        return app

    def scenarios(self) -> dict[str, dict[str, Any]]:
        return {s["scenario_name"]: s for s in self.emu.snapshot()["scenarios"]}

    def routing(self, short: str) -> list[tuple[str, list[str]]]:
        """The application's rules in routing order with their scenarios' names in order."""
        names = {s["scenario_id"]: n for n, s in self.scenarios().items()}
        return [(r["rule_name"], [names[s] for s in r["scenarios"]])
                for r in self.app(short)["rules"]]

    def state(self, kind: str, name: str) -> dict[str, Any]:
        resources = json.loads(self.pulumi("stack", "export"))["deployment"]["resources"]
        return next(r for r in resources if r["type"].endswith(f"voxbind:{kind}")
                    and r["urn"].endswith(f"::{name}"))


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with running_emulator(seed=EXAMPLE / "seed.json") as emu:
        s = Stack(tmp_path, emu)
        s.pulumi("stack", "init", "dev")
        yield s
        s.api.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_full_routing_lifecycle(stack: Stack) -> None:
    seeded = stack.emu.snapshot()
    scripts = stack.project / "scenarios"

    # 1. the whole example comes up
    assert stack.up() == {"created": 10}
    assert stack.routing("ivr") == [("vip", ["greeting", "menu"]), ("inbound", ["voicemail"])]
    live = stack.scenarios()
    for name in ("greeting", "menu", "voicemail"):
        assert live[name]["script_sha256"] == sha(scripts / f"{name}.js")
    assert live["voicemail"]["application_id"] is None, "Shared folder"
    state_text = stack.pulumi("stack", "export")
    assert "VoxEngine" not in state_text, "scripts from files are kept as path and hash only"

    # 2. a preview with nothing changed calls no API
    stack.emu.reset_stats()
    stack.pulumi("preview", "--expect-no-changes")
    assert stack.calls() == {}

    # 3. a script edit is exactly one SetScenarioInfo
    (scripts / "menu.js").write_text((scripts / "menu.js").read_text() + "// 3: press 3\n")
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 1, "unchanged": 9}
    assert stack.calls() == {"SetScenarioInfo": 1}
    assert stack.scenarios()["menu"]["script_sha256"] == sha(scripts / "menu.js")

    # 4. renaming each object updates it in place: same ids, no create, no delete
    before = stack.emu.snapshot()
    stack.pulumi("config", "set", "application", "callcenter")
    stack.edit('rule_name="inbound"', 'rule_name="everyone"')
    stack.edit('scenario_name="greeting"', 'scenario_name="welcome"')
    stack.emu.reset_stats()
    preview = stack.pulumi("preview")
    assert "~ 3 to update" in preview and "replace" not in preview, \
        "ids stay known in a preview of renames: nothing downstream looks replaced"
    assert stack.up() == {"updated": 3, "unchanged": 7}
    assert stack.calls() == {"SetApplicationInfo": 1, "SetRuleInfo": 1, "SetScenarioInfo": 1}
    renamed = stack.emu.snapshot()
    assert [a["application_id"] for a in renamed["applications"]] == \
        [a["application_id"] for a in before["applications"]]
    assert [s["scenario_id"] for s in renamed["scenarios"]] == \
        [s["scenario_id"] for s in before["scenarios"]]
    assert stack.routing("callcenter") == [("vip", ["welcome", "menu"]),
                                           ("everyone", ["voicemail"])]
    stack.emu.reset_stats()
    stack.pulumi("preview", "--expect-no-changes")
    assert stack.calls() == {}

    # 5. outside edits (names, patterns, a script, rule order) are found by refresh and
    #    repaired by up
    good = stack.emu.snapshot()
    app = stack.app("callcenter")
    vip, everyone = (r["rule_id"] for r in app["rules"])
    menu = stack.scenarios()["menu"]["scenario_id"]
    stack.api.set_application_info(app["application_id"], application_name="hijacked")
    stack.api.set_rule_info(vip, rule_name="vip-old", rule_pattern="0.*")
    stack.api.set_scenario_info(menu, scenario_name="menu-old", scenario_script="// gone\n")
    stack.api.reorder_rules([everyone, vip])
    stack.pulumi("refresh", "--yes")
    assert stack.state("Application", "ivr")["outputs"]["application_name"] == \
        FULL.format("hijacked")
    assert stack.state("Application", "ivr")["inputs"]["application_name"] == "hijacked", \
        "refresh keeps the user's spelling (short)"
    rule = stack.state("Rule", "vip")
    assert (rule["outputs"]["rule_name"], rule["outputs"]["rule_pattern"]) == ("vip-old", "0.*")
    scenario = stack.state("Scenario", "menu")["outputs"]
    assert scenario["scenario_name"] == "menu-old"
    assert scenario["script_sha256"] == hashlib.sha256(b"// gone\n").hexdigest()
    assert stack.state("RuleOrder", "order")["outputs"]["rule_ids"] == [everyone, vip]
    preview = stack.pulumi("preview")
    assert "~ 4 to update" in preview
    stack.up()
    assert stack.emu.snapshot() == good

    # 6. RuleOrder puts its rules first, in its order, and leaves the others after them
    foreign = stack.api.add_rule(app["application_id"], "foreign", "7.*")
    stack.api.reorder_rules([foreign, vip, everyone])
    stack.edit("rule_ids=[vip.rule_id, inbound.rule_id]", "rule_ids=[inbound.rule_id, vip.rule_id]")
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 1, "unchanged": 9}
    assert [r["rule_name"] for r in stack.app("callcenter")["rules"]] == \
        ["everyone", "vip", "foreign"]
    assert stack.calls() == {"GetApplications": 1, "GetRules": 1, "ReorderRules": 1}
    stack.api.del_rule(foreign)

    # 7. an object that exists already is not taken over without adopt, and is with it
    extra = stack.api.add_scenario("extra", "// made by hand\n")
    program = 'Scenario("extra", scenario_name="extra", scenario_script="// ours\\n"{})\n'
    main = stack.project / "__main__.py"
    main.write_text(main.read_text() + program.format(""))
    out = stack.pulumi("up", "--yes", "--skip-preview", check=False)
    assert f"scenario 'extra' (id {extra}) already exists in the Shared folder" in out
    assert "adopt=True" in out and "aliases" in out
    assert "During handling of the above exception" not in out
    assert stack.scenarios()["extra"]["script_sha256"] == \
        hashlib.sha256(b"// made by hand\n").hexdigest()
    main.write_text(main.read_text().replace(program.format(""),
                                             program.format(", adopt=True")))
    assert stack.up() == {"created": 1, "unchanged": 10}
    assert stack.scenarios()["extra"] == {"scenario_id": extra, "scenario_name": "extra",
                                          "application_id": None, "script_sha256":
                                          hashlib.sha256(b"// ours\n").hexdigest()}

    # 8. renaming a Pulumi resource with adopt=True keeps the object (the old name's delete
    #    leaves what the new name declares)
    stack.edit('menu = Scenario("menu",', 'menu = Scenario("dtmf-menu", adopt=True,')
    assert stack.up() == {"created": 1, "deleted": 1, "unchanged": 10}
    assert "is still declared by this deployment; not deleting it" in stack.last
    assert stack.scenarios()["menu"]["scenario_id"] == menu
    assert stack.routing("callcenter") == [("everyone", ["voicemail"]),
                                           ("vip", ["welcome", "menu"])]

    # 9. replaces that keep the identity delete first: a rule losing its exclude pattern
    #    (the API cannot clear one) takes its binding along and the RuleOrder follows
    stack.edit(r', rule_pattern_exclude=r"\+1900\d+"', "")
    assert stack.up() == {"updated": 1, "replaced": 2, "unchanged": 8}
    assert stack.routing("callcenter") == [("everyone", ["voicemail"]),
                                           ("vip", ["welcome", "menu"])]
    assert stack.app("callcenter")["rules"][0]["rule_pattern_exclude"] == ""

    # ...and a scenario moving from the Shared folder into the application under its name.
    main.write_text(main.read_text().replace(
        program.format(", adopt=True"),
        program.format(", adopt=True, application_id=app.application_id")))
    assert stack.up() == {"replaced": 1, "unchanged": 10}
    assert stack.scenarios()["extra"]["application_id"] == \
        stack.app("callcenter")["application_id"]
    assert stack.scenarios()["extra"]["scenario_id"] != extra

    # ...and a bound one: its ScenarioBinding follows it to the new id in the same `up` (the
    # old id is gone from the rule with the old scenario, and nothing tries to unbind it)
    stack.edit('scenario_script_file="scenarios/voicemail.js")',
               'scenario_script_file="scenarios/voicemail.js", application_id=app.application_id)')
    assert stack.up() == {"replaced": 1, "updated": 1, "unchanged": 9}
    assert stack.scenarios()["voicemail"]["application_id"] == \
        stack.app("callcenter")["application_id"]
    assert stack.routing("callcenter") == [("everyone", ["voicemail"]),
                                           ("vip", ["welcome", "menu"])]
    stack.pulumi("preview", "--expect-no-changes")

    # 10. destroy leaves the emulator exactly as seeded (the adopted scenario goes too)
    stack.pulumi("destroy", "--yes")
    assert stack.emu.snapshot() == seeded
