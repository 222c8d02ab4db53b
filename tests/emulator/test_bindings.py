"""BindScenario and ReorderScenarios: ordering, idempotence, application checks, concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pulumi_voxbind.emulator import RunningEmulator, running_emulator

from .support import SEED, Api


@pytest.fixture
def ids(api: Api) -> dict[str, int]:
    names = ("greeting", "menu", "goodbye", "other-main", "shared-hello")
    return {name: api.scenario_id(name) for name in names}


@pytest.fixture
def outbound(api: Api) -> int:
    return api.rule("ivr", "outbound")["rule_id"]


def test_bind_appends_in_the_order_given(api: Api, ids: dict[str, int], outbound: int) -> None:
    order = [ids["goodbye"], ids["greeting"], ids["menu"]]
    assert api.ok("BindScenario", rule_id=outbound, scenario_id=order) == {"result": 1}
    assert api.bound("ivr", "outbound") == ["goodbye", "greeting", "menu"]


def test_bind_already_bound_keeps_its_position(api: Api, ids: dict[str, int]) -> None:
    inbound = api.rule("ivr", "inbound")["rule_id"]
    api.ok("BindScenario", rule_id=inbound, scenario_id=[ids["goodbye"], ids["greeting"]])
    assert api.bound("ivr", "inbound") == ["greeting", "menu", "goodbye"]


def test_bind_duplicates_in_one_call_count_once(
    api: Api, ids: dict[str, int], outbound: int
) -> None:
    api.ok("BindScenario", rule_id=outbound, scenario_id=[ids["menu"], ids["menu"], ids["goodbye"]])
    assert api.bound("ivr", "outbound") == ["menu", "goodbye"]


def test_unbind_removes_and_keeps_the_rest_in_order(api: Api, ids: dict[str, int]) -> None:
    inbound = api.rule("ivr", "inbound")["rule_id"]
    api.ok("BindScenario", rule_id=inbound, scenario_id=ids["goodbye"])
    api.ok("BindScenario", rule_id=inbound, scenario_id=ids["menu"], bind=False)
    assert api.bound("ivr", "inbound") == ["greeting", "goodbye"]


def test_unbind_of_a_not_bound_scenario_is_a_no_op(api: Api, ids: dict[str, int]) -> None:
    inbound = api.rule("ivr", "inbound")["rule_id"]
    assert api.ok("BindScenario", rule_id=inbound, scenario_id=ids["goodbye"], bind=False) == {
        "result": 1
    }
    assert api.bound("ivr", "inbound") == ["greeting", "menu"]


@pytest.mark.parametrize(("text", "bound"), [("True", True), ("FALSE", False), ("1", True)])
def test_bind_flag_spellings(
    api: Api, ids: dict[str, int], outbound: int, text: str, bound: bool
) -> None:
    api.ok("BindScenario", rule_id=outbound, scenario_id=ids["menu"])
    api.ok("BindScenario", rule_id=outbound, scenario_id=ids["menu"], bind=text)
    assert api.bound("ivr", "outbound") == (["menu"] if bound else [])


def test_bind_by_names_with_rule_name(api: Api) -> None:
    api.ok(
        "BindScenario",
        scenario_name=["goodbye", "shared-hello"],
        rule_name="outbound",
        application_name="ivr.emulator.voximplant.com",
    )
    assert api.bound("ivr", "outbound") == ["goodbye", "shared-hello"]


def test_shared_scenario_binds_to_any_application(api: Api, ids: dict[str, int]) -> None:
    other_rule = api.rule("other", "inbound")["rule_id"]
    api.ok("BindScenario", rule_id=other_rule, scenario_id=ids["shared-hello"])
    assert api.bound("other", "inbound") == ["shared-hello"]


def test_scenario_of_another_application_is_refused(
    api: Api, ids: dict[str, int], outbound: int
) -> None:
    assert api.error("BindScenario", rule_id=outbound, scenario_id=ids["other-main"]) == (
        132,
        "The 'scenario_id' parameter is invalid",
    )
    assert api.error("BindScenario", rule_id=outbound, scenario_name="other-main")[0] == 168
    assert api.bound("ivr", "outbound") == []


def test_bind_is_all_or_nothing(api: Api, ids: dict[str, int], outbound: int) -> None:
    assert api.error("BindScenario", rule_id=outbound, scenario_id=[ids["menu"], 999999])[0] == 132
    assert api.error("BindScenario", rule_id=outbound, scenario_name="menu;nope")[0] == 168
    assert api.bound("ivr", "outbound") == []


def test_bind_rule_errors(api: Api, ids: dict[str, int], outbound: int) -> None:
    menu = ids["menu"]
    assert api.error("BindScenario", rule_id=999999, scenario_id=menu)[0] == 147
    assert (
        api.error("BindScenario", rule_id=outbound, application_name="other", scenario_id=menu)[0]
        == 147
    )
    assert api.error("BindScenario", rule_name="outbound", scenario_id=menu)[0] == 134
    assert (
        api.error("BindScenario", rule_name="nope", application_name="ivr", scenario_id=menu)[0]
        == 156
    )
    assert api.error("BindScenario", scenario_id=menu)[0] == 134


def test_bind_parameter_errors(api: Api, ids: dict[str, int], outbound: int) -> None:
    assert api.error("BindScenario", rule_id=outbound)[0] == 134
    assert api.error("BindScenario", rule_id=outbound, scenario_id="")[0] == 134
    assert api.error("BindScenario", rule_id=outbound, scenario_id="1;;2")[0] == 132
    assert api.error("BindScenario", rule_id=outbound, scenario_id="abc")[0] == 132
    assert api.error("BindScenario", rule_id="-4", scenario_id=ids["menu"])[0] == 147
    assert api.error("BindScenario", rule_id=outbound, scenario_id=ids["menu"], bind="maybe") == (
        496,
        "The 'bind' parameter is invalid.",
    )
    both = {"scenario_id": ids["menu"], "scenario_name": "goodbye"}
    assert api.error("BindScenario", rule_id=outbound, **both)[0] == 458


def test_reorder_sets_the_execution_order(
    api: Api, ids: dict[str, int], emu: RunningEmulator
) -> None:
    inbound = api.rule("ivr", "inbound")["rule_id"]
    api.ok("BindScenario", rule_id=inbound, scenario_id=ids["goodbye"])
    new_order = [ids["goodbye"], ids["greeting"], ids["menu"]]
    assert api.ok("ReorderScenarios", rule_id=inbound, scenario_id=new_order) == {"result": 1}
    assert api.bound("ivr", "inbound") == ["goodbye", "greeting", "menu"]
    assert [i for i, _ in emu.rule_scenarios(inbound)] == new_order
    # later binds still append after the reordered ones
    api.ok("BindScenario", rule_id=inbound, scenario_id=ids["shared-hello"])
    assert api.bound("ivr", "inbound")[-1] == "shared-hello"


def test_reorder_by_rule_name(api: Api, ids: dict[str, int]) -> None:
    order = [ids["menu"], ids["greeting"]]
    api.ok("ReorderScenarios", rule_name="inbound", application_name="ivr", scenario_id=order)
    assert api.bound("ivr", "inbound") == ["menu", "greeting"]


@pytest.mark.parametrize(
    "order",
    [
        ["menu"],  # missing one
        ["menu", "greeting", "goodbye"],  # one not bound
        ["menu", "menu"],  # duplicate
        ["menu", "goodbye"],  # swapped for an unbound one
    ],
)
def test_reorder_requires_exactly_the_bound_scenarios(
    api: Api, ids: dict[str, int], order: list[str]
) -> None:
    inbound = api.rule("ivr", "inbound")["rule_id"]
    assert api.error("ReorderScenarios", rule_id=inbound, scenario_id=[ids[n] for n in order]) == (
        496,
        "The 'scenario_id' parameter is invalid.",
    )
    assert api.bound("ivr", "inbound") == ["greeting", "menu"]


def test_reorder_parameter_errors(api: Api, ids: dict[str, int]) -> None:
    inbound = api.rule("ivr", "inbound")["rule_id"]
    assert api.error("ReorderScenarios", rule_id=inbound)[0] == 134
    assert api.error("ReorderScenarios", scenario_id=ids["menu"])[0] == 134
    assert api.error("ReorderScenarios", rule_id=999999, scenario_id=ids["menu"])[0] == 147
    assert api.error("ReorderScenarios", rule_id=inbound, scenario_id="x;y")[0] == 132


def test_concurrent_binds_lose_nothing_and_keep_each_calls_order(
    api: Api, emu: RunningEmulator
) -> None:
    """16 threads bind 3 scenarios each to one rule; every call is applied atomically."""
    rule_id = api.ok("AddRule", application_name="ivr", rule_name="busy", rule_pattern=".*")[
        "rule_id"
    ]
    groups = []
    for thread in range(16):
        names = [f"t{thread:02}-{index}" for index in range(3)]
        for name in names:
            api.ok("AddScenario", scenario_name=name, application_name="ivr")
        groups.append(names)

    def bind(names: list[str]) -> dict:
        caller = Api(emu.url, emu.credentials)
        try:
            # overlap: also (re)bind the first group's first scenario from every thread
            return caller.ok("BindScenario", rule_id=rule_id, scenario_name=[*names, "t00-0"])
        finally:
            caller.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(bind, groups))
    assert results == [{"result": 1}] * 16
    bound = api.bound("ivr", "busy")
    assert sorted(bound) == sorted(name for names in groups for name in names)
    assert len(bound) == len(set(bound)) == 48
    for names in groups[1:]:  # each call's scenarios are contiguous and in the order given
        start = bound.index(names[0])
        assert bound[start : start + 3] == names
    assert [name for _, name in emu.rule_scenarios(rule_id)] == bound


def test_concurrent_bind_and_unbind_on_a_state_file(tmp_path: Path) -> None:
    """Bind, unbind and re-bind from 16 threads against a SQLite file; nothing is lost."""
    with running_emulator(seed=SEED, state_path=tmp_path / "state.db") as emu:
        api = Api(emu.url, emu.credentials)
        rule_id = api.rule("ivr", "outbound")["rule_id"]
        pairs = []
        for thread in range(16):
            pair = [
                api.ok("AddScenario", scenario_name=f"c{thread:02}-{i}", application_name="ivr")[
                    "scenario_id"
                ]
                for i in range(2)
            ]
            pairs.append(pair)

        def churn(pair: list[int]) -> None:
            caller = Api(emu.url, emu.credentials)
            try:
                caller.ok("BindScenario", rule_id=rule_id, scenario_id=[pair[1], pair[0]])
                caller.ok("BindScenario", rule_id=rule_id, scenario_id=pair[1], bind=False)
                caller.ok("BindScenario", rule_id=rule_id, scenario_id=pair[1])
            finally:
                caller.close()

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(churn, pairs))
        order = [scenario_id for scenario_id, _ in emu.rule_scenarios(rule_id)]
        assert sorted(order) == sorted(i for pair in pairs for i in pair)
        for first, second in pairs:  # the re-bound one went to the end, after its partner
            assert order.index(first) < order.index(second)
        listed = api.rule("ivr", "outbound")["scenarios"]
        assert [s["scenario_id"] for s in listed] == order
        api.close()
        assert emu.fatal_errors == 0
