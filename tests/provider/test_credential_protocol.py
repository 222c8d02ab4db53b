"""Credentials and settings through the real provider process over gRPC, against the emulator:
bad settings fail `check` with one line and no API call; a refused key (revoked, or another
account's) fails the first operation with the key id, its source and the fix, and the others
without a request; the key as JSON text in the environment works."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.protocol_harness import SEED, Harness, start
from tests.support.provider_process import ProviderError, ProviderProcess, provider_env, secret

RULES = ("r0", "r1", "r2")


@pytest.fixture
def h(tmp_path: Path) -> Iterator[Harness]:
    yield from start(tmp_path, SEED)


def _control(h: Harness, path: str, body: Any) -> Any:
    url = h.emu.url.replace("/platform_api", f"/_emulator/{path}")
    response = requests.post(url, json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _key_file(h: Harness, where: Path, **body: Any) -> tuple[dict[str, Any], Path]:
    """A new emulator key (of another account with account_id=...) and its key file."""
    key = _control(h, "keys", body)
    path = where / f"{key['key_id']}.json"
    path.write_text(json.dumps(key))
    return key, path


def _provider_with_env_key(h: Harness, path: Path) -> ProviderProcess:
    h.emu.reset_stats()
    return ProviderProcess(provider_env(VOXIMPLANT_API_URL=h.emu.url,
                                        VOXIMPLANT_CREDENTIALS=str(path)), h.cwd)


def _bindings(h: Harness) -> dict[str, dict[str, Any]]:
    made = {}
    for rule in RULES:
        _, outs = h.up({"application_name": "ivr", "rule_name": rule,
                        "scenario_names": ["greeting"]}, name=rule)
        made[rule] = outs
    return made


def _refresh_all(provider: ProviderProcess, made: dict[str, dict[str, Any]]) -> list[str]:
    errors = []
    for rule, outs in made.items():
        with pytest.raises(ProviderError) as err:
            provider.read(rule, outs, {}, name=rule)
        errors.append(err.value.details)
    return errors


@pytest.mark.parametrize(("config", "env", "expected"), [
    ({"voxbind:endpoint": "127.0.0.1:36229/platform_api"}, {},
     "ScenarioBinding: stack config 'voxbind:endpoint' has no http:// or https:// scheme; "),
    ({}, {"VOXIMPLANT_API_URL": "http://127.0.0.1:1/api"},
     "ScenarioBinding: environment variable VOXIMPLANT_API_URL does not end in the API path "),
    ({}, {"VOXBIND_API_DEADLINE": "abc"},
     "ScenarioBinding: environment variable VOXBIND_API_DEADLINE is not a number "),
])
def test_bad_settings_fail_check_with_one_line_and_no_api_call(
        h: Harness, config: dict[str, str], env: dict[str, str], expected: str) -> None:
    h.emu.reset_stats()
    provider = ProviderProcess({**h.env, **env}, h.cwd)
    try:
        provider.configure(config)
        with pytest.raises(ProviderError) as err:
            provider.check({"application_name": "ivr", "rule_name": "inbound",
                            "scenario_names": ["greeting"]})
    finally:
        h.stderr += provider.close()
    details = err.value.details
    assert details.startswith(expected) and "\n" not in details and "Traceback" not in details
    assert h.emu.stats()["total"] == 0


def test_a_revoked_key_in_saved_config_fails_once_naming_key_source_and_fix(h: Harness) -> None:
    made = _bindings(h)
    key = _control(h, "keys", {})
    _control(h, "keys/revoke", {"key_id": key["key_id"]})
    # A refresh: the config Pulumi saved at the last `up` (no check runs in this process).
    h.emu.reset_stats()
    provider = ProviderProcess(provider_env(VOXIMPLANT_API_URL=h.emu.url), h.cwd)
    try:
        provider.configure({"voxbind:credentials": secret(json.dumps(key))})
        first, *later = _refresh_all(provider, made)
    finally:
        h.stderr += provider.close()
    assert first.startswith("ScenarioBinding: GetRules failed: API error 433: Invalid key "
                            f"id. The key '{key['key_id']}' of account {key['account_id']} "
                            "(from stack config 'voxbind:credentials' as Pulumi gave it to this "
                            "command: for `pulumi refresh` and `pulumi destroy` without "
                            "--run-program, as of the last `pulumi up`) was refused: the API "
                            "knows no key with this id")
    assert ("run `pulumi up` (or the command again with --run-program: `pulumi refresh "
            "--run-program`, `pulumi destroy --run-program`)") in first
    for text in later:
        assert text.startswith("ScenarioBinding: GetRules failed: API error 433: not "
                               f"sent: the key '{key['key_id']}'")
    assert h.emu.stats()["total"] == 1, "the refused key is tried once per process"
    for text in (first, *later):
        assert "PRIVATE KEY" not in text and key["private_key"].splitlines()[1] not in text


def test_a_key_of_another_account_in_the_environment(h: Harness, tmp_path: Path) -> None:
    made = _bindings(h)
    key, path = _key_file(h, tmp_path, account_id=200002)
    provider = _provider_with_env_key(h, path)
    try:
        provider.configure({})
        first, *later = _refresh_all(provider, made)
    finally:
        h.stderr += provider.close()
    assert first.startswith("ScenarioBinding: GetRules failed: API error 100: "
                            f"Authorization failed. The key '{key['key_id']}' of account 200002 "
                            f"(from VOXIMPLANT_CREDENTIALS={path}) was refused: ")
    assert "belong to another account" in first
    assert first.endswith("Fix: set VOXIMPLANT_CREDENTIALS to a valid key file of this account "
                          "(its path or JSON text); if the last `pulumi up` had the key in "
                          "stack config, remove it there and run `pulumi up`")
    assert all("not sent" in text for text in later)
    assert h.emu.stats()["total"] == 2, "one retry with a fresh token, then no more calls"


def test_the_key_as_json_text_in_the_environment(h: Harness) -> None:
    text = Path(h.emu.credentials_path).read_text()
    provider = ProviderProcess(provider_env(VOXIMPLANT_API_URL=h.emu.url,
                                            VOXIMPLANT_CREDENTIALS=text), h.cwd)
    try:
        provider.configure({})
        inputs, _ = provider.check({"application_name": "ivr", "rule_name": "inbound",
                                    "scenario_names": ["greeting", "menu"]})
        _, outs = provider.create(inputs)
    finally:
        stderr = provider.close()
    assert outs["scenario_names"] == ["greeting", "menu"]
    assert json.loads(text)["private_key"].splitlines()[1] not in stderr


def test_bad_key_text_in_the_environment_names_the_variable_never_the_content(h: Harness,
                                                                               ) -> None:
    text = Path(h.emu.credentials_path).read_text().replace('"key_id"', '"kid"')
    provider = ProviderProcess(provider_env(VOXIMPLANT_API_URL=h.emu.url,
                                            VOXIMPLANT_CREDENTIALS=text), h.cwd)
    try:
        provider.configure({})
        inputs, _ = provider.check({"application_name": "ivr", "rule_name": "inbound",
                                    "scenario_names": ["greeting"]})
        with pytest.raises(ProviderError) as err:
            provider.create(inputs)
    finally:
        stderr = provider.close()
    assert err.value.details == ("ScenarioBinding: VOXIMPLANT_CREDENTIALS (key file JSON text): "
                                 "missing field 'key_id'")
    assert json.loads(text)["private_key"].splitlines()[1] not in stderr


def test_a_refused_saved_config_key_gives_way_to_the_environments_key(h: Harness,
                                                                      tmp_path: Path) -> None:
    """A rotation: the old key (saved in state by the last `up`) is revoked, the new key is in
    VOXIMPLANT_CREDENTIALS; refresh moves to it, says so once, and every read succeeds."""
    made = _bindings(h)
    old = _control(h, "keys", {})
    _control(h, "keys/revoke", {"key_id": old["key_id"]})
    new, path = _key_file(h, tmp_path)
    provider = _provider_with_env_key(h, path)
    try:
        provider.configure({"voxbind:credentials": secret(json.dumps(old))})
        for rule, outs in made.items():
            id_, live, _ = provider.read(rule, outs, {}, name=rule)
            assert id_ == rule and live["scenario_names"] == ["greeting"]
    finally:
        stderr = provider.close()
    notices = [line for line in stderr.splitlines() if "was refused" in line]
    assert notices == [
        f"pulumi-voxbind: the key '{old['key_id']}' (from stack config 'voxbind:credentials' as "
        "Pulumi gave it to this command: for `pulumi refresh` and `pulumi destroy` without "
        "--run-program, as of the last `pulumi up`) was refused (API error 433); using the key "
        f"'{new['key_id']}' from VOXIMPLANT_CREDENTIALS={path} instead. Run `pulumi up` so that "
        "the stack config is saved as it is now (or remove 'voxbind:credentials' from it if the "
        "key now lives in VOXIMPLANT_CREDENTIALS)"]
    assert "PRIVATE KEY" not in stderr


def test_the_environments_key_of_another_account_is_not_tried(h: Harness, tmp_path: Path) -> None:
    made = _bindings(h)
    old = _control(h, "keys", {})
    _control(h, "keys/revoke", {"key_id": old["key_id"]})
    _, path = _key_file(h, tmp_path, account_id=200002)
    provider = _provider_with_env_key(h, path)
    try:
        provider.configure({"voxbind:credentials": secret(json.dumps(old))})
        first, *later = _refresh_all(provider, made)
    finally:
        stderr = provider.close()
    assert f"The key '{old['key_id']}' of account {old['account_id']}" in first
    assert all("not sent" in text for text in later)
    assert h.emu.stats()["total"] == 1, "the other account's key is never sent"
    assert (f"VOXIMPLANT_CREDENTIALS={path} holds a key of account 200002, not "
            f"{old['account_id']}, so it is not tried") in stderr
