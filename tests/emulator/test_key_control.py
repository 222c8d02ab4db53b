"""Key control endpoints: a new key of this account works, a revoked key id gets 433 (also
after a restart with a state file), and a valid key of another account gets 100."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from pulumi_voxbind.emulator import RunningEmulator, running_emulator

from .support import SEED, Api


def _control(emu: RunningEmulator, path: str, body: Any) -> requests.Response:
    url = emu.url.replace("/platform_api", f"/_emulator/{path}")
    return requests.post(url, json=body, timeout=10)


def test_a_new_key_of_the_account_works_and_revoking_it_gives_433(emu: RunningEmulator) -> None:
    made = _control(emu, "keys", {})
    assert made.status_code == 200
    key = made.json()
    assert key["account_id"] == emu.account_id and key["key_id"] != emu.credentials["key_id"]
    assert key["private_key"].startswith("-----BEGIN PRIVATE KEY-----")
    api = Api(emu.url, key)
    assert api.ok("GetApplications")["total_count"] >= 1

    assert _control(emu, "keys/revoke", {"key_id": key["key_id"]}).json() == {"result": 1}
    assert api.error("GetApplications") == (433, "Invalid key id.")
    assert Api(emu.url, emu.credentials).ok("GetApplications")  # the other key still works
    assert _control(emu, "keys/revoke", {"key_id": key["key_id"]}).status_code == 404


def test_a_key_of_another_account_signs_valid_tokens_that_are_refused(emu: RunningEmulator,
                                                                      ) -> None:
    key = _control(emu, "keys", {"account_id": 200002}).json()
    assert key["account_id"] == 200002 and key["account_email"] == "account200002@example.com"
    assert Api(emu.url, key).error("GetRules", application_name="ivr") == (
        100, "Authorization failed")


@pytest.mark.parametrize(("path", "body"), [
    ("keys", {"account_id": "1"}), ("keys", {"account_id": True}), ("keys", {"x": 1}),
    ("keys", [1]), ("keys/revoke", {}), ("keys/revoke", {"key_id": 5}),
    ("keys/revoke", {"key_id": "a", "x": 1})])
def test_bad_control_bodies_get_400(emu: RunningEmulator, path: str, body: Any) -> None:
    response = _control(emu, path, body)
    assert response.status_code == 400 and "error" in response.json()


def test_a_revoked_key_stays_revoked_across_restarts(tmp_path: Path) -> None:
    state, creds = tmp_path / "state.sqlite", tmp_path / "key.json"
    with running_emulator(seed=SEED, state_path=state, credentials_path=creds) as emu:
        key_id = emu.credentials["key_id"]
        assert _control(emu, "keys/revoke", {"key_id": key_id}).json() == {"result": 1}
        old = dict(emu.credentials)
    with running_emulator(seed=SEED, state_path=state, credentials_path=creds) as emu:
        assert emu.credentials["key_id"] != key_id  # the key file was replaced: its key is gone
        assert Api(emu.url, old).error("GetApplications")[0] == 433
        assert Api(emu.url, emu.credentials).ok("GetApplications")
