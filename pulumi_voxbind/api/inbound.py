"""Typed helpers for the rest of an inbound line: phone numbers, app secrets, SIP white list.

Methods, parameters and result fields follow ../shared/voximplant-routing-api.md §10 and the
official clients (voximplant-apiclient 2.12.0 `client.py`; apiclient-nodejs 4.11.0
`Structures.ts`: AttachedPhoneInfo, AddSecretResult, SecretListItem, GetSecretValueResult,
SipWhiteListInfo). Like routing.py, each helper validates its arguments before anything reaches
the wire, sends one call (listings page through `iterate`) and checks the answer's shape.

Never here: AttachPhoneNumber (buys a number) and DeactivatePhoneNumber (ends its
subscription). A routing tool binds numbers the account already owns, nothing more.

Secret values: they go out in the request body only; no helper puts one in an exception
message, a repr or a log line, and `get_secret_value` returns it to the caller alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeGuard

from pulumi_voxbind.api.errors import VoximplantError
from pulumi_voxbind.api.routing import _check_id, _check_text, _expect_result_one

__all__ = ["MAX_SECRET_VALUE", "InboundMixin"]

MAX_SECRET_VALUE = 8192  # characters (docs.voximplant.ai, platform/voxengine/secrets)


class InboundMixin:
    """Phone numbers, secrets and SIP white list entries; mixed into VoximplantClient."""

    if TYPE_CHECKING:

        def call(self, method: str, **params: Any) -> dict[str, Any]: ...

        def iterate(
            self, method: str, *, page_size: int = ..., **params: Any
        ) -> Iterator[dict[str, Any]]: ...

    # phone numbers ----------------------------------------------------------------------
    def list_phone_numbers(
        self, *, phone_id: int | None = None, phone_number: str | None = None,
        application_id: int | None = None, rule_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """The account's numbers (AttachedPhoneInfo items), optionally filtered."""
        for name, value in (("phone_id", phone_id), ("application_id", application_id),
                            ("rule_id", rule_id)):
            if value is not None:
                _check_id(name, value)
        if phone_number is not None:
            phone_number = _digits(phone_number)
        items = list(self.iterate("GetPhoneNumbers", phone_id=phone_id,
                                  phone_number=phone_number, application_id=application_id,
                                  rule_id=rule_id))
        for item in items:
            _check_phone_item(item)
        return items

    def find_phone_number(
        self, *, phone_id: int | None = None, phone_number: str | None = None
    ) -> dict[str, Any] | None:
        """One owned number by id or by its digits ('+' optional); None if not owned."""
        if (phone_id is None) == (phone_number is None):
            raise ValueError("pass exactly one of phone_id, phone_number")
        items = self.list_phone_numbers(phone_id=phone_id, phone_number=phone_number)
        if phone_id is not None:
            return next((p for p in items if p["phone_id"] == phone_id), None)
        assert phone_number is not None
        wanted = _digits(phone_number)
        return next((p for p in items if _digits(str(p["phone_number"])) == wanted), None)

    def bind_phone_number(
        self, phone_id: int, application_id: int, *, rule_id: int | None = None
    ) -> None:
        """Bind an owned number to an application (pinned to a rule if given).

        Also how a bound number is moved: one call naming the new place, never an unbind
        first (whether the API moves it in one call is UNCONFIRMED; a refusal is raised).
        """
        _check_id("phone_id", phone_id)
        _check_id("application_id", application_id)
        if rule_id is not None:
            _check_id("rule_id", rule_id)
        _expect_result_one("BindPhoneNumberToApplication", self.call(
            "BindPhoneNumberToApplication", phone_id=phone_id, application_id=application_id,
            rule_id=rule_id, bind=True))

    def unbind_phone_number(self, phone_id: int, application_id: int) -> None:
        """Unbind a number from the application it is bound to (the number stays owned)."""
        _check_id("phone_id", phone_id)
        _check_id("application_id", application_id)
        _expect_result_one("BindPhoneNumberToApplication", self.call(
            "BindPhoneNumberToApplication", phone_id=phone_id, application_id=application_id,
            bind=False))

    # application secrets ----------------------------------------------------------------
    def add_secret(
        self, application_id: int, secret_name: str, secret_value: str, *,
        description: str | None = None,
    ) -> int:
        """Create a secret in an application; returns its id."""
        _check_id("application_id", application_id)
        _check_text("secret_name", secret_name)
        _check_secret_value(secret_value)
        if description is not None:
            _check_text("description", description)
        response = self.call("AddSecret", application_id=application_id,
                             secret_name=secret_name, secret_value=secret_value,
                             description=description)
        return _secret_id("AddSecret", response)

    def set_secret_info(
        self, application_id: int, secret_id: int, *, new_secret_name: str | None = None,
        secret_value: str | None = None, description: str | None = None,
    ) -> None:
        """Rename a secret, replace its value and/or description in one call; no call if none."""
        _check_id("application_id", application_id)
        _check_id("secret_id", secret_id)
        if new_secret_name is not None:
            _check_text("new_secret_name", new_secret_name)
        if secret_value is not None:
            _check_secret_value(secret_value)
        if description is not None:
            _check_text("description", description)
        if new_secret_name is None and secret_value is None and description is None:
            return
        _expect_result_one("SetSecretInfo", self.call(
            "SetSecretInfo", application_id=application_id, secret_id=secret_id,
            new_secret_name=new_secret_name, secret_value=secret_value,
            description=description))

    def del_secret(self, application_id: int, secret_id: int) -> None:
        """Delete one secret of an application by id."""
        _check_id("application_id", application_id)
        _check_id("secret_id", secret_id)
        _expect_result_one("DelSecret", self.call("DelSecret", application_id=application_id,
                                                  secret_id=secret_id))

    def list_secrets(
        self, application_id: int, *, secret_name_part: str | None = None
    ) -> list[dict[str, Any]]:
        """An application's secrets (SecretListItem: id, name, description; never values)."""
        _check_id("application_id", application_id)
        items = list(self.iterate("GetSecrets", application_id=application_id,
                                  secret_name_part=secret_name_part or None))
        for item in items:
            if not _positive_int(item.get("secret_id")) or \
                    not isinstance(item.get("secret_name"), str):
                raise VoximplantError("unexpected response: a secret without secret_id or "
                                      "secret_name", method="GetSecrets")
        return items

    def find_secret(
        self, application_id: int, *, secret_id: int | None = None,
        secret_name: str | None = None,
    ) -> dict[str, Any] | None:
        """One secret of an application by id or exact name; None if absent."""
        if (secret_id is None) == (secret_name is None):
            raise ValueError("pass exactly one of secret_id, secret_name")
        items = self.list_secrets(application_id, secret_name_part=secret_name)
        if secret_id is not None:
            return next((s for s in items if s["secret_id"] == secret_id), None)
        return next((s for s in items if s["secret_name"] == secret_name), None)

    def get_secret_value(self, application_id: int, secret_id: int) -> str:
        """The value of one secret (for comparing digests in memory; never store or log it)."""
        _check_id("application_id", application_id)
        _check_id("secret_id", secret_id)
        response = self.call("GetSecretValue", application_id=application_id,
                             secret_id=secret_id)
        item = _first_result("GetSecretValue", response)
        value = item.get("secret_value")
        if not isinstance(value, str):
            raise VoximplantError("unexpected response: no secret_value in 'result'",
                                  method="GetSecretValue")
        return value

    # SIP white list ---------------------------------------------------------------------
    def add_sip_whitelist_item(self, network: str, *, description: str | None = None) -> int:
        """Whitelist a network (IPv4 CIDR such as '203.0.113.0/24'); returns the entry's id."""
        _check_text("sip_whitelist_network", network)
        if description is not None:
            _check_text("description", description)
        response = self.call("AddSipWhiteListItem", sip_whitelist_network=network,
                             description=description)
        value = response.get("sip_whitelist_id")
        if not _positive_int(value):
            raise VoximplantError(f"unexpected response: sip_whitelist_id is {value!r}",
                                  method="AddSipWhiteListItem")
        return int(value)

    def set_sip_whitelist_item(
        self, sip_whitelist_id: int, network: str, *, description: str | None = None
    ) -> None:
        """Change an entry's network and/or description in place (the network is required)."""
        _check_id("sip_whitelist_id", sip_whitelist_id)
        _check_text("sip_whitelist_network", network)
        if description is not None:
            _check_text("description", description)
        _expect_result_one("SetSipWhiteListItem", self.call(
            "SetSipWhiteListItem", sip_whitelist_id=sip_whitelist_id,
            sip_whitelist_network=network, description=description))

    def del_sip_whitelist_item(self, sip_whitelist_id: int) -> None:
        """Remove one entry from the SIP white list."""
        _check_id("sip_whitelist_id", sip_whitelist_id)
        _expect_result_one("DelSipWhiteListItem", self.call(
            "DelSipWhiteListItem", sip_whitelist_id=sip_whitelist_id))

    def list_sip_whitelist(self, *, sip_whitelist_id: int | None = None) -> list[dict[str, Any]]:
        """The account's SIP white list (SipWhiteListInfo items), or the one entry asked for."""
        if sip_whitelist_id is not None:
            _check_id("sip_whitelist_id", sip_whitelist_id)
        items = list(self.iterate("GetSipWhiteList", sip_whitelist_id=sip_whitelist_id))
        for item in items:
            if not _positive_int(item.get("sip_whitelist_id")) or \
                    not isinstance(item.get("sip_whitelist_network"), str):
                raise VoximplantError("unexpected response: an entry without sip_whitelist_id "
                                      "or sip_whitelist_network", method="GetSipWhiteList")
        return items


def _positive_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _check_secret_value(value: Any) -> None:
    """Never echo the value: only its type and length appear in the message."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"secret_value must be a non-empty string, got a "
                        f"{type(value).__name__}")
    if len(value) > MAX_SECRET_VALUE:
        raise ValueError(f"secret_value is {len(value)} characters; the API takes at most "
                         f"{MAX_SECRET_VALUE}")


def _digits(phone_number: str) -> str:
    """'15551230001' for '+15551230001' or '15551230001'."""
    if not isinstance(phone_number, str):
        raise TypeError(f"phone_number must be a string, got {phone_number!r}")
    digits = phone_number.removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"phone_number must be digits with an optional leading '+', got "
                         f"{phone_number!r}")
    return digits


def _check_phone_item(item: dict[str, Any]) -> None:
    if not _positive_int(item.get("phone_id")) or not isinstance(item.get("phone_number"), str):
        raise VoximplantError("unexpected response: a number without phone_id or phone_number",
                              method="GetPhoneNumbers")
    for key in ("application_id", "rule_id"):
        value = item.get(key)
        if value is not None and not _positive_int(value):
            raise VoximplantError(f"unexpected response: {key} is {value!r}",
                                  method="GetPhoneNumbers")


def _first_result(method: str, response: dict[str, Any]) -> dict[str, Any]:
    """AddSecret and GetSecretValue answer `result` as a list of one object (both official
    clients type it so); a bare object is accepted too (the exact shape is UNCONFIRMED)."""
    result = response.get("result")
    if isinstance(result, list) and len(result) == 1 and isinstance(result[0], dict):
        return result[0]
    if isinstance(result, dict):
        return result
    raise VoximplantError("unexpected response: 'result' is not one object", method=method)


def _secret_id(method: str, response: dict[str, Any]) -> int:
    value = _first_result(method, response).get("secret_id")
    if not _positive_int(value):
        raise VoximplantError(f"unexpected response: secret_id is {value!r}", method=method)
    return int(value)
