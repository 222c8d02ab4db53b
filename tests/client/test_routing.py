"""Typed helpers for applications, rules, scenarios and rule order, byte for byte on the wire."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from urllib.parse import parse_qs

import pytest

from pulumi_voxbind import VoximplantClient
from pulumi_voxbind.api.errors import ConflictError, NotFoundError, VoximplantError
from pulumi_voxbind.api.routing import MAX_SCRIPT_BYTES

from .apiserver import ApiServer, Reply, api_error, ok

MakeClient = Callable[..., VoximplantClient]
ONE = ok({"result": 1})


def _sent(server: ApiServer) -> list[tuple[str, dict[str, str]]]:
    return [(r.method, r.form) for r in server.requests]


def test_get_account_info(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": {"account_id": 7, "account_name": "acme"},
                      "api_address": "api.voximplant.com"}))
    assert make_client().get_account_info() == {"account_id": 7, "account_name": "acme"}
    assert _sent(server) == [("GetAccountInfo", {})]


def test_application_helpers(server: ApiServer, make_client: MakeClient) -> None:
    server.script(
        ok({"result": 1, "application_id": 12, "application_name": "ivr.acme.voximplant.com",
            "secure_record_storage": False}),
        ok({"result": 1, "application_name": "ivr2.acme.voximplant.com",
            "secure_record_storage": False}),
        ONE,
    )
    client = make_client()
    assert client.add_application("ivr") == {"application_id": 12,
                                             "application_name": "ivr.acme.voximplant.com"}
    assert client.set_application_info(12, application_name="ivr2") == \
        "ivr2.acme.voximplant.com"
    client.del_application(12)
    assert _sent(server) == [
        ("AddApplication", {"application_name": "ivr"}),
        ("SetApplicationInfo", {"application_id": "12", "application_name": "ivr2"}),
        ("DelApplication", {"application_id": "12"}),
    ]


def test_rule_helpers(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1, "rule_id": 2001}), ONE, ONE, ONE)
    client = make_client()
    assert client.add_rule(12, "inbound", ".*", rule_pattern_exclude="7.*") == 2001
    client.set_rule_info(2001, rule_name="in", video_conference=False)
    client.set_rule_info(2001)  # nothing to change: no request
    client.reorder_rules([2003, 2001, 2002])
    client.del_rule(2001)
    assert _sent(server) == [
        ("AddRule", {"application_id": "12", "rule_name": "inbound", "rule_pattern": ".*",
                     "rule_pattern_exclude": "7.*", "video_conference": "false"}),
        ("SetRuleInfo", {"rule_id": "2001", "rule_name": "in", "video_conference": "false"}),
        ("ReorderRules", {"rule_id": "2003;2001;2002"}),
        ("DelRule", {"rule_id": "2001"}),
    ]


def test_scenario_script_travels_verbatim(server: ApiServer, make_client: MakeClient) -> None:
    script = "// héllo; a=b&c\r\n\tVoxEngine.terminate();  \n"
    server.script(ok({"result": 1, "scenario_id": 30001}), ONE,
                  ok({"result": [{"scenario_id": 30001, "scenario_name": "g",
                                  "scenario_script": script}], "total_count": 1}))
    client = make_client()
    assert client.add_scenario("g", script) == 30001
    client.set_scenario_info(30001, scenario_name="g2", scenario_script=script)
    found = client.get_scenario(30001, application_id=12, with_script=True)
    assert found is not None and found["scenario_script"] == script
    first, second, third = server.requests
    sent = parse_qs(first.body.decode("ascii"), keep_blank_values=True)["scenario_script"][0]
    assert hashlib.sha256(sent.encode()).digest() == hashlib.sha256(script.encode()).digest()
    assert "application_id" not in first.form, "no application means the Shared folder"
    assert second.form == {"scenario_id": "30001", "scenario_name": "g2",
                           "scenario_script": script}
    assert third.form == {"scenario_id": "30001", "application_id": "12",
                          "with_script": "true"}


def test_get_scenario_absent_and_scriptless(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": [], "total_count": 0}),
                  ok({"result": [{"scenario_id": 5, "scenario_name": "x"}]}))
    client = make_client()
    assert client.get_scenario(5) is None
    assert client.get_scenario(5, with_script=True) == {"scenario_id": 5, "scenario_name": "x",
                                                        "scenario_script": ""}


def test_del_scenario(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ONE)
    make_client().del_scenario(30001)
    assert _sent(server) == [("DelScenario", {"scenario_id": "30001"})]


@pytest.mark.parametrize("call", [
    lambda c: c.add_application(""),
    lambda c: c.set_application_info(1.0, application_name="x"),
    lambda c: c.add_rule(True, "r", ".*"),
    lambda c: c.add_rule(1, "r", ""),
    lambda c: c.set_rule_info(1, rule_pattern_exclude=""),
    lambda c: c.reorder_rules("1;2"),
    lambda c: c.reorder_rules([1, 1]),
    lambda c: c.add_scenario("s", ""),
    lambda c: c.add_scenario("s", "x" * (MAX_SCRIPT_BYTES + 1)),
    lambda c: c.add_scenario("s", "é" * (MAX_SCRIPT_BYTES // 2 + 1)),
    lambda c: c.set_scenario_info(0, scenario_name="x"),
    lambda c: c.get_scenario("5"),
])
def test_bad_arguments_never_reach_the_wire(server: ApiServer, make_client: MakeClient,
                                            call: Callable[[VoximplantClient], object]) -> None:
    with pytest.raises((TypeError, ValueError)):
        call(make_client())
    assert server.requests == []


def test_largest_script_is_sent(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1, "scenario_id": 9}))
    assert make_client().add_scenario("big", "x" * MAX_SCRIPT_BYTES) == 9


@pytest.mark.parametrize(("reply", "error"), [
    (api_error(129, "Application name is not unique"), ConflictError),
    (api_error(116, "The 'application_id' parameter is invalid"), NotFoundError),
    (ok({"result": 1}), VoximplantError),  # no id in the answer
    (ok({"result": 1, "application_id": "12", "application_name": "x"}), VoximplantError),
])
def test_add_application_failures(server: ApiServer, make_client: MakeClient, reply: Reply,
                                  error: type[Exception]) -> None:
    server.script(reply)
    with pytest.raises(error):
        make_client().add_application("ivr")


def test_mutations_want_result_one(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 0}), ok({"result": True}))
    client = make_client()
    with pytest.raises(VoximplantError, match="expected 1"):
        client.reorder_rules([1, 2])
    with pytest.raises(VoximplantError, match="expected 1"):
        client.del_rule(1)
