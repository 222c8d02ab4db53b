"""SetApplicationInfo, ReorderRules, the stored rule order, seeds with it, the snapshot."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from pulumi_voxbind.emulator.store import Store

from .support import Api

FULL = "{}.emulator.voximplant.com"


def _app_id(api: Api, short: str) -> int:
    apps = api.ok("GetApplications", application_name=short)["result"]
    return next(a["application_id"] for a in apps if a["application_name"] == FULL.format(short))


def _order(api: Api, app: str = "ivr") -> list[str]:
    return [r["rule_name"] for r in api.ok("GetRules", application_name=app)["result"]]


def _ids(api: Api, *names: str, app: str = "ivr") -> list[int]:
    return [api.rule(app, n)["rule_id"] for n in names]


# -- SetApplicationInfo ----------------------------------------------------------------------


def test_set_application_info_renames_in_place(api: Api) -> None:
    app_id = _app_id(api, "ivr")
    rules_before = api.ok("GetRules", application_id=app_id, with_scenarios=True)["result"]
    body = api.ok("SetApplicationInfo", application_id=app_id, application_name="callcenter")
    assert body == {"result": 1, "application_name": FULL.format("callcenter"),
                    "secure_record_storage": False}
    assert _app_id(api, "callcenter") == app_id
    rules_after = api.ok("GetRules", application_id=app_id, with_scenarios=True)["result"]
    assert [(r["rule_id"], r["scenarios"]) for r in rules_after] == [
        (r["rule_id"], r["scenarios"]) for r in rules_before]
    assert api.error("GetRules", application_name="ivr")[0] == 107


def test_set_application_info_by_required_name_short_or_full(api: Api) -> None:
    api.ok("SetApplicationInfo", required_application_name="ivr", application_name="ivr2")
    api.ok("SetApplicationInfo", required_application_name=FULL.format("ivr2"),
           application_name="ivr3")
    names = [a["application_name"] for a in api.ok("GetApplications")["result"]]
    assert names[0] == FULL.format("ivr3")


def test_set_application_info_without_a_new_name_changes_nothing(api: Api) -> None:
    body = api.ok("SetApplicationInfo", required_application_name="ivr")
    assert body["application_name"] == FULL.format("ivr")


@pytest.mark.parametrize("name", ["Big", "a", "x" * 66, FULL.format("full"), "under_score"])
def test_set_application_info_takes_only_valid_short_names(api: Api, name: str) -> None:
    assert api.error("SetApplicationInfo", required_application_name="ivr",
                     application_name=name) == (107, "Invalid application name")


def test_set_application_info_errors(api: Api) -> None:
    assert api.error("SetApplicationInfo", required_application_name="ivr",
                     application_name="other") == (129, "Application name is not unique")
    assert api.error("SetApplicationInfo", application_id=99999, application_name="x1")[0] == 116
    assert api.error("SetApplicationInfo", required_application_name="nope",
                     application_name="x1")[0] == 107
    assert api.error("SetApplicationInfo", application_name="x1")[0] == 134


# -- rule order and ReorderRules -------------------------------------------------------------


def test_new_rules_go_last_in_routing_order(api: Api) -> None:
    api.ok("AddRule", application_name="ivr", rule_name="aaa", rule_pattern=".*")
    assert _order(api) == ["inbound", "outbound", "aaa"]


def test_reorder_rules_full_list(api: Api) -> None:
    api.ok("AddRule", application_name="ivr", rule_name="night", rule_pattern="8.*")
    api.ok("ReorderRules", rule_id=_ids(api, "night", "outbound", "inbound"))
    assert _order(api) == ["night", "outbound", "inbound"]
    with_scenarios = api.ok("GetRules", application_name="ivr", with_scenarios=True)["result"]
    assert [s["scenario_name"] for s in with_scenarios[2]["scenarios"]] == ["greeting", "menu"]


def test_reorder_rules_partial_list_goes_first_others_keep_their_order(api: Api) -> None:
    for name in ("a1", "a2", "a3"):
        api.ok("AddRule", application_name="ivr", rule_name=name, rule_pattern=".*")
    api.ok("ReorderRules", rule_id=_ids(api, "a3", "outbound"))
    assert _order(api) == ["a3", "outbound", "inbound", "a1", "a2"]
    api.ok("AddRule", application_name="ivr", rule_name="late", rule_pattern=".*")
    assert _order(api)[-1] == "late"


def test_reorder_rules_order_shows_in_paging_and_filters(api: Api) -> None:
    for index in range(21):
        api.ok("AddRule", application_name="other", rule_name=f"p{index:02}", rule_pattern=".*")
    (last,) = [r["rule_id"] for r in api.ok("GetRules", application_name="other",
                                             rule_name="p20")["result"]]
    api.ok("ReorderRules", rule_id=last)
    first_page = api.ok("GetRules", application_name="other")["result"]
    assert first_page[0]["rule_name"] == "p20" and first_page[1]["rule_name"] == "inbound"
    rest = api.ok("GetRules", application_name="other", offset=20)["result"]
    assert [r["rule_name"] for r in rest] == ["p18", "p19"]
    found = api.ok("GetRules", application_name="other", rule_name="p2")["result"]
    assert [r["rule_name"] for r in found] == ["p20"]


def test_reorder_rules_refuses_mixed_applications_unknown_and_repeated_ids(api: Api) -> None:
    ivr, other = api.rule("ivr", "outbound")["rule_id"], api.rule("other", "inbound")["rule_id"]
    before = _order(api)
    assert api.error("ReorderRules", rule_id=[ivr, other]) == (
        147, "The 'rule_id' parameter is invalid")
    assert api.error("ReorderRules", rule_id=[ivr, 987654])[0] == 147
    assert api.error("ReorderRules", rule_id=[ivr, ivr])[0] == 147
    assert api.error("ReorderRules")[0] == 134
    assert api.error("ReorderRules", rule_id="x")[0] == 147
    assert _order(api) == before


def test_deleted_rules_leave_the_order_of_the_rest(api: Api) -> None:
    api.ok("AddRule", application_name="ivr", rule_name="c", rule_pattern=".*")
    api.ok("ReorderRules", rule_id=_ids(api, "c", "outbound", "inbound"))
    api.ok("DelRule", rule_id=api.rule("ivr", "outbound")["rule_id"])
    assert _order(api) == ["c", "inbound"]
    api.ok("AddRule", application_name="ivr", rule_name="outbound", rule_pattern=".*")
    assert _order(api) == ["c", "inbound", "outbound"]


def test_stats_count_the_new_methods(emu: RunningEmulator, api: Api) -> None:
    ids = _ids(api, "outbound")
    emu.reset_stats()
    api.ok("ReorderRules", rule_id=ids)
    api.ok("SetApplicationInfo", required_application_name="other", application_name="other2")
    assert emu.stats()["requests"] == {"ReorderRules": 1, "SetApplicationInfo": 1}


def test_rules_of_an_older_state_file_keep_creation_order(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with running_emulator(seed={"applications": [{"name": "ivr", "rules": [
            {"name": "b"}, {"name": "a"}]}]}, state_path=path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE rule_order")  # as written before the table existed
    conn.commit()
    conn.close()
    store = Store(path)
    rows = store._conn.execute("SELECT rule_id, position FROM rule_order ORDER BY position")
    assert [r[0] for r in rows] == sorted(r[0] for r in store._conn.execute(
        "SELECT rule_id FROM rules"))
    store.close()


# -- seeds and the snapshot ------------------------------------------------------------------


def test_seed_holds_rule_order_exclude_video_and_scripts() -> None:
    script = "// ünïcode\r\nVoxEngine.addEventListener();\n"
    seed = {
        "applications": [{"name": "ivr", "rules": [
            {"name": "vip", "pattern": "1.*", "pattern_exclude": "19.*", "video_conference": True,
             "scenarios": ["greet"]},
            {"name": "all", "pattern": ".*"},
        ]}],
        "scenarios": [{"name": "greet", "application": "ivr", "script": script}],
    }
    with running_emulator(seed=seed) as emu:
        snap = emu.snapshot()
    (app,) = snap["applications"]
    assert app["application_name"] == FULL.format("ivr")
    vip, everything = app["rules"]
    assert (vip["rule_name"], vip["rule_pattern"], vip["rule_pattern_exclude"],
            vip["video_conference"]) == ("vip", "1.*", "19.*", True)
    assert everything["rule_name"] == "all" and everything["video_conference"] is False
    (greet,) = snap["scenarios"]
    assert vip["scenarios"] == [greet["scenario_id"]]
    assert greet["application_id"] == app["application_id"]
    assert greet["script_sha256"] == hashlib.sha256(script.encode()).hexdigest()


def test_seed_rejects_a_non_boolean_video_flag() -> None:
    from pulumi_voxbind.emulator.seed import SeedError, load_seed

    with pytest.raises(SeedError, match="video_conference must be true or false"):
        load_seed({"applications": [{"name": "a1", "rules": [
            {"name": "r", "video_conference": "yes"}]}]})


def test_snapshot_over_http_matches_in_process(emu: RunningEmulator) -> None:
    import requests

    assert requests.get(f"{emu.base_url}/_emulator/snapshot", timeout=10).json() == \
        emu.snapshot()
    assert emu.stats()["total"] == 0, "control endpoints are not API calls"
