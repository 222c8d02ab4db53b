"""The official Python client (PyPI ``voximplant-apiclient`` 2.12.0), unchanged, against the
emulator: pointed at it by its ``endpoint`` and the CA file it reads from REQUESTS_CA_BUNDLE.

It posts every call as form-urlencoded to ``https://<endpoint>/platform_api`` with ``cmd``,
booleans as ``True``/``False``, lists joined with ``;``, and a fresh RS256 token per call whose
``iss`` is the account id as a string.
"""

from __future__ import annotations

import datetime
from importlib.metadata import version
from pathlib import Path

import pytest
from voximplant.apiclient import VoximplantAPI, VoximplantAPIConfig, VoximplantException

from pulumi_voxbind.emulator import RunningEmulator

from .conftest import Seeded, Tls, bound_names

IVR = "ivr.emulator.voximplant.com"


@pytest.fixture
def client(emu: RunningEmulator, tls: Tls, monkeypatch: pytest.MonkeyPatch) -> VoximplantAPI:
    """The client as its README sets it up, with the emulator's host and key file."""
    installed = version("voximplant-apiclient")
    assert installed == "2.12.0", f"installed client is {installed}: rerun tools/bootstrap.sh"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.ca_file))
    return VoximplantAPI(credentials_file_path=str(emu.credentials_path), endpoint=emu.api_address)


def test_account_and_listing(client: VoximplantAPI, emu: RunningEmulator) -> None:
    account = client.get_account_info()
    assert account["result"]["account_name"] == "emulator"
    assert isinstance(account["result"]["created"], datetime.datetime)  # parsed by the client
    assert account["api_address"] == emu.api_address

    apps = client.get_applications()
    assert [a["application_name"] for a in apps["result"]] == [
        IVR,
        "other.emulator.voximplant.com",
    ]
    assert all(isinstance(a["modified"], datetime.datetime) for a in apps["result"])

    rules = client.get_rules(application_name=IVR, with_scenarios=True)
    inbound = next(r for r in rules["result"] if r["rule_name"] == "inbound")
    assert [s["scenario_name"] for s in inbound["scenarios"]] == ["greeting", "menu"]
    assert isinstance(inbound["scenarios"][0]["modified"], datetime.datetime)

    scenarios = client.get_scenarios(application_name=IVR)
    assert [s["scenario_name"] for s in scenarios["result"]] == ["greeting", "menu", "goodbye"]
    assert scenarios["extended_application_name"] == "ivr.emulator.n1.voximplant.com"


def test_bind_by_ids_and_names_reorder_and_unbind(
    client: VoximplantAPI, emu: RunningEmulator, seeded: Seeded
) -> None:
    outbound, ids = seeded.rules["outbound"], seeded.scenarios
    assert client.bind_scenario(
        scenario_id=[ids["menu"], ids["goodbye"]], rule_id=outbound
    ) == {"result": 1}
    assert client.bind_scenario(
        scenario_name=["greeting"], rule_name="outbound", application_name=IVR
    ) == {"result": 1}
    assert bound_names(emu, outbound) == ["menu", "goodbye", "greeting"]

    order = [ids["greeting"], ids["goodbye"], ids["menu"]]
    assert client.reorder_scenarios(scenario_id=order, rule_id=outbound) == {"result": 1}
    assert bound_names(emu, outbound) == ["greeting", "goodbye", "menu"]

    # bind=False goes out as "False", the client's own spelling
    assert client.bind_scenario(scenario_id=ids["goodbye"], rule_id=outbound, bind=False) == {
        "result": 1
    }
    rules = client.get_rules(application_name=IVR, rule_id=outbound, with_scenarios=True)
    assert [s["scenario_name"] for s in rules["result"][0]["scenarios"]] == ["greeting", "menu"]


def test_unknown_rule_is_api_error_147(client: VoximplantAPI, seeded: Seeded) -> None:
    with pytest.raises(VoximplantException) as raised:
        client.bind_scenario(scenario_id=seeded.scenarios["menu"], rule_id=999999)
    assert (raised.value.code, raised.value.message) == (147, "The 'rule_id' parameter is invalid")


def test_readme_config_with_default_account_id_signs_iss_0_and_is_refused(
    emu: RunningEmulator, tls: Tls, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Client 2.12.0 pitfall: ``VoximplantAPIConfig(account_id=0)`` is the default and is not
    replaced by the key file's id, so the token says ``iss: "0"``. The emulator refuses it (100),
    the strict choice while the real API's answer is unconfirmed."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.ca_file))
    config = VoximplantAPIConfig(
        credentials_file_path=str(Path(emu.credentials_path)), endpoint=emu.api_address
    )
    with pytest.raises(VoximplantException) as raised:
        VoximplantAPI(config=config).get_applications()
    assert raised.value.code == 100
    fixed = VoximplantAPIConfig(
        credentials_file_path=str(emu.credentials_path),
        endpoint=emu.api_address,
        account_id=emu.account_id,
    )
    assert VoximplantAPI(config=fixed).get_applications()["total_count"] == 2
