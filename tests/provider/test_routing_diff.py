"""diff() of Application, Rule, Scenario and RuleOrder: offline plans, as tables."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from pulumi_voxbind.resources import ownership
from pulumi_voxbind.resources.application.planning import plan_diff as application_diff
from pulumi_voxbind.resources.rule.planning import plan_diff as rule_diff
from pulumi_voxbind.resources.rule_order.operations import desired_order
from pulumi_voxbind.resources.rule_order.planning import plan_diff as order_diff
from pulumi_voxbind.resources.scenario.planning import plan_diff as scenario_diff

FULL = "ivr.acme.voximplant.com"
APP_STATE = {"application_id": 7.0, "application_name": FULL,
             "declared": {"application_name": "ivr"}, "adopted": False}
APP = {"application_name": "ivr"}

APPLICATION_CASES = [
    # (case, news, changes, rename)
    ("identical", APP, False, False),
    ("renamed", {"application_name": "callcenter"}, True, True),
    ("respelled full", {"application_name": FULL}, True, False),
    ("full name of another account, same label", {"application_name": "ivr.x.voximplant.com"},
     True, False),
    ("adopt set later", {**APP, "adopt": True}, True, False),
    ("unknown name", {"application_name": Unknown()}, True, True),
]


@pytest.mark.parametrize(("case", "news", "changes", "rename"), APPLICATION_CASES,
                         ids=[c[0] for c in APPLICATION_CASES])
def test_application_diff(case: str, news: dict, changes: bool, rename: bool) -> None:
    plan = application_diff(APP_STATE, news)
    assert (plan.changes, plan.rename) == (changes, rename)


RULE_STATE = {
    "rule_id": 2001.0, "rule_name": "inbound", "application_id": 7.0, "application_name": FULL,
    "rule_pattern": "1.*", "rule_pattern_exclude": "19.*", "video_conference": False,
    "declared": {"application_id": 7, "rule_name": "inbound", "rule_pattern": "1.*",
                 "rule_pattern_exclude": "19.*"},
    "adopted": False,
}
RULE = dict(RULE_STATE["declared"])  # type: ignore[call-overload]

RULE_CASES: list[tuple[str, dict[str, Any], bool, list[str], bool]] = [
    # (case, news, changes, replaces, delete_before_replace)
    ("identical", RULE, False, [], False),
    ("renamed", {**RULE, "rule_name": "in"}, True, [], False),
    ("new pattern", {**RULE, "rule_pattern": "2.*"}, True, [], False),
    ("new exclude", {**RULE, "rule_pattern_exclude": "18.*"}, True, [], False),
    ("video on", {**RULE, "video_conference": True}, True, [], False),
    ("app now by short name", {**{k: v for k, v in RULE.items() if k != "application_id"},
                               "application_name": "ivr"}, True, [], False),
    ("app id as float", {**RULE, "application_id": 7.0}, False, [], False),
    ("another application", {**RULE, "application_id": 8}, True, ["application_id"], False),
    ("another application by name", {**{k: v for k, v in RULE.items()
                                        if k != "application_id"},
                                     "application_name": "crm"}, True, ["application_name"],
     False),
    ("exclude removed: same name", {k: v for k, v in RULE.items()
                                    if k != "rule_pattern_exclude"}, True,
     ["rule_pattern_exclude"], True),
    ("exclude removed and renamed", {**{k: v for k, v in RULE.items()
                                        if k != "rule_pattern_exclude"}, "rule_name": "x"},
     True, ["rule_pattern_exclude"], False),
    ("app unknown at preview", {**RULE, "application_id": Unknown()}, True, [], False),
    ("name unknown at preview", {**RULE, "rule_name": Unknown()}, True, [], False),
    ("adopt set later", {**RULE, "adopt": True}, True, [], False),
]


@pytest.mark.parametrize(("case", "news", "changes", "replaces", "dbr"), RULE_CASES,
                         ids=[c[0] for c in RULE_CASES])
def test_rule_diff(case: str, news: dict, changes: bool, replaces: list, dbr: bool) -> None:
    plan = rule_diff(RULE_STATE, news)
    assert (plan.changes, plan.replaces, plan.delete_before_replace) == (changes, replaces, dbr)


SHA, SHA2 = "a" * 64, "b" * 64
SCENARIO_STATE = {
    "scenario_id": 30001.0, "scenario_name": "greeting", "application_id": 7.0,
    "application_name": FULL, "script_sha256": SHA,
    "declared": {"scenario_name": "greeting", "scenario_script_file": "greeting.js",
                 "application_id": 7},
    "adopted": False,
}
SCENARIO = {"scenario_name": "greeting", "scenario_script_file": "greeting.js",
            "scenario_script_path": "/anywhere/greeting.js", "application_id": 7,
            "script_sha256": SHA}
SHARED_STATE = {**SCENARIO_STATE, "application_id": None, "application_name": None,
                "declared": {"scenario_name": "greeting", "scenario_script_file": "greeting.js"}}
SHARED = {k: v for k, v in SCENARIO.items() if k != "application_id"}

SCENARIO_CASES: list[tuple[str, dict, dict, bool, list[str], bool]] = [
    # (case, state, news, changes, replaces, delete_before_replace)
    ("identical", SCENARIO_STATE, SCENARIO, False, [], False),
    ("other machine's absolute path", SCENARIO_STATE,
     {**SCENARIO, "scenario_script_path": "/ci/greeting.js"}, False, [], False),
    ("script edited", SCENARIO_STATE, {**SCENARIO, "script_sha256": SHA2}, True, [], False),
    ("renamed", SCENARIO_STATE, {**SCENARIO, "scenario_name": "hello"}, True, [], False),
    ("same bytes inline", SCENARIO_STATE,
     {**{k: v for k, v in SCENARIO.items() if not k.startswith("scenario_script")},
      "scenario_script": "x"}, True, [], False),
    ("file path unknown", SCENARIO_STATE,
     {**{k: v for k, v in SCENARIO.items() if k != "script_sha256"},
      "scenario_script_file": Unknown()}, True, [], False),
    ("app by short name", SCENARIO_STATE,
     {**{k: v for k, v in SCENARIO.items() if k != "application_id"},
      "application_name": "ivr"}, True, [], False),
    ("app to Shared", SCENARIO_STATE, SHARED, True, ["application_id"], True),
    ("Shared to app", SHARED_STATE, SCENARIO, True, ["application_id"], True),
    ("Shared to app by name", SHARED_STATE, {**SHARED, "application_name": "ivr"}, True,
     ["application_name"], True),
    ("Shared to app, renamed", SHARED_STATE, {**SCENARIO, "scenario_name": "g2"}, True,
     ["application_id"], False),
    ("another app", SCENARIO_STATE, {**SCENARIO, "application_id": 8}, True,
     ["application_id"], True),
    ("Shared stays Shared", SHARED_STATE, SHARED, False, [], False),
    ("app unknown at preview", SCENARIO_STATE, {**SCENARIO, "application_id": Unknown()},
     True, [], False),
]


@pytest.mark.parametrize(("case", "state", "news", "changes", "replaces", "dbr"),
                         SCENARIO_CASES, ids=[c[0] for c in SCENARIO_CASES])
def test_scenario_diff(case: str, state: dict, news: dict, changes: bool, replaces: list,
                       dbr: bool) -> None:
    plan = scenario_diff(state, news)
    assert (plan.changes, plan.replaces, plan.delete_before_replace) == (changes, replaces, dbr)


ORDER_STATE = {"application_id": 7.0, "application_name": FULL, "rule_ids": [2002.0, 2001.0],
               "declared": {"application_id": 7}}
ORDER = {"application_id": 7, "rule_ids": [2002, 2001]}
ORDER_CASES = [
    ("identical", ORDER, False, []),
    ("swapped", {**ORDER, "rule_ids": [2001, 2002]}, True, []),
    ("one more", {**ORDER, "rule_ids": [2002, 2001, 2003]}, True, []),
    ("ids unknown", {**ORDER, "rule_ids": Unknown()}, True, []),
    ("one id unknown", {**ORDER, "rule_ids": [2002, Unknown()]}, True, []),
    ("app unknown", {**ORDER, "application_id": Unknown()}, True, []),
    ("another app", {**ORDER, "application_id": 8}, True, ["application_id"]),
]


@pytest.mark.parametrize(("case", "news", "changes", "replaces"), ORDER_CASES,
                         ids=[c[0] for c in ORDER_CASES])
def test_rule_order_diff(case: str, news: dict, changes: bool, replaces: list) -> None:
    plan = order_diff(ORDER_STATE, news)
    assert (plan.changes, plan.replaces) == (changes, replaces)


@pytest.mark.parametrize(("live", "first", "wanted"), [
    ([1, 2, 3], [3, 1], [3, 1, 2]),
    ([1, 2, 3], [1, 2], [1, 2, 3]),
    ([4, 1, 5, 2], [2], [2, 4, 1, 5]),
])
def test_listed_rules_first_others_keep_their_order(live: list, first: list,
                                                    wanted: list) -> None:
    assert desired_order(live, first) == wanted


def test_provider_diff_marks_its_own_delete_before_replace() -> None:
    from pulumi_voxbind.provider import RuleProvider, ScenarioProvider

    news = {k: v for k, v in RULE.items() if k != "rule_pattern_exclude"}
    result = RuleProvider().diff("2001", {**RULE_STATE, "__provider": "a"},
                                 {**news, "__provider": "b"})
    assert result.delete_before_replace and result.replaces == ["rule_pattern_exclude"]
    assert ownership.is_delete_before_replace("Rule", "2001")
    assert not ownership.is_delete_before_replace("Rule", "2002")
    ScenarioProvider().diff("30001", SCENARIO_STATE, SHARED)
    assert ownership.is_delete_before_replace("Scenario", "30001")


def test_diff_loads_no_api_client() -> None:
    import json
    import subprocess
    import sys

    code = ("import json, sys; from pulumi_voxbind.provider import ApplicationProvider, "
            "RuleProvider, ScenarioProvider, RuleOrderProvider; "
            "from pulumi_voxbind import Application, Rule, Scenario, RuleOrder; "
            "r = RuleProvider().check({}, {'application_id': 7, 'rule_name': 'r', "
            "'rule_pattern': '.*'}); assert not r.failures; "
            "RuleProvider().diff('1', {'rule_id': 1, 'application_id': 7}, r.inputs); "
            "ScenarioProvider().check({}, {'scenario_name': 's', 'scenario_script': 'x'}); "
            "ApplicationProvider().diff('1', {}, {'application_name': 'a1'}); "
            "RuleOrderProvider().diff('1', {}, {'application_id': 1, 'rule_ids': [1]}); "
            "print(json.dumps(sorted(m for m in ('requests', 'jwt', 'cryptography', "
            "'pulumi_voxbind.api.client') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert json.loads(out) == []
