"""References by name, unknown outcomes, failed deletes and one RuleOrder per application,
through the real provider process over gRPC (issue 17), in the orders the engine may use.

`h` plays the stack's earlier `up`; `h.later` is the next command's provider process, where
each test sends the engine's calls one by one in the order it wants to prove.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import running_emulator
from pulumi_voxbind.resources import acting, journal
from pulumi_voxbind.resources.rule_order.operations import unreachable
from tests.provider.routing_harness import outputs, rule_names, unique
from tests.provider.test_routing_protocol import H
from tests.support.provider_process import ProviderError

SOME = provider_pb2.DiffResponse.DIFF_SOME
STACK = "organization/voxbind/dev"


def meta(name: str, stack: str = STACK) -> dict[str, Any]:
    """The hidden input a program adds to every resource (common.resource_meta)."""
    return {"__voxbind": {"stack": stack, "name": name}}


@pytest.fixture
def h(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[H]:
    monkeypatch.setenv("VOXBIND_JOURNAL_DIR", str(tmp_path / "journal"))
    with running_emulator() as emu:
        api = VoximplantClient(Credentials.from_file(emu.credentials_path), endpoint=emu.url)
        harness = H(emu, api, tmp_path)
        try:
            yield harness
        finally:
            harness.close()
            api.close()


def bound_on(h: H, rule_name: str, short: str = "") -> tuple[dict[str, Any], dict[str, Any],
                                                              dict[str, Any], str]:
    """An app, a scenario, a rule with an exclude pattern and a binding naming both by name."""
    short, aid = h.new_app()
    scenario = unique("s")
    h.api.add_scenario(scenario, "x()", application_id=aid)
    rule = {"application_id": aid, "rule_name": rule_name, "rule_pattern": ".*",
            "rule_pattern_exclude": "1.*", **meta("inbound")}
    rid, routs = h.rule.up(rule, "inbound")
    binding = {"application_name": short, "rule_name": rule_name,
               "scenario_names": [scenario], **meta("inbound-b")}
    bid, bouts = h.binding.up(binding, "inbound-b")
    return ({"id": rid, "outs": outputs(routs), "news": rule},
            {"id": bid, "outs": outputs(bouts), "news": binding}, {"aid": aid}, scenario)


def test_a_binding_registered_after_the_rules_replace_follows_it(h: H) -> None:
    rule, binding, _, scenario = bound_on(h, "inb")
    run = h.later  # the next `up`: the Rule first (the binding depends_on it)
    news = {k: v for k, v in rule["news"].items() if k != "rule_pattern_exclude"}
    inputs = run.rule.checked(news, "inbound")
    diff = run.rule.diff(rule["id"], rule["outs"], inputs, "inbound")
    assert list(diff.replaces) == ["rule_pattern_exclude"] and diff.deleteBeforeReplace
    run.rule.delete(rule["id"], rule["outs"], "inbound")
    new_id, _ = run.rule.create(inputs, "inbound")
    b_inputs = run.binding.checked(binding["news"], "inbound-b")
    b_diff = run.binding.diff(binding["id"], binding["outs"], b_inputs, "inbound-b")
    assert b_diff.changes == SOME and not b_diff.replaces, "an update the plan shows"
    outs = run.binding.update(binding["id"], binding["outs"], b_inputs, "inbound-b")
    assert int(outs["rule_id"]) == int(new_id) != int(rule["id"])
    assert [n for _, n in h.emu.rule_scenarios(int(new_id))] == [scenario]


def test_a_binding_that_resolved_the_rule_first_makes_its_replace_refuse(h: H) -> None:
    rule, binding, ids, scenario = bound_on(h, "inb")
    run = h.later  # no depends_on: the binding's diff comes before the Rule's
    b_inputs = run.binding.checked(binding["news"], "inbound-b")
    assert run.binding.diff(binding["id"], binding["outs"], b_inputs, "inbound-b").changes \
        != SOME
    news = {k: v for k, v in rule["news"].items() if k != "rule_pattern_exclude"}
    inputs = run.rule.checked(news, "inbound")
    with pytest.raises(ProviderError) as err:
        run.rule.diff(rule["id"], rule["outs"], inputs, "inbound")
    details = err.value.details
    assert "ScenarioBinding 'inbound-b'" in details and \
        "rule_id=<the Rule 'inbound'>.rule_id" in details and "depends_on" in details, details
    assert "Traceback" not in details
    assert [n for _, n in h.emu.rule_scenarios(int(rule["id"]))] == [scenario], "unchanged"
    assert rule_names(h.api, ids["aid"]) == ["inb"]


def test_a_renamed_rule_is_a_state_only_update_of_a_binding_naming_it(h: H) -> None:
    rule, binding, _, scenario = bound_on(h, "before")
    run = h.later
    inputs = run.rule.checked({**rule["news"], "rule_name": "after"}, "inbound")
    assert not run.rule.diff(rule["id"], rule["outs"], inputs, "inbound").replaces
    b_inputs = run.binding.checked({**binding["news"], "rule_name": "after"}, "inbound-b")
    b_diff = run.binding.diff(binding["id"], binding["outs"], b_inputs, "inbound-b")
    assert b_diff.changes == SOME and not b_diff.replaces
    run.rule.update(rule["id"], rule["outs"], inputs, "inbound")
    h.emu.reset_stats()
    outs = run.binding.update(binding["id"], binding["outs"], b_inputs, "inbound-b")
    assert int(outs["rule_id"]) == int(rule["id"]) and outs["rule_name"] == "after"
    assert not [m for m in h.calls() if not m.startswith("Get")], "state only"
    assert [n for _, n in h.emu.rule_scenarios(int(rule["id"]))] == [scenario]


def test_an_application_rename_is_state_only_for_what_names_it(h: H) -> None:
    short = unique("app")
    app_id, app_outs = h.app.up({"application_name": short, **meta("app")}, "app")
    rule = {"application_name": short, "rule_name": "r", "rule_pattern": ".*", **meta("rule")}
    rid, routs = h.rule.up(rule, "rule")
    run, renamed = h.later, unique("app")
    a_inputs = run.app.checked({"application_name": renamed, **meta("app")}, "app")
    run.app.diff(app_id, outputs(app_outs), a_inputs, "app")
    r_inputs = run.rule.checked({**rule, "application_name": renamed}, "rule")
    r_diff = run.rule.diff(rid, outputs(routs), r_inputs, "rule")
    assert r_diff.changes == SOME and not r_diff.replaces, "no replace, no delete"
    h.emu.reset_stats()
    run.app.update(app_id, outputs(app_outs), a_inputs, "app")
    outs = run.rule.update(rid, outputs(routs), r_inputs, "rule")
    assert outs["application_name"].startswith(f"{renamed}.") and int(outs["rule_id"]) == int(rid)
    assert [m for m in h.calls() if not m.startswith("Get")] == ["SetApplicationInfo"]


def test_creates_whose_reply_is_lost_end_created_once_and_owned(h: H) -> None:
    for method in ("AddApplication", "AddRule", "AddScenario"):
        h.emu.lose_replies(clear=True, **{method: {"count": 1, "reply": "close"}})
        if method == "AddApplication":
            short = unique("lost")
            _, outs = h.app.up({"application_name": short, **meta("app")}, "app")
            assert len([a for a in h.api.list_applications(application_name=short)]) == 1
        elif method == "AddRule":
            _, aid = h.new_app()
            _, outs = h.rule.up({"application_id": aid, "rule_name": "r",
                                   "rule_pattern": ".*", **meta("r")}, "r")
            assert rule_names(h.api, aid) == ["r"]
        else:
            name = unique("s")
            _, outs = h.scenario.up({"scenario_name": name, "scenario_script": "x()",
                                       **meta("s")}, "s")
            assert list(h.api.find_scenarios([name])) == [name]
        assert outs["adopted"] is False, method
        assert h.emu.emulator.lost_replies.settings()[method]["lost"] == 1
    assert not list(Path(os.environ["VOXBIND_JOURNAL_DIR"]).glob("*.json")), "all settled"


def test_an_interrupted_create_is_finished_by_its_own_stack_only(h: H) -> None:
    _, aid = h.new_app()
    with acting.acting_as({"stack": STACK}):  # what a killed `up` leaves: the entry...
        journal.intend(h.api, "Rule", (aid, "made"))
    h.api.add_rule(aid, "made", ".*")  # ...and the rule its AddRule made
    h.api.add_rule(aid, "before", "1.*")  # a rule that existed before the stack
    news = {"application_id": aid, "rule_pattern": ".*"}
    with pytest.raises(ProviderError) as err:  # another stack: not its object
        h.rule.up({**news, "rule_name": "made", **meta("r", "organization/voxbind/other")})
    assert "already exists" in err.value.details and "adopt=True" in err.value.details
    with pytest.raises(ProviderError):  # this stack, but no entry for it
        h.rule.up({**news, "rule_name": "before", **meta("r")})
    _, outs = h.rule.up({**news, "rule_name": "made", **meta("r")})
    assert outs["adopted"] is False and rule_names(h.api, aid) == ["made", "before"]


def test_a_refused_delete_of_an_application_changes_nothing(h: H) -> None:
    short = unique("legacy")
    id_, outs = h.app.up({"application_name": short, "adopt": True})
    rule = h.api.add_rule(int(id_), "unmanaged", ".*")
    h.emu.lose_replies(DelApplication={"probability": 1.0, "refuse": 100})
    before = h.emu.snapshot()
    with pytest.raises(ProviderError) as err:
        h.later.app.delete(id_, outputs(outs))
    assert "DelApplication failed: API error 100" in err.value.details
    assert h.emu.snapshot() == before, "no rule deleted before the refused call"
    h.emu.lose_replies(clear=True)
    h.later.app.delete(id_, outputs(outs))
    assert all(r["rule_id"] != rule for a in h.emu.snapshot()["applications"]
               for r in a["rules"])


def test_a_second_rule_order_for_one_application_fails_at_check_naming_both(h: H) -> None:
    _, aid = h.new_app()
    first, second = h.api.add_rule(aid, "a", "1.*"), h.api.add_rule(aid, "b", "2.*")
    h.order.checked({"application_id": aid, "rule_ids": [first], **meta("order")}, "order")
    _, failures = h.order.check({"application_id": aid, "rule_ids": [second],
                                 **meta("order-2")}, "order-2")
    assert failures and "RuleOrder 'order-2' and RuleOrder 'order'" in failures[0][1]
    _, other = h.new_app()
    third = h.api.add_rule(other, "c", "3.*")
    assert h.order.check({"application_id": other, "rule_ids": [third],
                          **meta("order-3")}, "order-3")[1] == [], "another application"


def test_unreachable_rules_are_the_ones_after_a_catch_all() -> None:
    rules = [{"rule_id": 1, "rule_name": "vip", "rule_pattern": "1.*"},
             {"rule_id": 2, "rule_name": "all", "rule_pattern": ".*"},
             {"rule_id": 3, "rule_name": "late", "rule_pattern": "7.*"},
             {"rule_id": 4, "rule_name": "fenced", "rule_pattern": ".*",
              "rule_pattern_exclude": "7.*"}]
    assert unreachable(rules, [1, 2, 3, 4]) == ("all", ["late", "fenced"])
    assert unreachable(rules, [1, 3, 4, 2]) is None, "a catch-all last hides nothing"
    assert unreachable(rules, [4, 3]) is None, "an exclude lets calls through"


def test_refresh_of_a_binding_whose_rule_was_replaced_outside_drops_it(h: H) -> None:
    rule, binding, ids, scenario = bound_on(h, "inb")
    h.api.del_rule(int(rule["id"]))  # replaced in the control panel: same name, new id
    new_id = h.api.add_rule(ids["aid"], "inb", ".*")
    read_id, _, _ = h.later.binding.read(binding["id"], binding["outs"], binding["news"],
                                         "inbound-b")
    assert read_id == "", "gone from state: no binding claimed on a dead rule id"
    _, outs = h.later.binding.up(binding["news"], "inbound-b")  # the next `up` creates it
    assert int(outs["rule_id"]) == new_id
    assert [n for _, n in h.emu.rule_scenarios(new_id)] == [scenario]
