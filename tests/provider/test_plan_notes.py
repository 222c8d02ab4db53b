"""Plans said in names: what a reviewer reads under `pulumi preview` (resources/plan_notes.py).

The real provider process over gRPC; its stderr is what the CLI prints under the command.
"""

from __future__ import annotations

from pathlib import Path

from tests.provider.routing_harness import outputs
from tests.provider.test_follow import meta
from tests.provider.test_routing_protocol import NONE, SOME, H
from tests.provider.test_routing_protocol import h as h  # one emulator and provider here too
from tests.support.provider_process import UNKNOWN


def notes(h: H, since: int) -> list[str]:
    """The plan notes the provider wrote since byte `since` of its stderr."""
    text = Path(h.process.stderr_path).read_bytes()[since:].decode()
    return [line for line in text.splitlines() if line.startswith("plan: ")]


def mark(h: H) -> int:
    return Path(h.process.stderr_path).stat().st_size


def test_rule_order_output_and_plan_name_the_rules(h: H) -> None:
    _, aid = h.new_app()
    vip, inbound = h.api.add_rule(aid, "vip", r"\+1555.*"), h.api.add_rule(aid, "inbound", ".*")
    id_, outs = h.order.up({"application_id": aid, "rule_ids": [inbound, vip],
                            **meta("order")}, name="order")
    assert outs["rule_names"] == ["inbound", "vip"]
    since = mark(h)
    same = h.order.diff(id_, outputs(outs), h.order.checked(
        {"application_id": aid, "rule_ids": [inbound, vip], **meta("order")}, "order"), "order")
    assert same.changes == NONE and notes(h, since) == []
    since = mark(h)
    h.order.diff(id_, outputs(outs), h.order.checked(
        {"application_id": aid, "rule_ids": [vip, inbound], **meta("order")}, "order"), "order")
    [note] = notes(h, since)
    assert note == (f"plan: RuleOrder 'order': the first rules of application "
                    f"{outs['application_name']!r} go from inbound ({inbound}), vip ({vip}) to "
                    f"vip ({vip}), inbound ({inbound})")


def test_binding_by_ids_plan_names_what_the_rule_will_run(h: H) -> None:
    _, aid = h.new_app()
    rule = h.api.add_rule(aid, "in", ".*")
    greet = h.api.add_scenario("greet-n", "// g", application_id=aid)
    menu = h.api.add_scenario("menu-n", "// m", application_id=aid)
    binding = {"application_id": aid, "rule_id": rule, **meta("b")}
    id_, outs = h.binding.up({**binding, "scenario_ids": [greet, menu]}, name="b")
    since = mark(h)
    h.binding.diff(id_, outputs(outs), h.binding.checked(
        {**binding, "scenario_ids": [menu, 99999]}, "b"), "b")
    [note] = notes(h, since)
    assert note == (f"plan: ScenarioBinding 'b': rule 'in' runs greet-n ({greet}), menu-n "
                    f"({menu}) now and will run menu-n ({menu}), scenario 99999")


def test_a_delete_first_replace_says_what_runs_meanwhile(h: H) -> None:
    _, aid = h.new_app()
    news = {"application_id": aid, "rule_name": "catch", "rule_pattern": ".*"}
    id_, outs = h.rule.up({**news, "rule_pattern_exclude": "7.*"}, name="catch")
    since = mark(h)
    diff = h.rule.diff(id_, outputs(outs), h.rule.checked(news, "catch"), "catch")
    assert diff.deleteBeforeReplace
    [note] = notes(h, since)
    assert note.startswith(f"plan: Rule 'catch' (id {id_}) is replaced by deleting it first")
    assert "go to the next matching rule of the application, or reach none" in note


def test_lists_unknown_at_preview_are_said_as_such_and_never_fail_the_plan(h: H) -> None:
    """A rule replaced in the same plan makes RuleOrder's whole rule_ids unknown."""
    _, aid = h.new_app()
    first = h.api.add_rule(aid, "first", ".*")
    id_, outs = h.order.up({"application_id": aid, "rule_ids": [first], **meta("o2")}, "o2")
    since = mark(h)
    diff = h.order.diff(id_, outputs(outs), {"application_id": aid, "rule_ids": UNKNOWN,
                                             **meta("o2")}, "o2")
    assert diff.changes == SOME
    [note] = notes(h, since)
    assert note.endswith(f"go from first ({first}) to rules known once the rules it lists are "
                         f"created")
