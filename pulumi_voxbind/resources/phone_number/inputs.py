"""Validation of PhoneNumberBinding inputs (the provider's `check`): offline, all at once."""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_adopt,
    check_application_ref,
    check_id,
    check_name,
    check_unknown_keys,
    is_unknown,
    shown,
)

KIND = "PhoneNumberBinding"
INPUT_KEYS = ("phone_number", "phone_id", "application_id", "application_name", "rule_id",
              "rule_name", "adopt")
RULE_NAME_MAX = 99
E164_DIGITS = (7, 15)  # E.164 allows at most 15 digits; shorter than 7 is no public number


def phone_digits(value: str) -> str | None:
    """'15551230001' for '+15551230001' or '15551230001'; None when it is not E.164 digits."""
    text = value.removeprefix("+")
    low, high = E164_DIGITS
    if text.isascii() and text.isdigit() and low <= len(text) <= high and text[0] != "0":
        return text
    return None


def _check_phone_number(props: dict[str, Any], failures: list[Failure]) -> None:
    value = props.get("phone_number")
    if value is None or is_unknown(value):
        return
    digits = phone_digits(value) if isinstance(value, str) else None
    if digits is None:
        failures.append(Failure("phone_number", f"phone_number must be an E.164 number: "
                                                f"7-15 digits with an optional leading '+', "
                                                f"no spaces or dashes (e.g. '+15551230001'); "
                                                f"got {shown(value)!r}"))
    else:
        props["phone_number"] = digits  # as the API spells it


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a PhoneNumberBinding's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    has_number, has_id = props.get("phone_number") is not None, props.get("phone_id") is not None
    if has_number and has_id:
        failures.append(Failure("phone_number", "set only one of phone_number and phone_id to "
                                                "name the number; remove one"))
    elif not has_number and not has_id:
        failures.append(Failure("phone_number", "the number is missing: set phone_number "
                                                "(e.g. '+15551230001') or phone_id (its id "
                                                "in the account); it must be a number the "
                                                "account already owns"))
    _check_phone_number(props, failures)
    check_id(props, "phone_id", failures)
    check_application_ref(props, failures, required=True, what="phone number binding")
    if props.get("rule_id") is not None and props.get("rule_name") is not None:
        failures.append(Failure("rule_id", "set only one of rule_id and rule_name to pin the "
                                           "number to a rule; remove one (or both: without a "
                                           "rule the application's rules match the call)"))
    check_id(props, "rule_id", failures)
    check_name(props, "rule_name", RULE_NAME_MAX, failures, required=False)
    check_adopt(props, failures)
    return props, failures


def number_identity(inputs: dict[str, Any]) -> tuple[str, Any] | None:
    """What names the number: ('phone_number', digits) or ('phone_id', id); None if unknown."""
    number, phone_id = inputs.get("phone_number"), inputs.get("phone_id")
    if isinstance(number, str):
        digits = phone_digits(number)
        return ("phone_number", digits) if digits else None
    if phone_id is not None and not is_unknown(phone_id):
        return ("phone_id", shown(phone_id))
    return None


def import_props(resource_id: str) -> dict[str, Any]:
    """What `read` needs to import a binding: the number by its digits ('+' optional)."""
    digits = phone_digits(resource_id.strip())
    if digits is None:
        raise ValueError(f"import a PhoneNumberBinding by the number's digits, e.g. "
                         f"15551230001; got {resource_id!r}")
    return {"phone_number": digits}
