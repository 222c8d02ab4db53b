"""Seeding, key files and persistence, in process (the CLI tests cover the same via a process)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind.emulator import SeedError, build_emulator, running_emulator
from pulumi_voxbind.emulator.keys import read_credentials
from pulumi_voxbind.emulator.refs import Page, Ref

from .support import SEED, Api


def counts(api: Api) -> tuple[int, int, int]:
    apps = api.ok("GetApplications")["total_count"]
    scenarios = api.ok("GetScenarios")["total_count"]
    rules = sum(api.ok("GetRules", application_name=a)["total_count"] for a in ("ivr", "other"))
    return apps, scenarios, rules


def test_seed_creates_applications_rules_scenarios_and_ordered_bindings() -> None:
    with running_emulator(seed=SEED) as emu:
        api = Api(emu.url, emu.credentials)
        assert counts(api) == (2, 5, 3)
        assert api.bound("ivr", "inbound") == ["greeting", "menu"]
        script = api.ok("GetScenarios", scenario_id=api.scenario_id("greeting"), with_script=True)
        assert script["result"][0]["scenario_script"] == "// greeting"
        names = {
            s["scenario_name"] for s in api.ok("GetScenarios", application_name="ivr")["result"]
        }
        assert names == {"greeting", "menu", "goodbye"}
        api.close()


def test_seed_file_path_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(SEED))
    with running_emulator(seed=path) as emu:
        api = Api(emu.url, emu.credentials)
        assert api.bound("ivr", "inbound") == ["greeting", "menu"]
        api.close()


def test_same_seed_twice_changes_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with running_emulator(seed=SEED, state_path=state) as emu:
        api = Api(emu.url, emu.credentials)
        api.ok("DelScenario", scenario_name="goodbye")
        api.close()
    with running_emulator(seed=SEED, state_path=state) as emu:
        api = Api(emu.url, emu.credentials)
        assert counts(api) == (2, 4, 3)  # nothing duplicated, the deleted one not re-created
        api.close()


def test_changed_seed_only_adds_what_is_missing(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with running_emulator(seed=SEED, state_path=state):
        pass
    grown: dict[str, Any] = json.loads(json.dumps(SEED))
    grown["scenarios"].append({"name": "extra", "application": "ivr"})
    grown["applications"][0]["rules"][0]["scenarios"] = ["menu", "extra"]  # existing rule
    grown["applications"][0]["rules"].append({"name": "new", "scenarios": ["extra"]})
    with running_emulator(seed=grown, state_path=state) as emu:
        api = Api(emu.url, emu.credentials)
        assert counts(api) == (2, 6, 4)
        assert api.bound("ivr", "inbound") == ["greeting", "menu"]  # existing rule untouched
        assert api.bound("ivr", "new") == ["extra"]
        assert api.rule("ivr", "new")["rule_pattern"] == ".*"
        api.close()


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        ([], "seed must be a JSON object"),
        ({"apps": []}, "unknown keys ['apps']"),
        ({"applications": [{"rules": []}]}, "needs a string 'name'"),
        ({"applications": [{"name": "Bad_Name"}]}, "application 'Bad_Name': API error 107"),
        ({"scenarios": [{"name": "s", "application": "nope"}]}, "scenario 's': API error 107"),
        ({"scenarios": [{"name": "s", "script": 5}]}, "scenario 's': a value has the wrong type"),
        (
            {"applications": [{"name": "ivr", "rules": [{"name": "r", "scenarios": ["x"]}]}]},
            "rule 'r' in application 'ivr': API error 168",
        ),
    ],
)
def test_bad_seeds_are_reported(seed: Any, message: str) -> None:
    with pytest.raises(SeedError, match=message.replace("[", r"\[").replace("]", r"\]")):
        build_emulator(seed=seed)


def test_unreadable_seed_file(tmp_path: Path) -> None:
    (tmp_path / "seed.json").write_text("{not json")
    with pytest.raises(SeedError, match="cannot read seed file"):
        build_emulator(seed=tmp_path / "seed.json")


def test_failed_seed_can_be_fixed_and_retried(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    bad = {"applications": [{"name": "ivr", "rules": [{"name": "r", "scenarios": ["x"]}]}]}
    with pytest.raises(SeedError):
        build_emulator(seed=bad, state_path=state)
    bad["scenarios"] = [{"name": "x", "application": "ivr"}]
    emulator = build_emulator(seed=bad, state_path=state)
    try:
        rules = emulator.backend.get_rules(Ref(name="ivr"), None, None, None, True, Page())
        assert [s["scenario_name"] for s in rules["result"][0]["scenarios"]] == ["x"]
    finally:
        emulator.close()


def test_key_file_has_the_control_panel_shape_and_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "creds.json"
    emulator = build_emulator(credentials_path=path)
    try:
        data = json.loads(path.read_text())
        assert set(data) == {"account_email", "account_id", "key_id", "private_key"}
        assert isinstance(data["account_id"], int)
        assert data["private_key"].startswith("-----BEGIN PRIVATE KEY-----")  # PKCS#8
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert emulator.credentials == data
        assert not [p for p in path.parent.iterdir() if p.name != "creds.json"]  # no temp left
    finally:
        emulator.close()


def test_key_file_is_reused_when_the_state_knows_the_key(tmp_path: Path) -> None:
    path, state = tmp_path / "creds.json", tmp_path / "state.db"
    build_emulator(credentials_path=path, state_path=state).close()
    first = path.read_text()
    os.chmod(path, 0o644)  # reuse leaves the user's file alone
    emulator = build_emulator(credentials_path=path, state_path=state)
    emulator.close()
    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_nested_result_key_file_is_reused(tmp_path: Path) -> None:
    path, state = tmp_path / "creds.json", tmp_path / "state.db"
    build_emulator(credentials_path=path, state_path=state).close()
    nested = {"result": json.loads(path.read_text())}
    path.write_text(json.dumps(nested))
    build_emulator(credentials_path=path, state_path=state).close()
    assert json.loads(path.read_text()) == nested
    assert read_credentials(path) == nested["result"]


@pytest.mark.parametrize(
    "content",
    [
        "{broken",
        "[]",
        '{"key_id": "x"}',
        '{"account_email": "a", "account_id": 1, "key_id": ["x"], "private_key": "k"}',
    ],
)
def test_unusable_or_unknown_key_file_is_replaced(tmp_path: Path, content: str) -> None:
    path = tmp_path / "creds.json"
    path.write_text(content)
    os.chmod(path, 0o644)
    build_emulator(credentials_path=path).close()
    data = json.loads(path.read_text())
    assert isinstance(data["key_id"], str)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_running_emulator_writes_credentials_to_a_temp_dir_and_cleans_up() -> None:
    with running_emulator() as emu:
        path = emu.credentials_path
        assert json.loads(path.read_text()) == emu.credentials
        assert "PRIVATE KEY" not in repr(emu)
    assert not path.exists()


def test_running_emulator_keeps_a_given_credentials_path(tmp_path: Path) -> None:
    path = tmp_path / "creds.json"
    with running_emulator(credentials_path=path) as emu:
        assert emu.credentials_path == path
    assert path.exists()


def test_state_file_keeps_keys_and_bindings(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with running_emulator(seed=SEED, state_path=state) as emu:
        api = Api(emu.url, emu.credentials)
        rule_id = api.rule("ivr", "inbound")["rule_id"]
        order = [api.scenario_id("menu"), api.scenario_id("greeting")]
        api.ok("ReorderScenarios", rule_id=rule_id, scenario_id=order)
        api.close()
        first_credentials = emu.credentials
    with running_emulator(state_path=state) as emu:
        assert emu.rule_scenarios(rule_id) == [(order[0], "menu"), (order[1], "greeting")]
        old_key = Api(emu.url, first_credentials)  # the earlier key is still registered
        assert old_key.ok("GetApplications")["total_count"] == 2
        old_key.close()


def test_state_file_from_before_added_columns_is_upgraded(tmp_path: Path) -> None:
    """A state written before ``created`` and ``secure_record_storage`` existed still opens."""
    state = tmp_path / "old.db"
    with sqlite3.connect(state) as conn:
        conn.executescript(
            "CREATE TABLE accounts (account_id INTEGER PRIMARY KEY, account_name TEXT NOT NULL "
            "UNIQUE, account_email TEXT NOT NULL);"
            "INSERT INTO accounts VALUES (100001, 'emulator', 'emulator@example.com');"
            "CREATE TABLE applications (application_id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "account_id INTEGER NOT NULL, application_name TEXT NOT NULL UNIQUE, "
            "modified TEXT NOT NULL);"
            "INSERT INTO applications VALUES (101, 100001, 'old.emulator.voximplant.com', "
            "'2020-01-01 00:00:00');"
        )
    conn.close()
    with running_emulator(state_path=state) as emu:
        api = Api(emu.url, emu.credentials)
        assert api.ok("GetAccountInfo")["result"]["created"]
        apps = api.ok("GetApplications")["result"]
        assert [(a["application_name"], a["secure_record_storage"]) for a in apps] == [
            ("old.emulator.voximplant.com", False)
        ]
        api.close()


def test_state_locked_by_another_process_is_db_error_4(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with running_emulator(seed=SEED, state_path=state) as emu:
        emu.backend.store.set_busy_timeout(0.05)
        api = Api(emu.url, emu.credentials)
        other = sqlite3.connect(state, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            assert api.error("AddApplication", application_name="blocked") == (4, "DB error")
            other.execute("ROLLBACK")
            assert api.ok("AddApplication", application_name="blocked")["result"] == 1
        finally:
            other.close()
            api.close()
        assert emu.fatal_errors == 0
