"""AddScenario, GetScenarios, SetScenarioInfo, DelScenario."""

from __future__ import annotations

from pulumi_voxbind.emulator import RunningEmulator

from .support import Api


def test_add_scenario_without_application_goes_to_shared(api: Api) -> None:
    body = api.ok("AddScenario", scenario_name="common", scenario_script="// c")
    assert body["result"] == 1
    assert isinstance(body["scenario_id"], int)
    for app in ("ivr", "other"):
        in_app = api.ok("GetScenarios", application_name=app)["result"]
        assert "common" not in [s["scenario_name"] for s in in_app]
    everywhere = api.ok("GetScenarios", scenario_name="common")["result"]
    assert [s["scenario_id"] for s in everywhere] == [body["scenario_id"]]


def test_add_scenario_in_an_application(api: Api) -> None:
    body = api.ok("AddScenario", scenario_name="ivr-extra", application_name="ivr")
    listed = api.ok("GetScenarios", application_name="ivr")
    assert body["scenario_id"] in [s["scenario_id"] for s in listed["result"]]
    assert listed["application_name"] == "ivr.emulator.voximplant.com"
    assert listed["extended_application_name"] == "ivr.emulator.n1.voximplant.com"
    assert isinstance(listed["application_id"], int)
    unfiltered = api.ok("GetScenarios")
    assert not {"application_id", "application_name", "extended_application_name"} & set(unfiltered)


def test_add_scenario_with_rule_binds_it_at_the_end(api: Api) -> None:
    rule_id = api.rule("ivr", "inbound")["rule_id"]
    api.ok("AddScenario", scenario_name="tail", application_name="ivr", rule_id=rule_id)
    api.ok("AddScenario", scenario_name="tail2", application_name="ivr", rule_name="inbound")
    assert api.bound("ivr", "inbound") == ["greeting", "menu", "tail", "tail2"]


def test_add_shared_scenario_binds_to_any_applications_rule(api: Api) -> None:
    rule_id = api.rule("other", "inbound")["rule_id"]
    api.ok("AddScenario", scenario_name="shared2", rule_id=rule_id)
    assert api.bound("other", "inbound") == ["shared2"]


def test_add_scenario_rule_must_match_application(api: Api) -> None:
    other_rule = api.rule("other", "inbound")["rule_id"]
    code, _ = api.error(
        "AddScenario", scenario_name="x", application_name="ivr", rule_id=other_rule
    )
    assert code == 147
    assert api.error("AddScenario", scenario_name="x", rule_name="inbound")[0] == 134
    assert (
        api.error("AddScenario", scenario_name="x", application_name="ivr", rule_name="no")[0]
        == 156
    )
    assert api.ok("GetScenarios", scenario_name="x")["total_count"] == 0


def test_scenario_names_are_unique_per_account(api: Api) -> None:
    assert api.error("AddScenario", scenario_name="greeting", application_name="other") == (
        133,
        "The scenario name is not unique",
    )
    assert api.error("AddScenario", scenario_name="greeting")[0] == 133


def test_add_scenario_rewrite_replaces_the_script_and_keeps_the_id(api: Api) -> None:
    old_id = api.scenario_id("greeting")
    body = api.ok("AddScenario", scenario_name="greeting", scenario_script="// v2", rewrite=True)
    assert body["scenario_id"] == old_id
    got = api.ok("GetScenarios", scenario_id=old_id, with_script=True)["result"][0]
    assert got["scenario_script"] == "// v2"
    assert api.bound("ivr", "inbound") == ["greeting", "menu"]


def test_add_scenario_name_limit_is_29_characters(api: Api) -> None:
    api.ok("AddScenario", scenario_name="s" * 29)
    assert api.error("AddScenario", scenario_name="s" * 30) == (
        168,
        "The 'scenario_name' parameter is invalid",
    )
    assert api.error("AddScenario", scenario_name="a;b")[0] == 168
    assert api.error("AddScenario")[0] == 134


def test_add_scenario_script_must_be_under_128_kib(api: Api) -> None:
    api.ok("AddScenario", scenario_name="big", scenario_script="x" * (128 * 1024 - 1))
    assert api.error("AddScenario", scenario_name="big2", scenario_script="x" * 128 * 1024) == (
        496,
        "The 'scenario_script' parameter is invalid.",
    )


def test_get_scenarios_substring_filter_is_case_insensitive(api: Api) -> None:
    found = api.ok("GetScenarios", scenario_name="E")["result"]
    assert [s["scenario_name"] for s in found] == [
        "greeting",
        "menu",
        "goodbye",
        "other-main",
        "shared-hello",
    ]
    assert [s["scenario_name"] for s in api.ok("GetScenarios", scenario_name="BYE")["result"]] == [
        "goodbye"
    ]


def test_get_scenarios_items_have_no_script_unless_asked(api: Api) -> None:
    item = api.ok("GetScenarios")["result"][0]
    assert set(item) == {"scenario_id", "scenario_name", "modified", "parent"}
    scenario_id = api.scenario_id("menu")
    with_script = api.ok("GetScenarios", scenario_id=scenario_id, with_script=True)["result"]
    assert with_script == [
        {**with_script[0], "scenario_script": "// menu"},
    ]
    assert set(with_script[0]) == {
        "scenario_id", "scenario_name", "modified", "parent", "scenario_script"
    }


def test_get_scenarios_with_script_needs_scenario_id(api: Api) -> None:
    assert api.error("GetScenarios", with_script=True)[0] == 134


def test_get_scenarios_default_page_is_20(api: Api) -> None:
    for index in range(20):
        api.ok("AddScenario", scenario_name=f"bulk{index:02}")
    first = api.ok("GetScenarios")
    assert (first["count"], first["total_count"]) == (20, 25)
    rest = api.ok("GetScenarios", offset=20, count=10)
    assert (rest["count"], rest["total_count"]) == (5, 25)
    ids = [s["scenario_id"] for s in first["result"] + rest["result"]]
    assert ids == sorted(set(ids))


def test_get_scenarios_unknown_application(api: Api) -> None:
    assert api.error("GetScenarios", application_name="nope")[0] == 107
    assert api.error("GetScenarios", application_id=7)[0] == 116


def test_set_scenario_info_renames_and_replaces_script(api: Api) -> None:
    scenario_id = api.scenario_id("menu")
    api.ok("SetScenarioInfo", scenario_id=scenario_id, scenario_name="menu2", scenario_script="//")
    got = api.ok("GetScenarios", scenario_id=scenario_id, with_script=True)["result"][0]
    assert (got["scenario_name"], got["scenario_script"]) == ("menu2", "//")
    assert api.bound("ivr", "inbound") == ["greeting", "menu2"]


def test_set_scenario_info_by_required_scenario_name(api: Api) -> None:
    api.ok("SetScenarioInfo", required_scenario_name="goodbye", scenario_name="bye")
    assert api.ok("GetScenarios", scenario_name="bye")["result"][0]["scenario_name"] == "bye"


def test_set_scenario_info_errors(api: Api) -> None:
    menu = api.scenario_id("menu")
    assert api.error("SetScenarioInfo", scenario_id=menu, scenario_name="greeting")[0] == 133
    assert api.error("SetScenarioInfo", scenario_id=999999, scenario_name="x")[0] == 132
    assert api.error("SetScenarioInfo", required_scenario_name="nope", scenario_name="x")[0] == 168
    assert api.error("SetScenarioInfo", scenario_name="x")[0] == 134
    assert (
        api.error(
            "SetScenarioInfo",
            scenario_id=menu,
            required_scenario_name="greeting",
            scenario_name="x",
        )[0]
        == 458
    )
    assert api.error("SetScenarioInfo", scenario_id=menu, scenario_name="m" * 30)[0] == 168
    assert api.scenario_id("menu") == menu


def test_del_scenario_unbinds_it(api: Api, emu: RunningEmulator) -> None:
    rule_id = api.rule("ivr", "inbound")["rule_id"]
    assert api.ok("DelScenario", scenario_name="greeting") == {"result": 1}
    assert [name for _, name in emu.rule_scenarios(rule_id)] == ["menu"]
    assert api.ok("GetScenarios", scenario_name="greeting")["total_count"] == 0


def test_del_scenario_by_id_list(api: Api) -> None:
    ids = [api.scenario_id("greeting"), api.scenario_id("goodbye")]
    api.ok("DelScenario", scenario_id=ids)
    assert api.ok("GetScenarios")["total_count"] == 3


def test_del_scenario_is_all_or_nothing(api: Api) -> None:
    assert api.error("DelScenario", scenario_id=[api.scenario_id("menu"), 999999])[0] == 132
    assert api.error("DelScenario", scenario_name="menu;nope")[0] == 168
    assert api.error("DelScenario")[0] == 134
    assert api.ok("GetScenarios")["total_count"] == 5


def test_del_scenario_all(api: Api) -> None:
    api.ok("DelScenario", scenario_id="all")
    assert api.ok("GetScenarios")["total_count"] == 0
    assert api.bound("ivr", "inbound") == []
