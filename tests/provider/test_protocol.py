"""ScenarioBinding through the real provider process over gRPC, against the emulator."""

from __future__ import annotations

import base64
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from google.protobuf import json_format
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind.emulator import running_emulator
from tests.support.protocol_harness import APP, BY_NAMES, SEED, Harness
from tests.support.provider_process import (
    UNKNOWN,
    ProviderError,
    ProviderProcess,
    provider_env,
    secret,
)


def test_create_by_names_binds_in_declared_order(h: Harness) -> None:
    id_, outs = h.up({**BY_NAMES, "scenario_names": ["menu", "greeting"]})
    assert h.bound("inbound") == ["menu", "greeting"]
    assert outs["rule_name"] == "inbound" and outs["scenario_names"] == ["menu", "greeting"]
    assert outs["application_name"].startswith("ivr.")
    rule = h.rule("inbound")
    assert outs["rule_id"] == rule["rule_id"]
    assert id_.startswith(f"{outs['application_id']:.0f}/{rule['rule_id']}/")


def test_create_by_ids_resolves_names_and_application(h: Harness) -> None:
    _, named = h.up(BY_NAMES, name="named")
    h.next_command()
    h.provider.delete("x", named, name="named")
    rule_id = int(named["rule_id"])
    ids = [int(i) for i in named["scenario_ids"]]
    _, outs = h.up({"rule_id": rule_id, "scenario_ids": ids[::-1]})
    assert outs["scenario_names"] == ["menu", "greeting"]
    assert outs["application_id"] == named["application_id"]
    assert outs["application_name"] == named["application_name"]
    assert h.bound("inbound") == ["menu", "greeting"]


def test_adopts_scenarios_already_bound(h: Harness) -> None:
    app_id = h.api.find_application(application_name=APP)["application_id"]
    rule = h.rule("inbound")
    greeting = h.api.find_scenarios(["greeting"], application_id=app_id)["greeting"]
    h.api.bind_scenarios(rule["rule_id"], [greeting["scenario_id"]])
    _, outs = h.up(BY_NAMES)
    assert h.bound("inbound") == ["greeting", "menu"]
    assert outs["scenario_names"] == ["greeting", "menu"]


def test_order_kept_with_foreign_scenarios(h: Harness) -> None:
    # "busy" runs foreign-a, foreign-b; we bind [bye, greeting] and then reverse them.
    _, outs = h.up({"application_name": APP, "rule_name": "busy",
                    "scenario_names": ["bye", "greeting"]})
    assert h.bound("busy") == ["foreign-a", "foreign-b", "bye", "greeting"]
    news = {"application_name": APP, "rule_name": "busy", "scenario_names": ["greeting", "bye"]}
    h.next_command()
    inputs, _ = h.provider.check(news)
    outs = h.provider.update("id", outs, inputs)
    assert h.bound("busy") == ["foreign-a", "foreign-b", "greeting", "bye"]
    h.next_command()
    h.provider.delete("id", outs)
    assert h.bound("busy") == ["foreign-a", "foreign-b"]


def test_update_binds_added_unbinds_removed_and_reorders(h: Harness) -> None:
    _, outs = h.up(BY_NAMES)
    news = {**BY_NAMES, "scenario_names": ["bye", "greeting"]}
    h.next_command()
    inputs, _ = h.provider.check(news)
    diff = h.provider.diff("id", outs, inputs)
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME and not diff.replaces
    outs = h.provider.update("id", outs, inputs)
    assert h.bound("inbound") == ["bye", "greeting"]
    assert outs["scenario_names"] == ["bye", "greeting"]
    assert h.provider.diff("id", outs, inputs).changes == provider_pb2.DiffResponse.DIFF_NONE


def test_preview_with_unknowns(h: Harness) -> None:
    _, outs = h.up(BY_NAMES)
    before = h.stats()["total"]
    inputs, failures = h.provider.check({**BY_NAMES, "rule_name": UNKNOWN})
    assert failures == []
    diff = h.provider.diff("id", outs, {**inputs, "rule_name": UNKNOWN})
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(diff.replaces) == ["rule_name"]
    diff = h.provider.diff("id", outs, {**BY_NAMES, "scenario_names": UNKNOWN})
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME and not diff.replaces
    assert h.provider.diff("id", outs, BY_NAMES).changes == provider_pb2.DiffResponse.DIFF_NONE
    assert h.stats()["total"] == before, "check and diff must not call the API"


def test_changed_rule_is_a_replace_and_respelling_is_not(h: Harness) -> None:
    _, outs = h.up(BY_NAMES)
    diff = h.provider.diff("id", outs, {**BY_NAMES, "rule_name": "outbound"})
    assert list(diff.replaces) == ["rule_name"]
    diff = h.provider.diff("id", outs, {**BY_NAMES, "application_name": "crm"})
    assert list(diff.replaces) == ["application_name"]
    same = {"application_name": outs["application_name"], "rule_name": "inbound",
            "scenario_names": ["greeting", "menu"]}
    assert h.provider.diff("id", outs, same).changes == provider_pb2.DiffResponse.DIFF_NONE
    by_id = {"rule_id": outs["rule_id"], "scenario_ids": outs["scenario_ids"]}
    diff = h.provider.diff("id", outs, by_id)
    assert not diff.replaces


def test_refresh_after_out_of_band_unbind_then_update_repairs(h: Harness) -> None:
    id_, outs = h.up(BY_NAMES)
    menu_id = int(outs["scenario_ids"][1])
    h.api.bind_scenarios(int(outs["rule_id"]), [menu_id], bind=False)
    rid, live, inputs = h.provider.read(id_, outs, BY_NAMES)
    assert rid == id_
    assert live["scenario_names"] == ["greeting"]
    assert inputs["scenario_names"] == ["greeting"] and "rule_name" in inputs
    assert "scenario_ids" not in inputs, "inputs keep the user's own spelling"
    checked, _ = h.provider.check(BY_NAMES)
    assert h.provider.diff(id_, live, checked).changes == provider_pb2.DiffResponse.DIFF_SOME
    repaired = h.provider.update(id_, live, checked)
    assert h.bound("inbound") == ["greeting", "menu"]
    assert repaired["scenario_names"] == ["greeting", "menu"]


def test_refresh_when_nothing_is_bound_removes_from_state(h: Harness) -> None:
    id_, outs = h.up(BY_NAMES)
    h.api.bind_scenarios(int(outs["rule_id"]), [int(i) for i in outs["scenario_ids"]],
                         bind=False)
    rid, _, _ = h.provider.read(id_, outs, BY_NAMES)
    assert rid == ""


def test_rule_deleted_out_of_band(h: Harness) -> None:
    id_, outs = h.up(BY_NAMES)
    h.api.call("DelRule", rule_id=int(outs["rule_id"]))
    rid, _, _ = h.provider.read(id_, outs, BY_NAMES)
    assert rid == ""
    h.provider.delete(id_, outs)  # still succeeds: nothing left to unbind


def test_double_delete_is_idempotent_and_touches_only_ours(h: Harness) -> None:
    _, foreign = h.up({"application_name": APP, "rule_name": "inbound",
                       "scenario_names": ["bye"]}, name="other")
    id_, outs = h.up(BY_NAMES)
    assert h.bound("inbound") == ["bye", "greeting", "menu"]
    h.next_command()  # destroy runs no program: nothing is declared
    h.provider.delete(id_, outs)
    h.provider.delete(id_, outs)
    assert h.bound("inbound") == ["bye"]
    assert foreign["scenario_names"] == ["bye"]


def test_delete_after_a_scenario_was_deleted(h: Harness) -> None:
    id_, outs = h.up(BY_NAMES)
    h.api.call("DelScenario", scenario_id=int(outs["scenario_ids"][1]))
    h.next_command()
    h.provider.delete(id_, outs)
    assert h.bound("inbound") == []


def test_unknown_scenario_fails_clearly_and_binds_nothing(h: Harness) -> None:
    inputs, _ = h.provider.check({**BY_NAMES, "scenario_names": ["greeting", "menux"]})
    with pytest.raises(ProviderError) as err:
        h.provider.create(inputs)
    assert "scenario_names" in err.value.details and "menux" in err.value.details
    assert h.bound("inbound") == []


def test_check_failures_travel_to_the_engine(h: Harness) -> None:
    _, failures = h.provider.check({"rule_name": "inbound", "scenario_ids": [1, 1]})
    props = {p for p, _ in failures}
    assert {"application_name", "scenario_ids"} <= props


def test_many_bindings_share_name_lookups(h: Harness) -> None:
    h.emu.reset_stats()
    news = [{"application_name": APP, "rule_name": f"r{i}",
             "scenario_names": ["greeting", "menu"]} for i in range(8)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda n: h.up(n[1], name=f"b{n[0]}"), enumerate(news)))
    assert len(results) == 8
    requests_ = h.stats()["requests"]
    assert requests_.get("GetScenarios", 0) <= 1
    assert requests_.get("GetApplications", 0) <= 1
    assert requests_["BindScenario"] == 8
    assert all(h.bound(f"r{i}") == ["greeting", "menu"] for i in range(8))


def test_no_secret_in_serialized_provider_or_outputs(h: Harness) -> None:
    _, outs = h.up(BY_NAMES)
    creds = json.loads(Path(h.emu.credentials_path).read_text())
    blob = base64.b64decode(h.provider.provider_blob)
    key_line = creds["private_key"].splitlines()[1]
    assert key_line.encode() not in blob and creds["key_id"].encode() not in blob
    assert len(blob) < 200, "the pickled provider must hold no state"
    text = json.dumps(outs)
    assert key_line not in text and creds["key_id"] not in text and "eyJ" not in text


def test_credentials_from_secret_stack_config(tmp_path: Path) -> None:
    with running_emulator(seed=SEED) as emu:
        provider = ProviderProcess(provider_env(), tmp_path)
        try:
            key_json = Path(emu.credentials_path).read_text()
            provider.configure({"voxbind:credentials": secret(key_json),
                                "voxbind:endpoint": emu.url})
            inputs, _ = provider.check(BY_NAMES)
            _, outs = provider.create(inputs)
            assert outs["scenario_names"] == ["greeting", "menu"]
        finally:
            stderr = provider.close()
        assert json.loads(key_json)["private_key"].splitlines()[1] not in stderr


def test_missing_credentials_names_both_sources(tmp_path: Path) -> None:
    with running_emulator(seed=SEED) as emu:
        provider = ProviderProcess(provider_env(VOXIMPLANT_API_URL=emu.url), tmp_path)
        try:
            provider.configure({})
            inputs, failures = provider.check(BY_NAMES)
            assert failures == [], "check needs no credentials"
            with pytest.raises(ProviderError) as err:
                provider.create(inputs)
        finally:
            provider.close()
    assert "voxbind:credentials" in err.value.details
    assert "VOXIMPLANT_CREDENTIALS" in err.value.details


def test_stats_endpoint_counts_no_calls_for_diff(h: Harness) -> None:
    _, outs = h.up(BY_NAMES)
    stats_url = h.emu.url.replace("/platform_api", "/_emulator/stats")
    before = requests.get(stats_url, timeout=5).json()["total"]
    for _ in range(5):
        h.provider.diff("id", outs, BY_NAMES)
    assert requests.get(stats_url, timeout=5).json()["total"] == before
    assert json_format.MessageToDict(h.provider.diff("id", outs, BY_NAMES)) == {
        "changes": "DIFF_NONE"}


def test_concurrent_bindings_on_one_rule_keep_every_declared_order(h: Harness) -> None:
    app_id = h.api.find_application(application_name=APP)["application_id"]
    rule_id = h.rule("inbound")["rule_id"]
    found = h.api.find_scenarios(["greeting", "menu"], application_id=app_id)
    # Already bound in the "wrong" order, so the first binding must reorder.
    h.api.bind_scenarios(rule_id, [found["menu"]["scenario_id"], found["greeting"]["scenario_id"]])
    news = [
        ("first", {**BY_NAMES, "scenario_names": ["greeting", "menu"]}),
        ("second", {**BY_NAMES, "scenario_names": ["bye", "foreign-b"]}),
        ("third", {**BY_NAMES, "scenario_names": ["foreign-a"]}),
    ]
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda item: h.up(item[1], name=item[0]), news))
    bound = h.bound("inbound")
    assert sorted(bound) == sorted(["greeting", "menu", "bye", "foreign-b", "foreign-a"])
    assert bound.index("greeting") < bound.index("menu")
    assert bound.index("bye") < bound.index("foreign-b")
