"""Validation of RuleOrder inputs (the provider's `check`): offline, every problem at once."""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_application_ref,
    check_unknown_keys,
    is_unknown,
    normalize_id,
    shown,
)

KIND = "RuleOrder"
INPUT_KEYS = ("application_id", "application_name", "rule_ids")


def _check_rule_ids(props: dict[str, Any], failures: list[Failure]) -> None:
    value = props.get("rule_ids")
    if value is None:
        failures.append(Failure("rule_ids", "rule_ids is required: the rules that go first, "
                                            "in order, e.g. [vip.rule_id, inbound.rule_id]"))
        return
    if is_unknown(value) and not isinstance(value, list):
        return  # the whole list is unknown until preview's values are known
    if not isinstance(value, (list, tuple)):
        failures.append(Failure("rule_ids", f"rule_ids must be a list of rule ids, got "
                                            f"{type(value).__name__}"))
        return
    if not value:
        failures.append(Failure("rule_ids", "rule_ids is empty; list at least one rule (delete "
                                            "the RuleOrder to stop managing the order)"))
        return
    items, seen = list(value), set()
    for index, item in enumerate(items):
        if is_unknown(item):
            continue
        number = normalize_id(item)
        if number is None:
            failures.append(Failure("rule_ids", f"rule_ids[{index}] must be a positive integer "
                                                f"rule id, got {shown(item)!r}"))
            continue
        if number in seen:
            failures.append(Failure("rule_ids", f"rule_ids[{index}] {number} is listed twice; "
                                                f"each rule takes one position"))
        seen.add(number)
        items[index] = number
    props["rule_ids"] = items


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a RuleOrder's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    check_application_ref(props, failures, required=True, what="rule order")
    _check_rule_ids(props, failures)
    return props, failures
