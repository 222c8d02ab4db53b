"""Typed helpers for phone numbers, secrets and the SIP white list, byte for byte on the wire
(a loopback server scripted with the official clients' result shapes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pulumi_voxbind import VoximplantClient
from pulumi_voxbind.api.errors import VoximplantError

from .apiserver import ApiServer, api_error, ok

MakeClient = Callable[..., VoximplantClient]
ONE = ok({"result": 1})
NUMBER = {"phone_id": 5, "phone_number": "15551230001", "phone_price": 1.0,
          "deactivated": False, "auto_charge": True, "application_id": 12,
          "application_name": "ivr.acme.voximplant.com", "rule_id": 7, "rule_name": "inbound"}


def _sent(server: ApiServer) -> list[tuple[str, dict[str, str]]]:
    return [(r.method, r.form) for r in server.requests]


def test_phone_number_helpers(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": [NUMBER], "total_count": 1, "count": 1}),
                  ok({"result": [NUMBER], "total_count": 1, "count": 1}), ONE, ONE)
    client = make_client()
    assert client.find_phone_number(phone_number="+15551230001") == NUMBER
    assert client.find_phone_number(phone_id=5) == NUMBER
    client.bind_phone_number(5, 13, rule_id=8)
    client.unbind_phone_number(5, 13)
    assert _sent(server) == [
        ("GetPhoneNumbers", {"phone_number": "15551230001", "count": "100", "offset": "0"}),
        ("GetPhoneNumbers", {"phone_id": "5", "count": "100", "offset": "0"}),
        ("BindPhoneNumberToApplication", {"phone_id": "5", "application_id": "13",
                                          "rule_id": "8", "bind": "true"}),
        ("BindPhoneNumberToApplication", {"phone_id": "5", "application_id": "13",
                                          "bind": "false"}),
    ]


def test_phone_number_arguments_are_checked_before_the_wire(make_client: MakeClient,
                                                            server: ApiServer) -> None:
    client = make_client()
    with pytest.raises(ValueError):
        client.find_phone_number(phone_number="+1 555 123")
    with pytest.raises(ValueError):
        client.find_phone_number()
    with pytest.raises(TypeError):
        client.bind_phone_number(5, 0)
    assert server.requests == []


def test_a_refused_move_is_the_api_error(server: ApiServer, make_client: MakeClient) -> None:
    server.script(api_error(182, "Occupied phone number"))
    with pytest.raises(VoximplantError) as err:
        make_client().bind_phone_number(5, 13)
    assert err.value.code == 182


def test_secret_helpers(server: ApiServer, make_client: MakeClient) -> None:
    item = {"secret_id": 9, "secret_name": "CRM_TOKEN", "created": "2025-01-01 00:00:00",
            "modified": "2025-01-01 00:00:00"}
    server.script(ok({"result": [{"secret_id": 9}]}),
                  ok({"result": [item], "total_count": 1, "count": 1}),
                  ok({"result": [{**item, "secret_value": "v4lue"}]}), ONE, ONE)
    client = make_client()
    assert client.add_secret(12, "CRM_TOKEN", "v4lue", description="d") == 9
    assert client.find_secret(12, secret_name="CRM_TOKEN") == item
    assert client.get_secret_value(12, 9) == "v4lue"
    client.set_secret_info(12, 9, new_secret_name="CRM_KEY", secret_value="n3w")
    client.set_secret_info(12, 9)  # nothing to change: no call
    client.del_secret(12, 9)
    assert _sent(server) == [
        ("AddSecret", {"application_id": "12", "secret_name": "CRM_TOKEN",
                       "secret_value": "v4lue", "description": "d"}),
        ("GetSecrets", {"application_id": "12", "secret_name_part": "CRM_TOKEN",
                        "count": "100", "offset": "0"}),
        ("GetSecretValue", {"application_id": "12", "secret_id": "9"}),
        ("SetSecretInfo", {"application_id": "12", "secret_id": "9",
                           "new_secret_name": "CRM_KEY", "secret_value": "n3w"}),
        ("DelSecret", {"application_id": "12", "secret_id": "9"}),
    ]


def test_secret_value_never_in_an_error(make_client: MakeClient, server: ApiServer) -> None:
    client = make_client()
    with pytest.raises(ValueError) as err:
        client.add_secret(12, "X", "s" * 9000)
    assert "sss" not in str(err.value) and "9000" in str(err.value)
    with pytest.raises(TypeError) as terr:
        client.set_secret_info(12, 9, secret_value=b"raw-bytes")  # type: ignore[arg-type]
    assert "raw-bytes" not in str(terr.value)
    assert server.requests == []


def test_sip_whitelist_helpers(server: ApiServer, make_client: MakeClient) -> None:
    entry = {"sip_whitelist_id": 3, "sip_whitelist_network": "203.0.113.0/24",
             "description": "PBX"}
    server.script(ok({"result": 1, "sip_whitelist_id": 3}), ONE,
                  ok({"result": [entry], "total_count": 1, "count": 1}), ONE,
                  api_error(172, "Exceeded the SIP white list network number limit"))
    client = make_client()
    assert client.add_sip_whitelist_item("203.0.113.0/24", description="PBX") == 3
    client.set_sip_whitelist_item(3, "203.0.113.0/25")
    assert client.list_sip_whitelist(sip_whitelist_id=3) == [entry]
    client.del_sip_whitelist_item(3)
    with pytest.raises(VoximplantError) as err:
        client.add_sip_whitelist_item("192.0.2.0/24")
    assert err.value.code == 172
    assert _sent(server)[:4] == [
        ("AddSipWhiteListItem", {"sip_whitelist_network": "203.0.113.0/24",
                                 "description": "PBX"}),
        ("SetSipWhiteListItem", {"sip_whitelist_id": "3",
                                 "sip_whitelist_network": "203.0.113.0/25"}),
        ("GetSipWhiteList", {"sip_whitelist_id": "3", "count": "100", "offset": "0"}),
        ("DelSipWhiteListItem", {"sip_whitelist_id": "3"}),
    ]


def test_malformed_answers_are_errors(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1}), ok({"result": [{"phone_number": "1"}]}))
    client = make_client()
    with pytest.raises(VoximplantError):
        client.add_secret(12, "X", "v")
    with pytest.raises(VoximplantError):
        client.list_phone_numbers()
