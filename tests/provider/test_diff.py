"""diff(): identity by what the user wrote, in-place updates for list changes, no API use."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown

from pulumi_voxbind.resources.binding.operations import OrderConflict, merged_order
from pulumi_voxbind.resources.binding.planning import plan_diff

STATE = {
    "application_id": 7, "application_name": "ivr.acme.voximplant.com",
    "rule_id": 45, "rule_name": "inbound",
    "scenario_ids": [101, 102], "scenario_names": ["greeting", "menu"],
    "declared_keys": ["application_name", "rule_name", "scenario_names"],
    "__provider": "old-blob",
}
NAMES = {"application_name": "ivr.acme.voximplant.com", "rule_name": "inbound",
         "scenario_names": ["greeting", "menu"], "__provider": "new-blob"}

CASES = [
    # (case, news, changes, replaces)
    ("identical", NAMES, False, []),
    ("__provider differs only", {**NAMES, "__provider": "other"}, False, []),
    ("state numbers as floats", NAMES, False, []),
    ("short application name", {**NAMES, "application_name": "ivr"}, False, []),
    ("scenario order changed", {**NAMES, "scenario_names": ["menu", "greeting"]}, True, []),
    ("scenario added", {**NAMES, "scenario_names": ["greeting", "menu", "bye"]}, True, []),
    ("scenario removed", {**NAMES, "scenario_names": ["menu"]}, True, []),
    ("other rule by name", {**NAMES, "rule_name": "outbound"}, True, ["rule_name"]),
    ("other application", {**NAMES, "application_name": "crm.acme.voximplant.com"}, True,
     ["application_name"]),
    ("same rule now by id", {"application_id": 7, "rule_id": 45,
                             "scenario_names": ["greeting", "menu"]}, True, []),
    ("other rule by id", {"rule_id": 46, "scenario_ids": [101, 102]}, True, ["rule_id"]),
    ("same rule and ids as floats", {"rule_id": 45.0, "scenario_ids": [101.0, 102.0]}, False,
     []),
    ("unknown rule name", {**NAMES, "rule_name": Unknown()}, True, ["rule_name"]),
    ("unknown application id", {"application_id": Unknown(), "rule_id": 45,
                                "scenario_ids": [101, 102]}, True, ["application_id"]),
    ("unknown scenario list", {**NAMES, "scenario_names": Unknown()}, True, []),
    ("unknown scenario element", {**NAMES, "scenario_names": ["greeting", Unknown()]}, True,
     []),
]


@pytest.mark.parametrize(("case", "news", "changes", "replaces"), CASES,
                         ids=[c[0] for c in CASES])
def test_diff_table(case: str, news: dict, changes: bool, replaces: list[str]) -> None:
    olds = dict(STATE)
    if case == "state numbers as floats":
        olds.update(application_id=7.0, rule_id=45.0, scenario_ids=[101.0, 102.0])
    if case == "same rule and ids as floats":
        olds["declared_keys"] = ["rule_id", "scenario_ids"]
    plan = plan_diff({k: v for k, v in olds.items() if k != "__provider"},
                     {k: v for k, v in news.items() if k != "__provider"})
    assert (plan.changes, plan.replaces) == (changes, replaces), case


def test_same_spelling_by_ids_is_no_change() -> None:
    olds = {**STATE, "declared_keys": ["rule_id", "scenario_ids"]}
    plan = plan_diff(olds, {"rule_id": 45, "scenario_ids": [101, 102]})
    assert plan.changes is False and plan.replaces == []


def test_state_without_a_rule_is_rebuilt() -> None:
    plan = plan_diff({}, dict(NAMES))
    assert plan.changes and plan.replaces == ["rule_name"]


ORDER_CASES = [
    ("only ours, reversed", [1, 2], [2, 1], [], [2, 1]),
    ("others keep their relative order", [9, 1, 8, 2], [2, 1], [], [9, 8, 2, 1]),
    ("already in order: unchanged", [9, 1, 2], [1, 2], [], [9, 1, 2]),
    ("a new binding's scenarios stay last", [9, 8, 1, 2], [1, 2], [], [9, 8, 1, 2]),
    ("another binding's order holds too", [3, 1, 2], [2, 1], [[1, 3]], [2, 1, 3]),
    ("shared scenarios in one order", [5, 1, 2, 6], [1, 2], [[6, 1]], [5, 6, 1, 2]),
    ("unbound declared scenarios are ignored", [9, 2, 1], [1, 2], [[7, 1]], [9, 1, 2]),
]


@pytest.mark.parametrize(("case", "current", "ours", "others", "wanted"), ORDER_CASES,
                         ids=[c[0] for c in ORDER_CASES])
def test_merged_order_honours_every_declared_order(
        case: str, current: list[int], ours: list[int], others: list[list[int]],
        wanted: list[int]) -> None:
    assert merged_order(current, ours, others) == wanted, case


def test_contradicting_orders_are_refused() -> None:
    with pytest.raises(OrderConflict) as info:
        merged_order([1, 2, 3], [1, 2], [[2, 3], [3, 1]])
    assert sorted(info.value.scenario_ids) == [1, 2, 3]
