"""VoxfilesProject under pulumi.runtime mocks: children, names, inputs, parents and outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pulumi
import pytest

import pulumi_voxbind
from pulumi_voxbind import VoxfilesProject
from pulumi_voxbind.voxfiles.component import TYPE_TOKEN, VoxfilesProjectError
from tests.voxfiles.mocks import PINNED, Recorder, run_program
from tests.voxfiles.trees import (
    compact,
    full,
    make_tree,
    write,
    write_rules_metadata,
    write_scenario_metadata,
)

SCRIPTS = {"greeting": "// greeting\n", "menu": "// menu\n", "voicemail": "// voicemail\n",
           "queue": "// queue\n", "unused": "// no rule runs me\n"}
APPLICATIONS = {
    "ivr": [{"ruleName": "inbound", "rulePattern": "\\+1800.*", "scenarios": ["greeting", "menu"]},
            {"ruleName": "after-hours", "rulePattern": ".*", "scenarios": ["voicemail"]}],
    "sales": [{"ruleName": "all", "scenarios": ["greeting", "queue"]}],
}
CHILDREN = {
    ("Scenario", "routing/scenario/greeting"), ("Scenario", "routing/scenario/menu"),
    ("Scenario", "routing/scenario/voicemail"), ("Scenario", "routing/scenario/queue"),
    ("Application", "routing/app/ivr"), ("Application", "routing/app/sales"),
    ("Rule", "routing/rule/ivr/inbound"), ("Rule", "routing/rule/ivr/after-hours"),
    ("Rule", "routing/rule/sales/all"),
    ("ScenarioBinding", "routing/binding/ivr/inbound"),
    ("ScenarioBinding", "routing/binding/ivr/after-hours"),
    ("ScenarioBinding", "routing/binding/sales/all"),
    ("RuleOrder", "routing/order/ivr"), ("RuleOrder", "routing/order/sales"),
}


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The issue-12 resources where they do not exist yet; run from a project directory."""
    for name, stand_in in PINNED.items():
        try:
            getattr(pulumi_voxbind, name)
        except AttributeError:
            monkeypatch.setattr(pulumi_voxbind, name, stand_in, raising=False)
    monkeypatch.chdir(tmp_path)
    make_tree(tmp_path / "voxfiles", APPLICATIONS, SCRIPTS)


def deploy(**kwargs: Any) -> tuple[Recorder, dict[str, Any]]:
    """Run a program of one VoxfilesProject; return the registrations and its outputs."""
    seen: dict[str, Any] = {}

    def program() -> Any:
        project = VoxfilesProject("routing", "voxfiles", **kwargs)
        return pulumi.Output.all(project.applications, project.rules, project.scenarios).apply(
            lambda values: seen.update(zip(("applications", "rules", "scenarios"), values,
                                           strict=True)))

    recorder = run_program(program)
    return recorder, seen


def child_ids(recorder: Recorder, seen: dict[str, Any]) -> dict[str, int]:
    found = {f"routing/scenario/{n}": i for n, i in seen["scenarios"].items()}
    for directory, app_id in seen["applications"].items():
        short = directory.split(".")[0]
        found[f"routing/app/{short}"] = app_id
        for rule, rule_id in seen["rules"][directory].items():
            found[f"routing/rule/{short}/{rule}"] = rule_id
    return found


def test_the_tree_becomes_children_of_the_component(tmp_path: Path) -> None:
    recorder, seen = deploy()
    component = recorder.named("routing")
    assert component.type == TYPE_TOKEN
    assert component.parent.endswith("::pulumi:pulumi:Stack::proj-dev")
    children = [r for r in recorder.registrations if r is not component]
    assert {(r.kind, r.name) for r in children} == CHILDREN
    assert len(children) == len(CHILDREN)
    assert all(r.parent == component.urn for r in children)
    assert all(f"{TYPE_TOKEN}$" in r.urn for r in children)
    known = child_ids(recorder, seen)

    greeting = recorder.named("routing/scenario/greeting").inputs
    assert greeting["scenario_name"] == "greeting"
    assert greeting["scenario_script_file"] == os.path.join("voxfiles", "scenarios", "src",
                                                            "greeting.voxengine.js")
    assert greeting["adopt"] is True
    assert greeting.get("application_id") is None and greeting.get("application_name") is None
    assert greeting.get("scenario_script") is None      # the text never goes into state

    ivr = recorder.named("routing/app/ivr").inputs
    assert (ivr["application_name"], ivr["adopt"]) == ("ivr", True)

    inbound = recorder.named("routing/rule/ivr/inbound").inputs
    assert inbound["application_id"] == known["routing/app/ivr"]
    assert (inbound["rule_name"], inbound["rule_pattern"]) == ("inbound", "\\+1800.*")
    assert inbound.get("rule_pattern_exclude") is None
    assert (inbound["video_conference"], inbound["adopt"]) == (False, True)
    assert recorder.named("routing/rule/sales/all").inputs["rule_pattern"] == ".*"

    binding = recorder.named("routing/binding/ivr/inbound").inputs
    assert binding["rule_id"] == known["routing/rule/ivr/inbound"]
    assert binding["application_id"] == known["routing/app/ivr"]
    assert binding["scenario_ids"] == [known["routing/scenario/greeting"],
                                       known["routing/scenario/menu"]]
    shared = recorder.named("routing/binding/sales/all").inputs["scenario_ids"]
    assert shared[0] == known["routing/scenario/greeting"]     # one Scenario, two applications

    order = recorder.named("routing/order/ivr").inputs
    assert order["application_id"] == known["routing/app/ivr"]
    assert order["rule_ids"] == [known["routing/rule/ivr/inbound"],
                                 known["routing/rule/ivr/after-hours"]]


def test_outputs_map_tree_names_to_ids() -> None:
    _, seen = deploy()
    assert set(seen["applications"]) == {full("ivr"), full("sales")}
    # Numbers cross Pulumi's RPC as floats (../shared/pulumi-dynamic-providers.md).
    assert all(i == int(i) > 0 for i in seen["applications"].values())
    assert {d: set(r) for d, r in seen["rules"].items()} == {
        full("ivr"): {"inbound", "after-hours"}, full("sales"): {"all"}}
    assert set(seen["scenarios"]) == {"greeting", "menu", "voicemail", "queue"}
    assert len(set(seen["scenarios"].values())) == 4


def test_the_same_tree_registers_the_same_children(tmp_path: Path) -> None:
    def shape(recorder: Recorder) -> list[tuple[str, str, str, str]]:
        """Each child without the ids, which the mocks hand out in registration order."""
        id_keys = {"application_id", "rule_id", "scenario_ids", "rule_ids", "__provider"}
        return sorted((r.type, r.name, r.parent, repr(sorted(
            (k, v) for k, v in r.inputs.items() if k not in id_keys)))
            for r in recorder.registrations)

    first, _ = deploy()
    again, _ = deploy()
    assert shape(first) == shape(again)
    assert len(shape(first)) == len(CHILDREN) + 1


def test_reordering_rules_changes_only_the_rule_order(tmp_path: Path) -> None:
    before, _ = deploy()
    rules = tmp_path / "voxfiles" / "applications" / full("ivr") / "rules.config.json"
    write(rules, compact(list(reversed(APPLICATIONS["ivr"]))))
    after, seen_after = deploy()
    assert {(r.type, r.name) for r in before.registrations} == {
        (r.type, r.name) for r in after.registrations}
    ids_after = child_ids(after, seen_after)
    assert after.named("routing/order/ivr").inputs["rule_ids"] == [
        ids_after["routing/rule/ivr/after-hours"], ids_after["routing/rule/ivr/inbound"]]


def test_renames_the_tree_can_tell_apart_get_aliases_to_the_old_children(tmp_path: Path
                                                                        ) -> None:
    root = tmp_path / "voxfiles"
    (root / "scenarios" / "src" / "menu.voxengine.js").rename(
        root / "scenarios" / "src" / "ivr-menu.voxengine.js")
    write_scenario_metadata(root, "menu", 30002, SCRIPTS["menu"])
    write_rules_metadata(root, "ivr", [{"ruleName": "inbound", "ruleId": 2001,
                                        "rulePattern": "\\+1800.*",
                                        "scenarios": [("greeting", 30001), ("menu", 30002)]}])
    write(root / "applications" / full("ivr") / "rules.config.json", compact([
        {"ruleName": "toll-free", "rulePattern": "\\+1800.*",
         "scenarios": ["greeting", "ivr-menu"]},
        APPLICATIONS["ivr"][1]]))
    recorder, _ = deploy()
    assert recorder.named("routing/scenario/ivr-menu").aliases == ["routing/scenario/menu"]
    assert recorder.named("routing/rule/ivr/toll-free").aliases == ["routing/rule/ivr/inbound"]
    assert recorder.named("routing/binding/ivr/toll-free").aliases == [
        "routing/binding/ivr/inbound"]
    aliased = [r for r in recorder.registrations if r.aliases]
    assert len(aliased) == 3


def test_a_malformed_tree_fails_before_anything_is_registered(tmp_path: Path) -> None:
    write(tmp_path / "voxfiles" / "applications" / full("sales") / "rules.config.json",
          compact([{"ruleName": "all", "scenarios": ["ghost"]}]))
    with pytest.raises(VoxfilesProjectError) as caught:
        deploy()
    assert isinstance(caught.value, pulumi.RunError)
    assert (f"{os.path.join('voxfiles', 'applications', full('sales'), 'rules.config.json')}: "
            "[0].scenarios[0]: unknown scenario 'ghost'") in str(caught.value)


def test_malformed_tree_registers_nothing_even_in_preview(tmp_path: Path) -> None:
    write(tmp_path / "voxfiles" / "scenarios" / "src" / "menu.voxengine.js", b"\xff")
    recorder = Recorder()
    with pytest.raises(VoxfilesProjectError, match=r"menu\.voxengine\.js: is not UTF-8"):
        run_program(lambda: [pulumi.ComponentResource("test:index:Sibling", "sibling"),
                             VoxfilesProject("routing", "voxfiles")],
                    preview=True, recorder=recorder)
    # The sibling declared before it registered, so recording works; the component did not.
    assert [r.name for r in recorder.registrations] == ["sibling"]


def test_adopt_and_retain_on_delete_reach_every_child() -> None:
    recorder, _ = deploy(adopt=False, opts=pulumi.ResourceOptions(retain_on_delete=True))
    children = [r for r in recorder.registrations if r.name != "routing"]
    assert all(r.retain_on_delete for r in children)
    adopting = [r for r in children if r.kind in ("Application", "Rule", "Scenario")]
    assert len(adopting) == 9 and all(r.inputs["adopt"] is False for r in adopting)
    plain, _ = deploy()
    assert not any(r.retain_on_delete for r in plain.registrations)


def test_a_rule_without_scenarios_has_no_binding_an_app_without_rules_no_order(
        tmp_path: Path) -> None:
    apps = tmp_path / "voxfiles" / "applications"
    write(apps / full("ivr") / "rules.config.json",
          compact([{"ruleName": "quiet", "scenarios": []}]))
    write(apps / full("sales") / "rules.config.json", "[]")
    recorder, seen = deploy()
    assert {(r.kind, r.name) for r in recorder.registrations if r.name != "routing"} == {
        ("Application", "routing/app/ivr"), ("Application", "routing/app/sales"),
        ("Rule", "routing/rule/ivr/quiet"), ("RuleOrder", "routing/order/ivr")}
    assert seen["scenarios"] == {} and seen["rules"][full("sales")] == {}


def test_adopt_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="adopt must be True or False"):
        VoxfilesProject("routing", "voxfiles", adopt="yes")  # type: ignore[arg-type]


def test_the_component_module_imports_without_the_resources() -> None:
    code = ("import pulumi_voxbind.voxfiles.component as c, sys; "
            "print(any(m.startswith('pulumi_voxbind.resources') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
