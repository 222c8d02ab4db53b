"""The deployment's declarations record: one entry per distinct input set, floats or not."""

from __future__ import annotations

from pulumi_voxbind.resources import declarations


def test_inputs_that_crossed_grpc_match_the_checked_ones() -> None:
    checked = {"rule_id": 5, "scenario_ids": [1, 2], "__provider": "x"}
    over_grpc = {"rule_id": 5.0, "scenario_ids": [1.0, 2.0]}
    assert declarations.fingerprint(checked) == declarations.fingerprint(over_grpc)
    assert declarations.fingerprint(checked) != declarations.fingerprint({"rule_id": 6})


def test_record_and_hold_are_separate_and_deduplicated() -> None:
    kind = "TestKind"
    declarations.record(kind, {"rule_id": 7, "scenario_ids": [1]})
    declarations.record(kind, {"rule_id": 7.0, "scenario_ids": [1.0]})
    assert declarations.declared(kind) == [{"rule_id": 7, "scenario_ids": [1]}]
    assert declarations.held(kind) == []
    declarations.hold(kind, {"rule_id": 7, "scenario_ids": [1], "__provider": "p"})
    assert declarations.held(kind) == [{"rule_id": 7, "scenario_ids": [1]}]
