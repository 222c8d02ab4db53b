"""AddRule, GetRules, SetRuleInfo, DelRule."""

from __future__ import annotations

from .support import Api


def test_add_rule_returns_an_integer_id(api: Api) -> None:
    body = api.ok("AddRule", application_name="ivr", rule_name="night", rule_pattern="8.*")
    assert body["result"] == 1
    assert isinstance(body["rule_id"], int)
    rule = api.rule("ivr", "night")
    assert rule["rule_id"] == body["rule_id"]
    assert rule["rule_pattern"] == "8.*"
    assert rule["video_conference"] is False
    assert rule["scenarios"] == []


def test_add_rule_binds_scenarios_in_the_order_given(api: Api) -> None:
    ids = [api.scenario_id(n) for n in ("goodbye", "greeting", "shared-hello")]
    api.ok("AddRule", application_name="ivr", rule_name="r", rule_pattern=".*", scenario_id=ids)
    assert api.bound("ivr", "r") == ["goodbye", "greeting", "shared-hello"]


def test_add_rule_by_scenario_names(api: Api) -> None:
    api.ok(
        "AddRule",
        application_name="ivr",
        rule_name="r",
        rule_pattern=".*",
        scenario_name=["menu", "goodbye"],
    )
    assert api.bound("ivr", "r") == ["menu", "goodbye"]


def test_add_rule_refuses_scenarios_of_another_application(api: Api) -> None:
    code, _ = api.error(
        "AddRule",
        application_name="ivr",
        rule_name="r",
        rule_pattern=".*",
        scenario_name="other-main",
    )
    assert code == 168
    assert [r["rule_name"] for r in api.ok("GetRules", application_name="ivr")["result"]] == [
        "inbound",
        "outbound",
    ]


def test_rule_names_are_unique_per_application(api: Api) -> None:
    assert api.error("AddRule", application_name="ivr", rule_name="inbound", rule_pattern=".*") == (
        175,
        "The 'rule_name' is not unique",
    )
    # "inbound" also exists in "other": uniqueness is per application, not per account
    api.ok("AddRule", application_name="other", rule_name="outbound", rule_pattern=".*")


def test_add_rule_name_must_be_shorter_than_100(api: Api) -> None:
    api.ok("AddRule", application_name="ivr", rule_name="n" * 99, rule_pattern=".*")
    assert api.error("AddRule", application_name="ivr", rule_name="n" * 100, rule_pattern=".*") == (
        156,
        "The 'rule_name' parameter is invalid",
    )


def test_add_rule_required_parameters(api: Api) -> None:
    assert api.error("AddRule", application_name="ivr", rule_name="x")[0] == 134
    assert api.error("AddRule", application_name="ivr", rule_pattern=".*")[0] == 134
    assert api.error("AddRule", rule_name="x", rule_pattern=".*")[0] == 134


def test_add_rule_unknown_application(api: Api) -> None:
    assert api.error("AddRule", application_id=5, rule_name="x", rule_pattern=".*") == (
        116,
        "The 'application_id' parameter is invalid",
    )
    assert api.error("AddRule", application_name="nope", rule_name="x", rule_pattern=".*") == (
        107,
        "Invalid application name",
    )


def test_application_id_and_name_must_agree(api: Api) -> None:
    apps = {
        a["application_name"].split(".")[0]: a["application_id"]
        for a in api.ok("GetApplications")["result"]
    }
    agree = api.ok("GetRules", application_id=apps["ivr"], application_name="ivr")
    assert agree["total_count"] == 2
    assert api.error("GetRules", application_id=apps["other"], application_name="ivr") == (
        458,
        "Specify only one of the following parameters: application_id, application_name",
    )


def test_get_rules_without_with_scenarios_has_no_scenarios_key(api: Api) -> None:
    rule = api.ok("GetRules", application_name="ivr")["result"][0]
    assert set(rule) == {
        "rule_id",
        "application_id",
        "rule_name",
        "rule_pattern",
        "video_conference",
        "modified",
    }


def test_get_rules_with_scenarios_in_execution_order(api: Api) -> None:
    rule = api.ok("GetRules", application_name="ivr", rule_name="inbound", with_scenarios=True)
    scenarios = rule["result"][0]["scenarios"]
    assert [s["scenario_name"] for s in scenarios] == ["greeting", "menu"]
    assert scenarios[0]["parent"] is False
    assert set(scenarios[0]) == {"scenario_id", "scenario_name", "modified", "parent"}


def test_get_rules_filters_by_name_part_case_insensitively(api: Api) -> None:
    found = api.ok("GetRules", application_name="ivr", rule_name="OUT")["result"]
    assert [r["rule_name"] for r in found] == ["outbound"]
    assert api.ok("GetRules", application_name="ivr", rule_name="zzz")["result"] == []


def test_get_rules_filters_by_rule_id(api: Api) -> None:
    rule_id = api.rule("ivr", "outbound")["rule_id"]
    found = api.ok("GetRules", application_name="ivr", rule_id=rule_id)
    assert [r["rule_id"] for r in found["result"]] == [rule_id]
    # a rule of another application is not found through this one
    other = api.rule("other", "inbound")["rule_id"]
    assert api.ok("GetRules", application_name="ivr", rule_id=other)["total_count"] == 0


def test_get_rules_pages_with_total_count(api: Api) -> None:
    for index in range(23):
        api.ok("AddRule", application_name="other", rule_name=f"p{index:02}", rule_pattern=".*")
    first = api.ok("GetRules", application_name="other")
    assert (first["count"], first["total_count"]) == (20, 24)
    rest = api.ok("GetRules", application_name="other", count=20, offset=20)
    assert (rest["count"], rest["total_count"]) == (4, 24)
    names = [r["rule_name"] for r in first["result"] + rest["result"]]
    assert names == ["inbound"] + [f"p{i:02}" for i in range(23)]


def test_get_rules_requires_an_application(api: Api) -> None:
    assert api.error("GetRules") == (134, "Required parameter is empty")


def test_set_rule_info_renames_and_keeps_bindings(api: Api) -> None:
    rule_id = api.rule("ivr", "inbound")["rule_id"]
    api.ok("SetRuleInfo", rule_id=rule_id, rule_name="main", rule_pattern="1.*")
    rule = api.rule("ivr", "main")
    assert (rule["rule_id"], rule["rule_pattern"]) == (rule_id, "1.*")
    assert [s["scenario_name"] for s in rule["scenarios"]] == ["greeting", "menu"]


def test_set_rule_info_sets_exclude_pattern_and_video_flag(api: Api) -> None:
    rule_id = api.rule("ivr", "outbound")["rule_id"]
    api.ok("SetRuleInfo", rule_id=rule_id, rule_pattern_exclude="0.*", video_conference=True)
    rule = api.rule("ivr", "outbound")
    assert rule["rule_pattern_exclude"] == "0.*"
    assert rule["video_conference"] is True
    only_video = api.ok("GetRules", application_name="ivr", video_conference=True)["result"]
    assert [r["rule_name"] for r in only_video] == ["outbound"]


def test_set_rule_info_errors(api: Api) -> None:
    rule_id = api.rule("ivr", "outbound")["rule_id"]
    assert api.error("SetRuleInfo", rule_id=rule_id, rule_name="inbound")[0] == 175
    assert api.error("SetRuleInfo", rule_id=999999, rule_name="x")[0] == 147
    assert api.error("SetRuleInfo", rule_name="x")[0] == 134
    assert api.error("SetRuleInfo", rule_id=rule_id, rule_name="x" * 100)[0] == 156
    assert api.rule("ivr", "outbound")["rule_pattern"] == "^\\+1.*"


def test_del_rule_by_id_removes_it_and_its_bindings(api: Api, emu) -> None:
    rule_id = api.rule("ivr", "inbound")["rule_id"]
    assert api.ok("DelRule", rule_id=rule_id) == {"result": 1}
    assert [r["rule_name"] for r in api.ok("GetRules", application_name="ivr")["result"]] == [
        "outbound"
    ]
    assert emu.rule_scenarios(rule_id) == []
    # the scenarios themselves stay
    assert api.scenario_id("greeting")


def test_del_rule_by_name_within_an_application(api: Api) -> None:
    api.ok("DelRule", rule_name="inbound", application_name="other")
    assert api.ok("GetRules", application_name="other")["total_count"] == 0
    assert api.ok("GetRules", application_name="ivr")["total_count"] == 2


def test_del_rule_errors_change_nothing(api: Api) -> None:
    rule_id = api.rule("ivr", "inbound")["rule_id"]
    assert api.error("DelRule", rule_id=[rule_id, 999999])[0] == 147
    assert api.error("DelRule", rule_name="nope", application_name="ivr")[0] == 156
    assert api.error("DelRule", rule_name="inbound")[0] == 134
    assert api.error("DelRule")[0] == 134
    assert api.ok("GetRules", application_name="ivr")["total_count"] == 2
