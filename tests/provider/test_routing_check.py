"""check() of Application, Rule, Scenario and RuleOrder: offline, every problem named."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from pulumi.output import Unknown

from pulumi_voxbind.resources import declarations
from pulumi_voxbind.resources.application.inputs import check_inputs as check_application
from pulumi_voxbind.resources.rule.inputs import check_inputs as check_rule
from pulumi_voxbind.resources.rule_order.inputs import check_inputs as check_rule_order
from pulumi_voxbind.resources.scenario.inputs import check_inputs as check_scenario

APP = {"application_name": "ivr"}
RULE = {"application_id": 7, "rule_name": "inbound", "rule_pattern": ".*"}
ORDER = {"application_id": 7, "rule_ids": [2001, 2002]}
SCENARIO = {"scenario_name": "greeting", "scenario_script": "VoxEngine.terminate();\n"}

VALID: list[tuple[str, Any, dict[str, Any]]] = [
    ("application short", check_application, APP),
    ("application full", check_application, {"application_name": "ivr.acme.voximplant.com"}),
    ("application 65 chars", check_application, {"application_name": "a" * 65}),
    ("application adopt", check_application, {**APP, "adopt": True}),
    ("application unknown name", check_application, {"application_name": Unknown()}),
    ("rule by app name", check_rule, {**RULE, "application_id": None,
                                      "application_name": "ivr"}),
    ("rule all fields", check_rule, {**RULE, "rule_pattern_exclude": "7.*",
                                     "video_conference": True, "adopt": True}),
    ("rule id as float", check_rule, {**RULE, "application_id": 7.0}),
    ("rule unknown app id", check_rule, {**RULE, "application_id": Unknown()}),
    ("rule 99 chars", check_rule, {**RULE, "rule_name": "r" * 99}),
    ("order", check_rule_order, ORDER),
    ("order floats", check_rule_order, {**ORDER, "rule_ids": [2001.0, 2002.0]}),
    ("order unknown list", check_rule_order, {**ORDER, "rule_ids": Unknown()}),
    ("order unknown item", check_rule_order, {**ORDER, "rule_ids": [2001, Unknown()]}),
    ("scenario shared", check_scenario, SCENARIO),
    ("scenario in app by id", check_scenario, {**SCENARIO, "application_id": 7}),
    ("scenario in app by name", check_scenario, {**SCENARIO, "application_name": "ivr"}),
    ("scenario 29 chars", check_scenario, {**SCENARIO, "scenario_name": "s" * 29}),
    ("scenario largest script", check_scenario, {**SCENARIO,
                                                 "scenario_script": "x" * (128 * 1024 - 1)}),
    ("scenario unknown script", check_scenario, {**SCENARIO, "scenario_script": Unknown()}),
]

INVALID: list[tuple[str, Any, dict[str, Any], str, str]] = [
    # (case, check, inputs, failing property, words the reason must contain)
    ("application missing", check_application, {}, "application_name", "required"),
    ("application capital", check_application, {"application_name": "IVR"}, "application_name",
     "short application name"),
    ("application one char", check_application, {"application_name": "a"}, "application_name",
     "short application name"),
    ("application 66 chars", check_application, {"application_name": "a" * 66},
     "application_name", "1-64"),
    ("application underscore", check_application, {"application_name": "my_app"},
     "application_name", "short application name"),
    ("application adopt string", check_application, {**APP, "adopt": "yes"}, "adopt",
     "True or False"),
    ("application unknown input", check_application, {**APP, "name": "x"}, "name",
     "unknown input"),
    ("rule no app", check_rule, {"rule_name": "r", "rule_pattern": ".*"}, "application_id",
     "needs its application"),
    ("rule both app forms", check_rule, {**RULE, "application_name": "ivr"}, "application_id",
     "only one"),
    ("rule app id zero", check_rule, {**RULE, "application_id": 0}, "application_id",
     "got 0"),
    ("rule app id fraction", check_rule, {**RULE, "application_id": 7.5}, "application_id",
     "positive integer"),
    ("rule no name", check_rule, {"application_id": 7, "rule_pattern": ".*"}, "rule_name",
     "required"),
    ("rule 100 chars", check_rule, {**RULE, "rule_name": "r" * 100}, "rule_name", "at most 99"),
    ("rule semicolon", check_rule, {**RULE, "rule_name": "a;b"}, "rule_name", "';'"),
    ("rule padded", check_rule, {**RULE, "rule_name": " in"}, "rule_name", "spaces"),
    ("rule no pattern", check_rule, {"application_id": 7, "rule_name": "r"}, "rule_pattern",
     "'.*' matches every call"),
    ("rule empty pattern", check_rule, {**RULE, "rule_pattern": ""}, "rule_pattern",
     "non-empty"),
    ("rule bad pattern", check_rule, {**RULE, "rule_pattern": "7(["}, "rule_pattern",
     "not a valid regular expression"),
    ("rule bad exclude", check_rule, {**RULE, "rule_pattern_exclude": "*"},
     "rule_pattern_exclude", "not a valid regular expression"),
    ("rule empty exclude", check_rule, {**RULE, "rule_pattern_exclude": ""},
     "rule_pattern_exclude", "omit it"),
    ("rule 64K pattern", check_rule, {**RULE, "rule_pattern": "1" * 65536}, "rule_pattern",
     "64 KB"),
    ("rule video string", check_rule, {**RULE, "video_conference": "true"}, "video_conference",
     "True or False"),
    ("order no app", check_rule_order, {"rule_ids": [1]}, "application_id",
     "needs its application"),
    ("order no ids", check_rule_order, {"application_id": 7}, "rule_ids", "required"),
    ("order empty", check_rule_order, {**ORDER, "rule_ids": []}, "rule_ids", "empty"),
    ("order not a list", check_rule_order, {**ORDER, "rule_ids": 5}, "rule_ids", "list"),
    ("order text", check_rule_order, {**ORDER, "rule_ids": "2001"}, "rule_ids", "list"),
    ("order twice", check_rule_order, {**ORDER, "rule_ids": [1, 2, 1.0]}, "rule_ids", "twice"),
    ("order bad id", check_rule_order, {**ORDER, "rule_ids": [1, -2]}, "rule_ids",
     "rule_ids[1] must be a positive integer rule id, got -2"),
    ("scenario no name", check_scenario, {"scenario_script": "x"}, "scenario_name", "required"),
    ("scenario 30 chars", check_scenario, {**SCENARIO, "scenario_name": "s" * 30},
     "scenario_name", "at most 29"),
    ("scenario no script", check_scenario, {"scenario_name": "s"}, "scenario_script",
     "neither is set"),
    ("scenario both scripts", check_scenario, {**SCENARIO, "scenario_script_file": "a.js"},
     "scenario_script", "both are set"),
    ("scenario empty script", check_scenario, {**SCENARIO, "scenario_script": ""},
     "scenario_script", "is empty"),
    ("scenario 128K script", check_scenario, {**SCENARIO, "scenario_script": "x" * 131072},
     "scenario_script", "131072 bytes"),
    ("scenario multibyte over", check_scenario, {**SCENARIO, "scenario_script": "é" * 65536},
     "scenario_script", "131072 bytes"),
    ("scenario missing file", check_scenario, {"scenario_name": "s",
                                               "scenario_script_file": "nope/missing.js"},
     "scenario_script_file", "relative to the program's working directory"),
    ("scenario both apps", check_scenario, {**SCENARIO, "application_id": 7,
                                            "application_name": "ivr"}, "application_id",
     "only one"),
    ("scenario sha given", check_scenario, {**SCENARIO, "script_sha256": "ab"},
     "script_sha256", "unknown input"),
]


@pytest.mark.parametrize(("case", "check", "inputs"), VALID, ids=[c[0] for c in VALID])
def test_valid_inputs_pass(case: str, check: Any, inputs: dict[str, Any]) -> None:
    _, failures = check({k: v for k, v in inputs.items() if v is not None})
    assert failures == []


@pytest.mark.parametrize(("case", "check", "inputs", "prop", "words"), INVALID,
                         ids=[c[0] for c in INVALID])
def test_invalid_inputs_fail_naming_the_input(case: str, check: Any, inputs: dict[str, Any],
                                              prop: str, words: str) -> None:
    _, failures = check(inputs)
    matching = [f for f in failures if f.property == prop]
    assert matching, failures
    assert any(words in f.reason for f in matching), [f.reason for f in matching]


def test_every_problem_is_reported_at_once() -> None:
    _, failures = check_rule({"application_id": -1, "application_name": "X", "rule_name": "",
                              "rule_pattern": "(", "video_conference": 1, "adopt": 0})
    assert {f.property for f in failures} == {"application_id", "application_name",
                                              "rule_name", "rule_pattern", "video_conference",
                                              "adopt"}


def test_ids_print_as_integers() -> None:
    _, failures = check_rule({**RULE, "application_id": -3.0})
    assert "got -3;" in failures[0].reason and "-3.0" not in failures[0].reason


def test_normalisation() -> None:
    props, _ = check_rule({**RULE, "application_id": 7.0, "video_conference": False,
                           "adopt": False})
    assert props == {"application_id": 7, "rule_name": "inbound", "rule_pattern": ".*"}
    assert type(props["application_id"]) is int
    props, _ = check_rule_order({**ORDER, "rule_ids": [2001.0, 2002.0]})
    assert props["rule_ids"] == [2001, 2002] and all(type(i) is int for i in props["rule_ids"])


def test_script_hash_is_of_the_exact_bytes(tmp_path: Path) -> None:
    data = "// é\r\nVoxEngine.terminate();\t \n\n".encode()
    (tmp_path / "s.js").write_bytes(data)
    by_file, failures = check_scenario({"scenario_name": "s", "scenario_script_file": "s.js",
                                        "scenario_script_path": str(tmp_path / "s.js")})
    assert failures == []
    assert by_file["script_sha256"] == hashlib.sha256(data).hexdigest()
    inline, _ = check_scenario({"scenario_name": "s", "scenario_script": data.decode()})
    assert inline["script_sha256"] == by_file["script_sha256"]


def test_script_file_relative_to_this_process_without_a_resolved_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "a.js").write_text("a();")
    monkeypatch.chdir(tmp_path)
    props, failures = check_scenario({"scenario_name": "a",
                                      "scenario_script_file": "scenarios/a.js"})
    assert failures == [] and props["script_sha256"] == hashlib.sha256(b"a();").hexdigest()


@pytest.mark.parametrize(("data", "words"), [
    (b"", "is empty"),
    (b"\xff\xfe not utf-8", "not UTF-8 text (byte 0)"),
    (b"x" * 131072, "131072 bytes"),
])
def test_bad_script_files(tmp_path: Path, data: bytes, words: str) -> None:
    (tmp_path / "s.js").write_bytes(data)
    _, failures = check_scenario({"scenario_name": "s", "scenario_script_file": "s.js",
                                  "scenario_script_path": str(tmp_path / "s.js")})
    assert [f.property for f in failures] == ["scenario_script_file"]
    assert words in failures[0].reason and "'s.js'" in failures[0].reason


def test_a_directory_is_not_a_script(tmp_path: Path) -> None:
    _, failures = check_scenario({"scenario_name": "s", "scenario_script_file": "d",
                                  "scenario_script_path": str(tmp_path)})
    assert "cannot read" in failures[0].reason


def test_providers_record_what_the_deployment_declares() -> None:
    from pulumi_voxbind.provider import RuleProvider, ScenarioProvider

    declarations.forget_all()
    RuleProvider().check({}, {**RULE, "application_id": 7.0, "__provider": "blob"})
    ScenarioProvider().check({}, {**SCENARIO, "__provider": "blob"})
    assert declarations.declared("Rule") == [{**RULE}]
    (scenario,) = declarations.declared("Scenario")
    assert scenario["scenario_name"] == "greeting" and "__provider" not in scenario
    declarations.forget_all()
