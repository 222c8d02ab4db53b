"""check(): every invalid combination of inputs fails offline, naming the field and the fix."""

from __future__ import annotations

import pytest
from pulumi.output import Unknown

from pulumi_voxbind.resources.binding.inputs import check_inputs

BY_NAMES = {"application_name": "ivr", "rule_name": "inbound", "scenario_names": ["a", "b"]}
BY_IDS = {"application_id": 1, "rule_id": 45, "scenario_ids": [101, 102]}

VALID = [
    ("by names", BY_NAMES),
    ("by ids", BY_IDS),
    ("rule id without application", {"rule_id": 45, "scenario_ids": [101]}),
    ("rule id with application name", {"application_name": "ivr.acc.voximplant.com",
                                       "rule_id": 45, "scenario_names": ["a"]}),
    ("ids as floats from protobuf", {"rule_id": 45.0, "scenario_ids": [101.0, 102.0]}),
    ("unknown rule at preview", {"application_id": 1, "rule_name": Unknown(),
                                 "scenario_ids": [1]}),
    ("unknown list at preview", {"rule_id": 4, "scenario_names": Unknown()}),
    ("unknown element at preview", {"rule_id": 4, "scenario_names": ["a", Unknown()]}),
    ("29-char scenario name", {"rule_id": 4, "scenario_names": ["x" * 29]}),
    ("99-char rule name", {"application_id": 1, "rule_name": "r" * 99, "scenario_ids": [1]}),
]

INVALID = [
    # (case, inputs, failing property, words the reason must contain)
    ("both scenario forms", {**BY_IDS, "scenario_names": ["a"]}, "scenario_ids", "only one"),
    ("no scenarios", {"rule_id": 4}, "scenario_names", "scenario_ids"),
    ("both rule forms", {**BY_IDS, "rule_name": "inbound"}, "rule_id", "only one"),
    ("no rule", {"application_id": 1, "scenario_ids": [1]}, "rule_name", "rule_id"),
    ("rule name without application", {"rule_name": "inbound", "scenario_ids": [1]},
     "application_name", "application_id"),
    ("both application forms", {**BY_IDS, "application_name": "ivr"}, "application_id",
     "only one"),
    ("empty id list", {"rule_id": 4, "scenario_ids": []}, "scenario_ids", "empty"),
    ("empty name list", {**BY_NAMES, "scenario_names": []}, "scenario_names", "empty"),
    ("duplicate ids", {"rule_id": 4, "scenario_ids": [1, 2, 1]}, "scenario_ids", "twice"),
    ("duplicate names", {**BY_NAMES, "scenario_names": ["a", "a"]}, "scenario_names", "twice"),
    ("zero id", {"rule_id": 4, "scenario_ids": [0]}, "scenario_ids", "positive integer"),
    ("negative rule id", {"rule_id": -4, "scenario_ids": [1]}, "rule_id", "positive integer"),
    ("fractional id", {"rule_id": 4.5, "scenario_ids": [1]}, "rule_id", "positive integer"),
    ("bool id", {"rule_id": True, "scenario_ids": [1]}, "rule_id", "positive integer"),
    ("text id", {"rule_id": "inbound", "scenario_ids": [1]}, "rule_id", "positive integer"),
    ("non-list scenarios", {"rule_id": 4, "scenario_ids": 5}, "scenario_ids", "must be a list"),
    ("30-char scenario name", {"rule_id": 4, "scenario_names": ["x" * 30]}, "scenario_names",
     "at most 29"),
    ("100-char rule name", {"application_id": 1, "rule_name": "r" * 100, "scenario_ids": [1]},
     "rule_name", "at most 99"),
    ("blank rule name", {"application_id": 1, "rule_name": "  ", "scenario_ids": [1]},
     "rule_name", "non-empty"),
    ("padded scenario name", {"rule_id": 4, "scenario_names": [" a"]}, "scenario_names",
     "spaces"),
    ("empty scenario name", {"rule_id": 4, "scenario_names": [""]}, "scenario_names",
     "non-empty"),
    ("unknown input", {**BY_IDS, "scenario": "x"}, "scenario", "unknown input"),
]


@pytest.mark.parametrize(("case", "news"), VALID, ids=[c for c, _ in VALID])
def test_valid_inputs_pass(case: str, news: dict) -> None:
    _, failures = check_inputs(dict(news))
    assert failures == [], case


@pytest.mark.parametrize(("case", "news", "prop", "words"), INVALID,
                         ids=[c[0] for c in INVALID])
def test_invalid_inputs_name_the_field_and_the_fix(case: str, news: dict, prop: str,
                                                   words: str) -> None:
    _, failures = check_inputs(dict(news))
    matching = [f for f in failures if f.property == prop]
    assert matching, f"{case}: expected a failure on {prop}, got {failures}"
    assert any(words in f.reason for f in matching), f"{case}: {matching}"


def test_every_problem_is_reported_at_once() -> None:
    _, failures = check_inputs({"rule_id": 0, "scenario_ids": [1, 1, -2],
                                "scenario_names": ["a"]})
    props = sorted(f.property for f in failures)
    assert props.count("scenario_ids") >= 3 and "rule_id" in props


def test_ids_are_normalised_to_integers() -> None:
    inputs, failures = check_inputs({"application_id": 1.0, "rule_id": 45.0,
                                     "scenario_ids": [101.0, "102"]})
    assert failures == []
    assert inputs == {"application_id": 1, "rule_id": 45, "scenario_ids": [101, 102]}
    assert all(type(v) is int for v in inputs["scenario_ids"])


def test_numbers_that_crossed_grpc_are_shown_as_written() -> None:
    """Numbers arrive as floats over gRPC; messages show 5, not 5.0."""
    _, failures = check_inputs({"application_name": 5.0, "rule_name": "inbound",
                                "scenario_ids": [0.0, 2.0]})
    reasons = " ".join(f.reason for f in failures)
    assert "got 5" in reasons and "got 0" in reasons
    assert ".0" not in reasons
