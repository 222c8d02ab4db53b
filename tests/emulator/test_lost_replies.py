"""Lost replies: the emulator acts, then loses the reply (close, 503, timeout); or refuses a
call before acting with a chosen API code. Raw HTTP, never the client under test."""

from __future__ import annotations

import time

import pytest
import requests

from pulumi_voxbind.emulator import RunningEmulator
from pulumi_voxbind.emulator.lost_replies import WRITE_PREFIXES

from .support import Api


def names(emu: RunningEmulator) -> list[str]:
    return [a["application_name"].split(".")[0] for a in emu.snapshot()["applications"]]


@pytest.mark.parametrize("reply", ["close", "503"])
def test_a_lost_reply_comes_after_the_change(api: Api, emu: RunningEmulator,
                                             reply: str) -> None:
    emu.lose_replies(AddApplication={"count": 1, "reply": reply})
    if reply == "close":
        with pytest.raises(requests.ConnectionError):
            api.response("AddApplication", application_name="lost")
    else:
        response = api.response("AddApplication", application_name="lost")
        assert response.status_code == 503 and "text/html" in response.headers["Content-Type"]
    assert "lost" in names(emu), "the API acted before the reply was lost"
    code, _ = api.error("AddApplication", application_name="lost")  # the retry: name taken
    assert code == 129
    assert api.ok("AddApplication", application_name="next")  # count spent: replies again
    assert emu.emulator.lost_replies.settings()["AddApplication"]["lost"] == 1


def test_timeout_holds_the_connection_silent_then_closes(api: Api, emu: RunningEmulator) -> None:
    emu.lose_replies(AddApplication={"count": 1, "reply": "timeout", "hold_s": 0.5})
    started = time.monotonic()
    with pytest.raises(requests.ConnectionError):
        api.response("AddApplication", application_name="slow")
    assert time.monotonic() - started >= 0.5
    assert "slow" in names(emu)


def test_refused_calls_and_failed_ones_change_nothing_and_keep_their_reply(
        api: Api, emu: RunningEmulator) -> None:
    emu.lose_replies(**{"*": {"probability": 1.0}})
    code, _ = api.error("DelApplication", application_id=999999)  # fails: its reply goes out
    assert code in (107, 116)
    assert api.ok("GetApplications")  # reads are never lost
    emu.lose_replies(clear=True, DelApplication={"count": 5, "refuse": 100})
    before = emu.snapshot()
    app_id = before["applications"][0]["application_id"]
    assert api.error("DelApplication", application_id=app_id)[0] == 100
    assert emu.snapshot() == before


def test_every_write_method_and_bad_settings(emu: RunningEmulator) -> None:
    from pulumi_voxbind.emulator.dispatch import METHODS

    writes = [m for m in METHODS if m.startswith(WRITE_PREFIXES)]
    # Add/Set/Del of applications, rules, scenarios, secrets and SIP white list entries,
    # BindScenario and BindPhoneNumberToApplication, ReorderRules and ReorderScenarios.
    assert len(writes) == 19, writes
    settings = emu.lose_replies(**{m: {"count": 1} for m in writes})
    assert set(settings) == set(writes)
    url = f"{emu.base_url}/_emulator/lost-replies"
    for bad in ({"GetRules": {"count": 1}}, {"AddRule": {"reply": "later"}},
                {"AddRule": {"probability": 2}}, {"AddRule": {"colour": 1}}, [1]):
        response = requests.post(url, json=bad, timeout=10)
        assert response.status_code == 400, bad
    assert requests.get(url, timeout=10).json() == settings
