"""Offline check and diff of PhoneNumberBinding, Secret and SipWhitelistEntry, as tables."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown

from pulumi_voxbind.resources.phone_number import inputs as number_inputs
from pulumi_voxbind.resources.phone_number.planning import plan_diff as number_diff
from pulumi_voxbind.resources.secret import digest
from pulumi_voxbind.resources.secret import inputs as secret_inputs
from pulumi_voxbind.resources.secret.planning import plan_diff as secret_diff
from pulumi_voxbind.resources.sip_whitelist import inputs as sip_inputs
from pulumi_voxbind.resources.sip_whitelist.planning import plan_diff as sip_diff

APP = {"application_id": 101}


@pytest.mark.parametrize(("news", "normalised", "failing"), [
    ({"phone_number": "+15551230001", **APP}, {"phone_number": "15551230001", **APP}, []),
    ({"phone_number": "15551230001", "application_name": "ivr", "rule_name": "inbound"},
     {"phone_number": "15551230001", "application_name": "ivr", "rule_name": "inbound"}, []),
    ({"phone_id": 5.0, **APP, "rule_id": 2001.0, "adopt": False},
     {"phone_id": 5, **APP, "rule_id": 2001}, []),
    ({**APP}, None, ["phone_number"]),
    ({"phone_number": "1", "phone_id": 5, **APP}, None, ["phone_number", "phone_number"]),
    ({"phone_number": "+1 555 123", **APP}, None, ["phone_number"]),
    ({"phone_number": "15551230001"}, None, ["application_id"]),
    ({"phone_number": "15551230001", **APP, "rule_id": 1, "rule_name": "x"}, None, ["rule_id"]),
    ({"phone_number": "15551230001", **APP, "adopt": "yes"}, None, ["adopt"]),
    ({"phone_number": "15551230001", **APP, "number": 1}, None, ["number"]),
    ({"phone_number": Unknown(), "application_id": Unknown()},
     {"phone_number": Unknown(), "application_id": Unknown()}, []),
])
def test_phone_number_check(news: dict[str, Any], normalised: dict[str, Any] | None,
                            failing: list[str]) -> None:
    props, failures = number_inputs.check_inputs(news)
    assert sorted(f.property for f in failures) == sorted(failing)
    if normalised is not None and not any(isinstance(v, Unknown) for v in news.values()):
        assert props == normalised


STATE = {"phone_id": 5, "phone_number": "15551230001", "application_id": 101,
         "application_name": "ivr.acme.voximplant.com", "rule_id": 2001, "rule_name": "inbound",
         "declared": {"phone_number": "15551230001", "application_id": 101, "rule_id": 2001}}


@pytest.mark.parametrize(("news", "changes", "replaces"), [
    ({"phone_number": "15551230001", "application_id": 101, "rule_id": 2001}, False, []),
    ({"phone_number": "15551230001", "application_id": 101, "rule_id": 2002}, True, []),
    ({"phone_number": "15551230001", "application_id": 102}, True, []),
    ({"phone_number": "15551230001", "application_id": 101}, True, []),  # unpin
    ({"phone_number": "15551230009", "application_id": 101, "rule_id": 2001}, True,
     ["phone_number"]),
    ({"phone_id": 6, "application_id": 101, "rule_id": 2001}, True, ["phone_id"]),
    ({"phone_number": "15551230001", "application_id": Unknown(), "rule_id": 2001}, True, []),
    ({"phone_number": "15551230001", "application_name": "ivr", "rule_name": "inbound"},
     True, []),  # same place, spelled otherwise: state only, no call
])
def test_phone_number_diff(news: dict[str, Any], changes: bool, replaces: list[str]) -> None:
    plan = number_diff(STATE, news)
    assert (plan.changes, plan.replaces) == (changes, replaces)


def test_phone_number_diff_same_place_other_spelling_makes_no_call() -> None:
    plan = number_diff(STATE, {"phone_number": "15551230001", "application_name": "ivr",
                               "rule_name": "inbound"})
    assert plan.changes and not plan.move
    unbound = {**STATE, "application_id": None, "application_name": None}
    assert number_diff(unbound, STATE["declared"]).move, "unbound outside: bind again"


def test_phone_number_import_id() -> None:
    assert number_inputs.import_props("+15551230001") == {"phone_number": "15551230001"}
    with pytest.raises(ValueError):
        number_inputs.import_props("500001x")


@pytest.mark.parametrize(("news", "failing"), [
    ({**APP, "secret_name": "CRM_TOKEN", "secret_value": "v"}, []),
    ({**APP, "secret_name": "CRM_TOKEN", "secret_value": "v", "description": "d"}, []),
    ({"secret_name": "CRM_TOKEN", "secret_value": "v"}, ["application_id"]),
    ({**APP, "secret_value": "v"}, ["secret_name"]),
    ({**APP, "secret_name": "9x", "secret_value": "v"}, ["secret_name"]),
    ({**APP, "secret_name": "a-b", "secret_value": "v"}, ["secret_name"]),
    ({**APP, "secret_name": "X" * 65, "secret_value": "v"}, ["secret_name"]),
    ({**APP, "secret_name": "X"}, ["secret_value"]),
    ({**APP, "secret_name": "X", "secret_value": ""}, ["secret_value"]),
    ({**APP, "secret_name": "X", "secret_value": "v" * 8193}, ["secret_value"]),
    ({**APP, "secret_name": "X", "secret_value": "v", "description": ""}, ["description"]),
    ({**APP, "secret_name": "X", "secret_value": Unknown()}, []),
])
def test_secret_check(news: dict[str, Any], failing: list[str]) -> None:
    _, failures = secret_inputs.check_inputs(news)
    assert sorted(f.property for f in failures) == sorted(failing)
    value = news.get("secret_value")
    if isinstance(value, str) and len(value) > 3:
        assert all(value[:4] not in f.reason for f in failures), "the value is never shown"


def test_secret_digest_is_keyed_salted_and_stable() -> None:
    key, other_key = digest.key_from_private_key(b"a"), digest.key_from_private_key(b"b")
    first = digest.value_digest(key, "1234")
    assert "1234" not in first.split(":", 3)[3]
    assert digest.digest_like(first, key, "1234") == first, "salt kept: same digest"
    assert digest.digest_like(first, key, "1235") != first
    assert digest.value_digest(key, "1234") != first, "a fresh salt each time"
    assert digest.salt_of(first, other_key) is None, "another key: no comparison"
    import hashlib

    assert hashlib.sha256(b"1234").hexdigest() not in first, "not a bare hash"


SECRET_STATE = {"secret_id": 9, "secret_name": "CRM_TOKEN", "application_id": 101,
                "application_name": "ivr.acme.voximplant.com", "description": "d",
                "value_digest": "D1",
                "declared": {"application_id": 101, "secret_name": "CRM_TOKEN",
                             "description": "d"}}


@pytest.mark.parametrize(("news", "changes", "replaces"), [
    ({"application_id": 101, "secret_name": "CRM_TOKEN", "description": "d",
      "value_digest": "D1", "secret_value": "v"}, False, []),
    ({"application_id": 101, "secret_name": "CRM_TOKEN", "description": "d",
      "value_digest": "D2", "secret_value": "w"}, True, []),
    ({"application_id": 101, "secret_name": "CRM_KEY", "description": "d",
      "value_digest": "D1", "secret_value": "v"}, True, []),
    ({"application_id": 101, "secret_name": "CRM_TOKEN", "description": "e",
      "value_digest": "D1", "secret_value": "v"}, True, []),
    ({"application_id": 102, "secret_name": "CRM_TOKEN", "description": "d",
      "value_digest": "D1", "secret_value": "v"}, True, ["application_id"]),
    ({"application_id": 101, "secret_name": "CRM_TOKEN", "description": "d",
      "secret_value": Unknown()}, True, []),
])
def test_secret_diff(news: dict[str, Any], changes: bool, replaces: list[str]) -> None:
    plan = secret_diff(SECRET_STATE, news)
    assert (plan.changes, plan.replaces, plan.delete_before_replace) == (changes, replaces,
                                                                          False)


def test_secret_import_id() -> None:
    assert secret_inputs.import_props("101/CRM_TOKEN") == {"application_id": 101,
                                                           "secret_name": "CRM_TOKEN"}
    for bad in ("CRM_TOKEN", "0/X", "101/9x"):
        with pytest.raises(ValueError):
            secret_inputs.import_props(bad)


@pytest.mark.parametrize(("network", "canonical", "why"), [
    ("203.0.113.0/24", "203.0.113.0/24", None),
    ("203.0.113.10", "203.0.113.10/32", None),
    (" 203.0.113.10/32 ", "203.0.113.10/32", None),
    ("10.0.0.0/255.255.0.0", "10.0.0.0/16", None),
    ("203.0.113.7/24", None, "host bits"),
    ("2001:db8::/32", None, "IPv6"),
    ("203.0.113.0/33", None, "not an IPv4 network"),
    ("pbx.example.com", None, "not an IPv4 network"),
])
def test_network_check(network: str, canonical: str | None, why: str | None) -> None:
    props, failures = sip_inputs.check_inputs({"network": network})
    if canonical is not None:
        assert failures == [] and props["network"] == canonical
    else:
        assert len(failures) == 1 and why in failures[0].reason


SIP_STATE = {"sip_whitelist_id": 7, "network": "203.0.113.0/24", "description": "PBX",
             "declared": {"network": "203.0.113.0/24", "description": "PBX"}}


@pytest.mark.parametrize(("news", "changes"), [
    ({"network": "203.0.113.0/24", "description": "PBX"}, False),
    ({"network": "203.0.113.0/25", "description": "PBX"}, True),
    ({"network": "203.0.113.0/24", "description": "HQ"}, True),
    ({"network": Unknown()}, True),
])
def test_network_diff(news: dict[str, Any], changes: bool) -> None:
    assert sip_diff(SIP_STATE, news).changes is changes
    assert sip_inputs.import_props("700001") == {"sip_whitelist_id": 700001}


class _RefusingClient:
    """A client whose bind is refused as the real API might refuse a move (182)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def bind_phone_number(self, *args: Any, **kwargs: Any) -> None:
        from pulumi_voxbind.api.errors import VoximplantError

        self.calls.append("bind")
        raise VoximplantError("Occupied phone number", code=182,
                              method="BindPhoneNumberToApplication")

    def unbind_phone_number(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append("unbind")

    def iterate(self, method: str, **params: Any) -> Any:
        assert method == "GetApplications", method
        yield {"application_id": 102, "application_name": "crm.acme.voximplant.com"}


def test_a_refused_move_leaves_the_number_where_it_serves() -> None:
    """UNCONFIRMED whether the API moves a bound number in one call: if it refuses, nothing
    falls back to unbind-then-bind, and the error says where the number still serves."""
    from pulumi_voxbind.resources.common import ResourceError
    from pulumi_voxbind.resources.phone_number.operations import PhoneNumberOperations

    client = _RefusingClient()
    ops = PhoneNumberOperations(client)  # type: ignore[arg-type]
    news = {"phone_number": "15551230001", "application_id": 102}  # state: 101, rule 2001
    with pytest.raises(ResourceError) as err:
        ops.update(STATE, news)
    assert client.calls == ["bind"], "never an unbind to make room"
    message = str(err.value)
    assert message.startswith("PhoneNumberBinding:") and "182" in message
    assert "still serves application 'ivr.acme.voximplant.com' (id 101)" in message
