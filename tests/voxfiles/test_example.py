"""examples/voxfiles is what voxengine-ci would have left: tree, seed and metadata agree."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import running_emulator
from pulumi_voxbind.voxfiles import read_tree
from tests.support.pulumi_cli import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "voxfiles"
TREE = EXAMPLE / "voxfiles"
METADATA = TREE / ".voxengine-ci"


def compact_json(path: Path) -> object:
    """Parse a file voxengine-ci wrote with JSON.stringify: no whitespace, no newline."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, separators=(",", ":"), ensure_ascii=False), path
    return data


def test_the_tree_is_two_applications_three_rules_four_scenarios_one_shared() -> None:
    tree = read_tree(TREE)
    assert [(a.short_name, [r.name for r in a.rules]) for a in tree.applications] == [
        ("ivr", ["inbound", "after-hours"]), ("sales", ["all"])]
    assert sorted(tree.scenarios) == ["greeting", "menu", "queue", "voicemail"]
    in_apps = [{s for r in a.rules for s in r.scenarios} for a in tree.applications]
    assert in_apps[0] & in_apps[1] == {"greeting"}
    assert tree.warnings == ()
    assert all(s.renamed_from is None for s in tree.scenarios.values())


def test_the_seed_is_what_voxengine_ci_uploaded() -> None:
    seed = json.loads((EXAMPLE / "seed.json").read_text())
    scripts = {s["name"]: s["script"] for s in seed["scenarios"]}
    assert all("application" not in s for s in seed["scenarios"])   # voxengine-ci: Shared
    tree = read_tree(TREE)
    for name, spec in tree.scenarios.items():
        assert hashlib.sha256(scripts[name].encode()).hexdigest() == spec.sha256
    for app, seeded in zip(tree.applications, seed["applications"], strict=True):
        assert seeded["name"] == app.short_name
        assert [(r["name"], r["pattern"], tuple(r["scenarios"])) for r in seeded["rules"]] == [
            (r.name, r.pattern, r.scenarios) for r in app.rules]


def test_the_metadata_is_what_voxengine_ci_wrote_for_the_seeded_account() -> None:
    with running_emulator(seed=EXAMPLE / "seed.json") as emu, VoximplantClient(
            Credentials.from_file(emu.credentials_path), endpoint=emu.url) as api:
        for app in api.iterate("GetApplications"):
            full = app["application_name"]
            config = compact_json(TREE / "applications" / full / "application.config.json")
            assert config == {"applicationName": full}
            assert compact_json(METADATA / "applications" / full
                                / "application.metadata.config.json") == {
                "applicationId": app["application_id"], "applicationName": full}
            rules = api.list_rules(app["application_id"], with_scenarios=True)
            assert compact_json(METADATA / "applications" / full
                                / "rules.metadata.config.json") == [
                {"ruleName": r["rule_name"], "ruleId": r["rule_id"],
                 "scenarios": [{"scenarioName": s["scenario_name"],
                                "scenarioId": s["scenario_id"]} for s in r["scenarios"]],
                 "rulePattern": r["rule_pattern"]} for r in rules]
            assert compact_json(TREE / "applications" / full / "rules.config.json") == [
                {"ruleName": r["rule_name"],
                 "scenarios": [s["scenario_name"] for s in r["scenarios"]],
                 "rulePattern": r["rule_pattern"]} for r in rules]
        for scenario in api.list_scenarios():
            [full_info] = api.call("GetScenarios", scenario_id=scenario["scenario_id"],
                                   with_script=True)["result"]
            name = scenario["scenario_name"]
            assert compact_json(METADATA / "scenarios" / "dist"
                                / f"{name}.metadata.config.json") == {
                "scenarioId": scenario["scenario_id"], "scenarioName": name,
                "hash": hashlib.sha256(full_info["scenario_script"].encode()).hexdigest()}
        assert emu.fatal_errors == 0
