"""ScenarioBinding through the Automation API: inline programs driven by the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_voxbind import Credentials, ScenarioBinding, VoximplantClient
from pulumi_voxbind.emulator import running_emulator
from tests.e2e.test_binding_cli import SEED, assert_no_secrets
from tests.support.pulumi_cli import workspace_options

pytestmark = pytest.mark.e2e


def _program(rule_id: int, scenario_ids: list[int]):
    def program() -> None:
        binding = ScenarioBinding("by-id", rule_id=rule_id, scenario_ids=scenario_ids)
        pulumi.export("scenario_names", binding.scenario_names)
        pulumi.export("application_name", binding.application_name)

    return program


def test_inline_program_up_preview_update_refresh_destroy(tmp_path: Path) -> None:
    with running_emulator(seed=SEED) as emu, VoximplantClient(
        Credentials.from_file(emu.credentials_path), endpoint=emu.url
    ) as api:
        app = api.find_application(application_name="ivr")
        rule = api.find_rule(app["application_id"], rule_name="outbound")
        ids = api.find_scenarios(["greeting", "menu", "bye"])
        greeting, menu, bye = (ids[n]["scenario_id"] for n in ("greeting", "menu", "bye"))
        opts = workspace_options(tmp_path, "voxbind-inline", env_vars={
            "VOXIMPLANT_API_URL": emu.url,
            "VOXIMPLANT_CREDENTIALS": str(emu.credentials_path)})
        outputs: list[str] = []

        def bound() -> list[str]:
            found = api.find_rule(app["application_id"], rule_id=rule["rule_id"])
            return [s["scenario_name"] for s in found.get("scenarios") or []]

        stack = auto.create_stack("dev", project_name="voxbind-inline",
                                  program=_program(rule["rule_id"], [menu, greeting]),
                                  opts=opts)
        up = stack.up(on_output=outputs.append)
        assert up.summary.result == "succeeded"
        assert up.outputs["scenario_names"].value == ["menu", "greeting"]
        assert up.outputs["application_name"].value == app["application_name"]
        assert bound() == ["menu", "greeting"]

        before = emu.stats()["total"]
        preview = stack.preview(on_output=outputs.append)
        assert preview.change_summary.get("same") == 2 and "update" not in preview.change_summary
        assert emu.stats()["total"] == before

        stack.workspace.program = _program(rule["rule_id"], [bye, menu])
        up = stack.up(on_output=outputs.append)
        assert up.summary.resource_changes.get("update") == 1
        assert bound() == ["bye", "menu"]

        api.bind_scenarios(rule["rule_id"], [bye], bind=False)
        stack.refresh(on_output=outputs.append)
        state = stack.export_stack().deployment["resources"]
        binding = next(r for r in state if r["type"].endswith("voxbind:ScenarioBinding"))
        assert binding["outputs"]["scenario_names"] == ["menu"]
        stack.up(on_output=outputs.append)
        assert bound() == ["bye", "menu"]

        exported = json.dumps(stack.export_stack().deployment)
        stack.destroy(on_output=outputs.append)
        assert bound() == []
        stack.workspace.remove_stack("dev")
        assert_no_secrets(exported, emu, "state")
        assert_no_secrets("\n".join(outputs), emu, "Automation API output")
