"""The emulator's phone numbers, secrets and SIP white list: seed, cascades, snapshot, strictness
(the official client drives the same methods in tests/conformance)."""

from __future__ import annotations

import pytest

from pulumi_voxbind.emulator import SeedError, running_emulator

from .support import Api

SEED = {
    "applications": [{"name": "ivr", "rules": [{"name": "inbound", "pattern": ".*"}]}],
    "phone_numbers": [{"phone_number": "+15551230001", "application": "ivr", "rule": "inbound"},
                      {"phone_number": "15551230002", "application": "ivr"},
                      {"phone_number": "15551230003"}],
    "sip_whitelist": [{"network": "198.51.100.0/24", "description": "HQ"}],
}


def test_seed_and_snapshot() -> None:
    with running_emulator(seed=SEED) as emu:
        snap = emu.snapshot()
        (app,) = snap["applications"]
        rule = app["rules"][0]["rule_id"]
        assert [(p["phone_number"], p["application_id"], p["rule_id"])
                for p in snap["phone_numbers"]] == [
            ("15551230001", app["application_id"], rule),
            ("15551230002", app["application_id"], None),
            ("15551230003", None, None)]
        assert [(e["sip_whitelist_network"], e["description"]) for e in snap["sip_whitelist"]] \
            == [("198.51.100.0/24", "HQ")]
        assert snap["secrets"] == []


def test_delete_rule_and_application_never_delete_numbers() -> None:
    with running_emulator(seed=SEED) as emu:
        api = Api(emu.url, emu.credentials)
        api.ok("AddSecret", application_name="ivr", secret_name="TOKEN", secret_value="v4lue")
        assert "v4lue" not in str(emu.snapshot()), "the snapshot never holds a value"
        rule = api.ok("GetRules", application_name="ivr")["result"][0]["rule_id"]
        api.ok("DelRule", rule_id=rule)
        first = emu.snapshot()["phone_numbers"][0]
        assert first["application_id"] is not None and first["rule_id"] is None, "pin cleared"
        api.ok("DelApplication", application_name="ivr.emulator.voximplant.com")
        snap = emu.snapshot()
        assert len(snap["phone_numbers"]) == 3, "numbers stay owned"
        assert all(p["application_id"] is None for p in snap["phone_numbers"])
        assert snap["secrets"] == [], "secrets go with their application"
        api.close()


def test_numbers_are_never_bought_or_released() -> None:
    with running_emulator(seed=SEED) as emu:
        api = Api(emu.url, emu.credentials)
        assert api.error("AttachPhoneNumber", phone_count="1", country_code="US")[0] == 103
        assert api.error("DeactivatePhoneNumber", phone_number="15551230003")[0] == 103
        assert api.error("BindPhoneNumberToApplication", phone_id="all",
                         application_name="ivr")[0] == 181
        api.close()


@pytest.mark.parametrize(("seed", "problem"), [
    ({"phone_numbers": [{"phone_number": "1555", "application": "ivr"}]}, "phone number"),
    ({"phone_numbers": [{"phone_number": "15551230001", "rule": "x"}]}, "needs its application"),
    ({"phone_numbers": [{"number": "15551230001"}]}, "unknown keys"),
    ({"sip_whitelist": [{"network": "198.51.100.7/24"}]}, "SIP white list entry"),
])
def test_bad_seeds(seed: dict[str, object], problem: str) -> None:
    with pytest.raises(SeedError) as err, running_emulator(seed=seed):
        pass
    assert problem in str(err.value)
