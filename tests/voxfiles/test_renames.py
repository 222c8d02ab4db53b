"""The rename rule: .voxengine-ci metadata hints pair a new name with a vanished one, or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_voxbind.voxfiles import read_tree
from pulumi_voxbind.voxfiles.renames import pair_renames
from tests.voxfiles.trees import make_tree, write, write_rules_metadata, write_scenario_metadata

GREETING = "// greeting\n"
MENU = "// menu\n"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pairing_is_one_to_one_or_nothing() -> None:
    assert pair_renames({"old": "h1"}, {"new": "h1"}) == {"new": "old"}
    assert pair_renames({"old": "h1"}, {"new": "h2"}) == {}
    assert pair_renames({"a": "h1", "b": "h1"}, {"new": "h1"}) == {}     # two candidates
    assert pair_renames({"old": "h1"}, {"x": "h1", "y": "h1"}) == {}     # two claimants
    assert pair_renames({"a": "h1", "b": "h2"}, {"x": "h2", "y": "h1"}) == {"x": "b", "y": "a"}


def test_a_renamed_scenario_file_with_the_same_content_is_a_rename(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "in", "scenarios": ["welcome", "menu"]}]},
                     {"welcome": GREETING, "menu": MENU})
    write_scenario_metadata(root, "greeting", 30001, GREETING)
    write_scenario_metadata(root, "menu", 30002, MENU)
    tree = read_tree("v")
    assert tree.scenarios["welcome"].renamed_from == "greeting"
    assert tree.scenarios["menu"].renamed_from is None


@pytest.mark.parametrize("case", ["content changed", "new name has metadata",
                                  "old name still declared", "ambiguous"])
def test_no_rename_when_the_tree_cannot_tell(in_tmp: Path, case: str) -> None:
    scenarios = {"welcome": GREETING + ("// edited\n" if case == "content changed" else "")}
    referenced = ["welcome"]
    if case == "old name still declared":
        scenarios["greeting"] = GREETING
        referenced.append("greeting")
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "in", "scenarios": referenced}]},
                     scenarios)
    write_scenario_metadata(root, "greeting", 30001, GREETING)
    if case == "new name has metadata":
        write_scenario_metadata(root, "welcome", 30005, GREETING)
    if case == "ambiguous":
        write_scenario_metadata(root, "hello", 30003, GREETING)
    tree = read_tree("v")
    assert all(spec.renamed_from is None for spec in tree.scenarios.values())


def test_a_renamed_rule_with_the_same_pattern_and_scenarios_is_a_rename(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [
        {"ruleName": "inbound-calls", "rulePattern": "1.*", "scenarios": ["greeting", "menu"]},
        {"ruleName": "other", "rulePattern": ".*", "scenarios": ["menu"]},
    ]}, {"greeting": GREETING, "menu": MENU})
    write_rules_metadata(root, "ivr", [
        {"ruleName": "inbound", "ruleId": 2001, "rulePattern": "1.*",
         "scenarios": [("greeting", 30001), ("menu", 30002)]},
        {"ruleName": "old-other", "ruleId": 2002, "rulePattern": ".*",
         "scenarios": [("greeting", 30001)]},        # another list: not the same rule
    ])
    rules = {r.name: r.renamed_from for r in read_tree("v").applications[0].rules}
    assert rules == {"inbound-calls": "inbound", "other": None}


def test_rule_and_scenario_renamed_together(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [
        {"ruleName": "inbound-calls", "rulePattern": "1.*", "scenarios": ["welcome"]},
    ]}, {"welcome": GREETING})
    write_scenario_metadata(root, "greeting", 30001, GREETING)
    write_rules_metadata(root, "ivr", [{"ruleName": "inbound", "ruleId": 2001,
                                        "rulePattern": "1.*", "scenarios": [("greeting", 30001)]}])
    tree = read_tree("v")
    assert tree.scenarios["welcome"].renamed_from == "greeting"
    assert tree.applications[0].rules[0].renamed_from == "inbound"


def test_rules_metadata_of_another_application_does_not_pair(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "b", "scenarios": []}], "ops": []}, {})
    write_rules_metadata(root, "ops", [{"ruleName": "a", "ruleId": 2001, "rulePattern": ".*",
                                        "scenarios": []}])
    assert read_tree("v").applications[0].rules[0].renamed_from is None


def test_unreadable_metadata_is_a_warning_never_an_error(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "in", "scenarios": ["greeting"]}]},
                     {"greeting": GREETING})
    write(root / ".voxengine-ci" / "scenarios" / "dist" / "greeting.metadata.config.json", "{")
    write(root / ".voxengine-ci" / "scenarios" / "dist" / "menu.metadata.config.json", "[]")
    write(root / ".voxengine-ci" / "applications" / "ivr.emulator.voximplant.com"
          / "rules.metadata.config.json", '{"ruleName": "x"}')
    tree = read_tree("v")
    assert list(tree.scenarios) == ["greeting"]
    assert len(tree.warnings) == 3
    assert all("ignored" in w and ".voxengine-ci" in w for w in tree.warnings)
