"""VoxfilesProject through the real `pulumi` CLI: examples/voxfiles moved off voxengine-ci.

The emulator starts in the state voxengine-ci left (the example's seed) and one stack walks
a migration in order: `up` adopts everything with no duplicate, a no-change preview calls no
API, a script edit is one SetScenarioInfo, a rule added to rules.config.json lands in its
position, a renamed scenario file is renamed in place, a removed rule is deleted, a malformed
tree fails at preview naming the file, and destroy deletes what was adopted. The emulator's
per-method counts are the proof after each step.

Needs the Application / Rule / Scenario / RuleOrder resources of issue 12.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import running_emulator
from tests.support.pulumi_cli import REPO_ROOT, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "examples" / "voxfiles"
IVR = "ivr.emulator.voximplant.com"
SALES = "sales.emulator.voximplant.com"
MUTATING = ("AddApplication", "SetApplicationInfo", "DelApplication", "AddRule", "SetRuleInfo",
            "DelRule", "AddScenario", "SetScenarioInfo", "DelScenario")


class Migration:
    """The example copied into a project directory, one stack, the emulator it talks to."""

    def __init__(self, root: Path, emu: Any) -> None:
        self.project = root / "project"
        shutil.copytree(EXAMPLE, self.project)
        self.tree = self.project / "voxfiles"
        self.emu = emu
        self.env = pulumi_env(root, VOXIMPLANT_API_URL=emu.url,
                              VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)

    def pulumi(self, *args: str, check: bool = True) -> str:
        proc = run_pulumi(["--non-interactive", *args], cwd=self.project, env=self.env,
                          check=check)
        return proc.stdout + proc.stderr

    def counted(self, *args: str, check: bool = True) -> tuple[str, dict[str, int]]:
        """Run one command from zeroed emulator counters; return its output and the counts."""
        self.emu.reset_stats()
        out = self.pulumi(*args, check=check)
        return out, self.emu.stats()["requests"]

    def rules(self, application: str) -> list[tuple[str, list[str]]]:
        """The application's rules in routing order, each with its scenarios in order."""
        app = self.api.find_application(application_name=application)
        return [(r["rule_name"], [s["scenario_name"] for s in r.get("scenarios") or []])
                for r in self.api.list_rules(app["application_id"], with_scenarios=True)]

    def scenarios(self) -> dict[str, int]:
        return {s["scenario_name"]: s["scenario_id"] for s in self.api.list_scenarios()}

    def script(self, scenario_id: int) -> str:
        [found] = self.api.call("GetScenarios", scenario_id=scenario_id,
                                with_script=True)["result"]
        return found["scenario_script"]

    def rules_config(self, application: str) -> Path:
        return self.tree / "applications" / application / "rules.config.json"

    def outputs(self) -> dict[str, Any]:
        return json.loads(self.pulumi("stack", "output", "--json"))


@pytest.fixture
def migration(tmp_path: Path) -> Iterator[Migration]:
    with running_emulator(seed=EXAMPLE / "seed.json") as emu:
        m = Migration(tmp_path, emu)
        m.pulumi("stack", "init", "dev")
        yield m
        m.api.close()
        assert emu.fatal_errors == 0


def mutations(counts: dict[str, int]) -> dict[str, int]:
    return {method: counts[method] for method in MUTATING if counts.get(method)}


def test_moving_a_voxengine_ci_tree_to_pulumi(migration: Migration) -> None:
    m = migration
    seeded_scenarios = m.scenarios()
    seeded_rules = {app: m.rules(app) for app in (IVR, SALES)}

    # 1. up adopts every object voxengine-ci created: no Add*, no Del*, no Set*.
    out, counts = m.counted("up", "--yes")
    assert mutations(counts) == {}, counts
    assert m.scenarios() == seeded_scenarios
    assert {app: m.rules(app) for app in (IVR, SALES)} == seeded_rules
    outputs = m.outputs()
    assert outputs["scenarios"] == seeded_scenarios
    assert outputs["applications"] == {IVR: 101, SALES: 102}
    assert outputs["rules"] == {IVR: {"inbound": 2001, "after-hours": 2002},
                                SALES: {"all": 2003}}

    # 2. The same tree again: a no-change preview makes no API call at all.
    _, counts = m.counted("preview", "--expect-no-changes")
    assert counts == {}, counts

    # 3. Editing one scenario file is one update, one SetScenarioInfo.
    menu = m.tree / "scenarios" / "src" / "menu.voxengine.js"
    menu.write_text(menu.read_text() + "// press 3 for billing\n")
    out, counts = m.counted("up", "--yes")
    assert mutations(counts) == {"SetScenarioInfo": 1}, counts
    assert "1 updated" in out
    assert m.script(seeded_scenarios["menu"]) == menu.read_text()

    # 4. A rule added to rules.config.json is created in its position.
    rules = json.loads(m.rules_config(IVR).read_text())
    rules.insert(1, {"ruleName": "vip", "scenarios": ["greeting"], "rulePattern": "\\+1555.*"})
    m.rules_config(IVR).write_text(json.dumps(rules))
    out, counts = m.counted("up", "--yes")
    assert mutations(counts) == {"AddRule": 1}, counts
    assert m.rules(IVR) == [("inbound", ["greeting", "menu"]), ("vip", ["greeting"]),
                            ("after-hours", ["voicemail"])]

    # 5. A scenario file renamed with its content unchanged since voxengine-ci's last upload
    #    (the metadata hash) is renamed in place: same id, no delete, no add.
    src = m.tree / "scenarios" / "src"
    (src / "voicemail.voxengine.js").rename(src / "leave-message.voxengine.js")
    rules = json.loads(m.rules_config(IVR).read_text())
    rules[2]["scenarios"] = ["leave-message"]
    m.rules_config(IVR).write_text(json.dumps(rules))
    out, counts = m.counted("up", "--yes")
    assert mutations(counts) == {"SetScenarioInfo": 1}, counts
    assert m.scenarios()["leave-message"] == seeded_scenarios["voicemail"]
    assert "voicemail" not in m.scenarios()

    # 6. A rule removed from rules.config.json is deleted (voxengine-ci never deleted), and so
    #    is the scenario no rule references any more.
    rules = json.loads(m.rules_config(IVR).read_text())
    m.rules_config(IVR).write_text(json.dumps(rules[:2]))      # drop after-hours
    out, counts = m.counted("up", "--yes")
    assert mutations(counts) == {"DelRule": 1, "DelScenario": 1}, counts
    assert m.rules(IVR) == [("inbound", ["greeting", "menu"]), ("vip", ["greeting"])]
    assert "leave-message" not in m.scenarios()
    assert m.rules(SALES) == [("all", ["greeting", "queue"])]

    # 7. A malformed tree fails at preview, naming the file and the key, before any API call.
    broken = json.loads(m.rules_config(SALES).read_text())
    broken[0]["scenarios"].append("ghost")
    m.rules_config(SALES).write_text(json.dumps(broken))
    out, counts = m.counted("preview", check=False)
    assert counts == {}, counts
    assert (f"voxfiles/applications/{SALES}/rules.config.json: [0].scenarios[2]: "
            "unknown scenario 'ghost'") in out
    assert "Traceback" not in out
    broken[0]["scenarios"].pop()
    m.rules_config(SALES).write_text(json.dumps(broken))

    # 8. destroy deletes what the stack adopted (README: retain_on_delete keeps it).
    m.pulumi("destroy", "--yes")
    assert list(m.api.iterate("GetApplications")) == []
    assert m.scenarios() == {}


def test_a_malformed_tree_fails_the_first_preview_naming_each_file(migration: Migration
                                                                   ) -> None:
    m = migration
    rules = json.loads(m.rules_config(SALES).read_text())
    rules[0]["scenarios"].append("ghost")
    m.rules_config(SALES).write_text(json.dumps(rules))
    (m.tree / "applications" / IVR / "application.config.json").write_text(
        '{"applicationName": "ivr.other.voximplant.com"}')
    out, counts = m.counted("preview", check=False)
    assert counts == {}, counts
    assert "voxfiles tree 'voxfiles' has 2 problems; nothing was sent to Voximplant" in out
    assert (f"voxfiles/applications/{SALES}/rules.config.json: [0].scenarios[2]: "
            "unknown scenario 'ghost'") in out
    assert (f"voxfiles/applications/{IVR}/application.config.json: applicationName: "
            "'ivr.other.voximplant.com' differs from its directory") in out
    assert "Traceback" not in out
