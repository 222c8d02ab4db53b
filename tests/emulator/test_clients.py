"""`GET /_emulator/clients`: connections that carried API requests and distinct tokens seen."""

from __future__ import annotations

import time

import requests

from pulumi_voxbind.emulator import RunningEmulator

from .support import Api, sign


def test_one_pooled_connection_and_one_token(api: Api, emu: RunningEmulator) -> None:
    emu.reset_stats()
    token = sign(emu.credentials)
    for _ in range(5):
        api.ok("GetApplications", token=token)
    assert emu.clients() == {"connections": 1, "tokens": 1}
    now = int(time.time())
    api.ok("GetApplications", token=sign(emu.credentials, claims={"iat": now - 7,
                                                                 "exp": now + 60}))
    assert emu.clients() == {"connections": 1, "tokens": 2}


def test_new_connections_and_rejected_tokens_count(emu: RunningEmulator) -> None:
    emu.reset_stats()
    token = sign(emu.credentials)
    for _ in range(3):
        caller = Api(emu.url, emu.credentials)
        caller.ok("GetApplications", token=token)
        caller.close()
    Api(emu.url, emu.credentials).error("GetApplications", token="not-a-jwt")
    assert emu.clients() == {"connections": 4, "tokens": 2}


def test_control_requests_are_not_counted_and_reset_clears(api: Api,
                                                           emu: RunningEmulator) -> None:
    api.ok("GetApplications")
    base = emu.base_url
    assert requests.post(f"{base}/_emulator/reset-stats", timeout=10).json() == {"result": 1}
    for _ in range(3):
        requests.get(f"{base}/_emulator/stats", timeout=10)
    assert requests.get(f"{base}/_emulator/clients", timeout=10).json() == {
        "connections": 0, "tokens": 0}
    assert emu.clients() == {"connections": 0, "tokens": 0}
