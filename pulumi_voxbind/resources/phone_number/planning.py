"""PhoneNumberBinding's `diff`: another application or rule is an in-place move; another number
is a replace (the new number is bound first, then the old one unbound; never a window where
the declared number serves nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources.common import is_unknown, normalize_id
from pulumi_voxbind.resources.phone_number.inputs import phone_digits
from pulumi_voxbind.resources.rule.planning import same_application


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes and what forces a replace (never delete-before-replace)."""

    changes: bool
    replaces: list[str] = field(default_factory=list)
    move: bool = False  # a BindPhoneNumberToApplication call is needed


def same_number(olds: dict[str, Any], news: dict[str, Any]) -> bool | None:
    """Whether the inputs name the number in state; None while unknown."""
    if news.get("phone_id") is not None:
        value = news["phone_id"]
        return None if is_unknown(value) else normalize_id(value) == normalize_id(
            olds.get("phone_id"))
    value = news.get("phone_number")
    if value is None or is_unknown(value):
        return None
    return phone_digits(str(value)) == phone_digits(str(olds.get("phone_number") or ""))


def same_rule(olds: dict[str, Any], news: dict[str, Any]) -> bool | None:
    """Whether the inputs pin the rule in state (or, like state, none); None while unknown."""
    if news.get("rule_id") is not None:
        value = news["rule_id"]
        return None if is_unknown(value) else normalize_id(value) == normalize_id(
            olds.get("rule_id"))
    if news.get("rule_name") is not None:
        value = news["rule_name"]
        return None if is_unknown(value) else value == olds.get("rule_name")
    return olds.get("rule_id") is None


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs, offline."""
    number = same_number(olds, news)
    if number is False:
        key = "phone_id" if news.get("phone_id") is not None else "phone_number"
        return DiffPlan(changes=True, replaces=[key], move=True)
    # A number unbound outside Pulumi and refreshed has no application in state: bind again.
    app = same_application(olds, news) if olds.get("application_id") is not None else False
    rule = same_rule(olds, news)
    move = number is None or app is not True or rule is not True
    return DiffPlan(changes=move or news != (olds.get("declared") or {}), move=move)
