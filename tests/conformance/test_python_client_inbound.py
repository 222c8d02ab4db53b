"""The official Python client (voximplant-apiclient 2.12.0), unchanged, against the emulator's
phone number, secret and SIP white list methods: its parameter spelling, its result parsing
(dates it converts), and the error codes it raises."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from voximplant.apiclient import VoximplantAPI, VoximplantException

from pulumi_voxbind.emulator import RunningEmulator, keys, running_emulator

from .conftest import Tls

SEED = {
    "applications": [{"name": "ivr", "rules": [{"name": "inbound", "pattern": ".*"},
                                               {"name": "vip", "pattern": "1.*"}]},
                     {"name": "crm"}],
    "phone_numbers": [{"phone_number": "+15551230001", "application": "ivr", "rule": "inbound"},
                      {"phone_number": "15551230002"}],
    "sip_whitelist": [{"network": "198.51.100.0/24", "description": "HQ"}],
}
IVR = "ivr.emulator.voximplant.com"


@pytest.fixture
def emu(tls: Tls, key_pair: tuple[str, str],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningEmulator]:
    monkeypatch.setattr(keys, "generate_key", lambda: key_pair)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with running_emulator(seed=SEED, ssl_context=tls.server_context) as emulator:
        yield emulator
        assert emulator.fatal_errors == 0, "a request reached the catch-all (code 1)"


@pytest.fixture
def client(emu: RunningEmulator, tls: Tls, monkeypatch: pytest.MonkeyPatch) -> VoximplantAPI:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.ca_file))
    return VoximplantAPI(credentials_file_path=str(emu.credentials_path), endpoint=emu.api_address)


def _code(call: object, *args: object, **kwargs: object) -> int:
    with pytest.raises(VoximplantException) as raised:
        call(*args, **kwargs)  # type: ignore[operator]
    return int(raised.value.code)


def test_phone_numbers_list_bind_move_unbind(client: VoximplantAPI) -> None:
    listing = client.get_phone_numbers()
    assert listing["total_count"] == 2
    first, second = listing["result"]
    assert (first["phone_number"], first["application_name"], first["rule_name"]) == \
        ("15551230001", IVR, "inbound")
    assert isinstance(first["phone_purchase_date"], datetime.datetime)  # parsed by the client
    assert isinstance(first["phone_next_renewal"], datetime.date)
    assert "application_id" not in second
    unbound = client.get_phone_numbers(is_bound_to_application=False)["result"]
    assert [p["phone_number"] for p in unbound] == ["15551230002"]

    assert client.bind_phone_number_to_application(
        phone_number="15551230002", application_name=IVR, rule_name="vip") == {"result": 1}
    pinned = client.get_phone_numbers(rule_name="vip")["result"]
    assert [p["phone_number"] for p in pinned] == ["15551230002"]
    # a bound number moves to another application in one call (the emulator's reading)
    assert client.bind_phone_number_to_application(
        phone_id=second["phone_id"], application_name="crm.emulator.voximplant.com") == \
        {"result": 1}
    moved = client.get_phone_numbers(phone_id=second["phone_id"])["result"][0]
    assert moved["application_name"] == "crm.emulator.voximplant.com" and "rule_id" not in moved
    assert client.bind_phone_number_to_application(
        phone_id=second["phone_id"], bind=False) == {"result": 1}
    assert "application_id" not in client.get_phone_numbers(
        phone_id=second["phone_id"])["result"][0]


def test_phone_number_errors(client: VoximplantAPI) -> None:
    assert _code(client.bind_phone_number_to_application, phone_number="19990000000",
                 application_name=IVR) == 121
    assert _code(client.bind_phone_number_to_application, phone_id=1,
                 application_name=IVR) == 181
    assert _code(client.bind_phone_number_to_application, phone_number="15551230002") == 134
    assert _code(client.bind_phone_number_to_application, phone_number="15551230002",
                 application_name=IVR, rule_id=999999) == 147
    # unbinding from an application the number is not bound to: refused (the strict reading)
    assert _code(client.bind_phone_number_to_application, phone_number="15551230001",
                 application_name="crm.emulator.voximplant.com", bind=False) == 116


def test_secrets(client: VoximplantAPI) -> None:
    added = client.add_secret("CRM_TOKEN", "t0ken", application_name=IVR, description="CRM")
    (item,) = added["result"]
    secret_id = item["secret_id"]
    listing = client.get_secrets(application_name=IVR)
    assert [(s["secret_id"], s["secret_name"], s["description"]) for s in listing["result"]] \
        == [(secret_id, "CRM_TOKEN", "CRM")]
    assert isinstance(listing["result"][0]["created"], datetime.datetime)
    assert "secret_value" not in listing["result"][0]
    value = client.get_secret_value(application_name=IVR, secret_name="CRM_TOKEN")
    assert value["result"][0]["secret_value"] == "t0ken"
    assert client.set_secret_info(application_name=IVR, secret_id=secret_id,
                                  new_secret_name="CRM_KEY", secret_value="n3w") == {"result": 1}
    value = client.get_secret_value(application_name=IVR, secret_id=secret_id)
    assert (value["result"][0]["secret_name"], value["result"][0]["secret_value"]) == \
        ("CRM_KEY", "n3w")
    assert client.del_secret(application_name=IVR, secret_id=secret_id) == {"result": 1}
    assert client.get_secrets(application_name=IVR)["result"] == []


def test_secret_errors_never_echo_the_value(client: VoximplantAPI) -> None:
    with pytest.raises(VoximplantException) as raised:
        client.add_secret("1bad", "visible-value", application_name=IVR)
    assert raised.value.code == 496 and "visible-value" not in raised.value.message
    with pytest.raises(VoximplantException) as raised:
        client.add_secret("LONG", "v" * 8193, application_name=IVR)
    assert raised.value.code == 496 and "vvvv" not in raised.value.message
    assert _code(client.add_secret, "NO_APP", "x") == 134
    client.add_secret("TWICE", "x", application_name=IVR)
    assert _code(client.add_secret, "TWICE", "y", application_name=IVR) == 496
    assert _code(client.del_secret, application_name=IVR, secret_id=1) == 496


def test_sip_white_list(client: VoximplantAPI) -> None:
    added = client.add_sip_white_list_item("203.0.113.0/24", description="PBX")
    entry = added["sip_whitelist_id"]
    assert client.set_sip_white_list_item(entry, "203.0.113.0/25") == {"result": 1}
    listing = client.get_sip_white_list()["result"]
    assert [(e["sip_whitelist_network"], e.get("description")) for e in listing] == \
        [("198.51.100.0/24", "HQ"), ("203.0.113.0/25", "PBX")]
    assert _code(client.add_sip_white_list_item, "198.51.100.0/25") == 170  # overlaps
    assert _code(client.add_sip_white_list_item, "203.0.113.7/24") == 170  # host bits
    assert _code(client.del_sip_white_list_item, 1) == 169
    for i in range(8):
        client.add_sip_white_list_item(f"10.{i}.0.0/16")
    assert _code(client.add_sip_white_list_item, "192.0.2.0/24") == 172
    assert client.del_sip_white_list_item(entry) == {"result": 1}


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def test_items_carry_every_field_the_node_client_declares_required(
        client: VoximplantAPI) -> None:
    """AttachedPhoneInfo, SecretListItem, GetSecretValueResult, AddSecretResult and
    SipWhiteListInfo, checked against the installed Node client's own Structures.ts."""
    from .test_declared_fields import interfaces

    def required(interface: str) -> set[str]:
        return {_snake(f) for f, (needed, _) in interfaces()[interface].items() if needed}

    phone = client.get_phone_numbers()["result"][0]
    assert required("AttachedPhoneInfo") <= set(phone)
    added = client.add_secret("FIELDS", "x", application_name=IVR)["result"][0]
    assert required("AddSecretResult") <= set(added)
    listed = client.get_secrets(application_name=IVR)["result"][0]
    assert required("SecretListItem") <= set(listed)
    value = client.get_secret_value(application_name=IVR, secret_name="FIELDS")["result"][0]
    assert required("GetSecretValueResult") <= set(value)
    entry = client.get_sip_white_list()["result"][0]
    assert required("SipWhiteListInfo") <= set(entry)
