"""Validation and normalisation of ScenarioBinding inputs (the provider's `check`).

Pure functions with no API access, so `pulumi preview` can reject bad programs offline and
the rules are testable as tables. Values still unknown at preview (`pulumi.output.Unknown`)
pass: they are checked again once known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pulumi.output import Unknown

# Limits from the Management API reference (voximplant-api.md §7).
SCENARIO_NAME_MAX = 29  # "scenario name < 30 characters"
RULE_NAME_MAX = 99  # "rule name < 100"
APPLICATION_NAME_MAX = 255

KIND = "ScenarioBinding"  # the kind under which checks are recorded in `declarations`
IDENTITY_KEYS = ("application_id", "application_name", "rule_id", "rule_name")
INPUT_KEYS = (
    "application_id",
    "application_name",
    "rule_id",
    "rule_name",
    "scenario_ids",
    "scenario_names",
)


@dataclass(frozen=True)
class Failure:
    """One problem with one input: the property name and what to do about it."""

    property: str
    reason: str


def is_unknown(value: Any) -> bool:
    """Tell whether a value is a preview-time unknown (or a list holding one)."""
    if isinstance(value, Unknown):
        return True
    return isinstance(value, list) and any(isinstance(v, Unknown) for v in value)


def _present(props: dict[str, Any], key: str) -> bool:
    return props.get(key) is not None


def normalize_id(value: Any) -> int | None:
    """Turn an id that may have travelled as a protobuf float into an int; None if invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and value > 0:
        return int(value)
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:  # not '²', which int() refuses
        number = int(text)
        return number if number > 0 else None
    return None


def _shown(value: Any) -> Any:
    """A value as the program wrote it: numbers cross gRPC as floats, so 0 arrives as 0.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _id_problem(label: str, value: Any) -> str | None:
    """Why a written id is not usable, or None if it is."""
    if normalize_id(value) is None:
        return f"{label} must be a positive integer id, got {_shown(value)!r}"
    return None


def _name_problem(label: str, value: Any, limit: int,
                  limit_phrase: str = "the API allows at most") -> str | None:
    """Why a written name is not usable, or None if it is (names match exactly)."""
    if not isinstance(value, str) or not value.strip():
        return f"{label} must be a non-empty string, got {_shown(value)!r}"
    if value != value.strip():
        return f"{label} {value!r} has leading or trailing spaces; names match exactly"
    if len(value) > limit:
        return f"{label} {value!r} is {len(value)} characters; {limit_phrase} {limit}"
    return None


def _check_id(props: dict[str, Any], key: str, failures: list[Failure]) -> None:
    value = props.get(key)
    if value is None or is_unknown(value):
        return
    problem = _id_problem(key, value)
    if problem:
        failures.append(
            Failure(key, f"{problem}; use the numeric id from the Voximplant control panel or API")
        )
    else:
        props[key] = normalize_id(value)


def _check_name(props: dict[str, Any], key: str, limit: int, failures: list[Failure]) -> None:
    value = props.get(key)
    if value is None or is_unknown(value):
        return
    problem = _name_problem(key, value, limit)
    if problem:
        failures.append(Failure(key, problem))


def _check_exactly_one(
    props: dict[str, Any], id_key: str, name_key: str, failures: list[Failure], what: str
) -> None:
    has_id, has_name = _present(props, id_key), _present(props, name_key)
    if has_id and has_name:
        failures.append(
            Failure(id_key, f"set only one of {id_key} and {name_key} to choose the {what}; "
                            f"remove one of them")
        )
    elif not has_id and not has_name:
        failures.append(
            Failure(name_key, f"the {what} is missing: set {name_key} (by name) or {id_key} "
                              f"(by numeric id)")
        )


def _check_scenario_list(props: dict[str, Any], failures: list[Failure]) -> None:
    for key in ("scenario_ids", "scenario_names"):
        value = props.get(key)
        if value is None or isinstance(value, Unknown):
            continue
        if not isinstance(value, (list, tuple)):
            failures.append(Failure(key, f"{key} must be a list, got {type(value).__name__}"))
            continue
        if not value:
            failures.append(
                Failure(key, f"{key} is empty; list at least one scenario (delete the "
                             f"ScenarioBinding to unbind everything)")
            )
            continue
        items = list(value)
        seen: set[Any] = set()
        for index, item in enumerate(items):
            if isinstance(item, Unknown):
                continue
            label = f"{key}[{index}]"
            problem = (_id_problem(label, item) if key == "scenario_ids"
                       else _name_problem(label, item, SCENARIO_NAME_MAX,
                                          "scenario names are at most"))
            if problem:
                failures.append(Failure(key, problem))
                continue
            if key == "scenario_ids":
                items[index] = item = normalize_id(item)
            if item in seen:
                failures.append(
                    Failure(key, f"{label} {item!r} is listed twice; each scenario "
                                 f"may appear once (order is execution order)")
                )
            seen.add(item)
        props[key] = items


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a ScenarioBinding's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    extra = sorted(k for k in news if k not in INPUT_KEYS and not k.startswith("__"))
    failures: list[Failure] = [
        Failure(k, f"unknown input {k!r}; valid inputs are {', '.join(INPUT_KEYS)}")
        for k in extra
    ]
    _check_exactly_one(props, "scenario_ids", "scenario_names", failures, "scenario list")
    _check_exactly_one(props, "rule_id", "rule_name", failures, "rule")
    if _present(props, "application_id") and _present(props, "application_name"):
        failures.append(
            Failure("application_id", "set only one of application_id and application_name; "
                                      "remove one of them")
        )
    if _present(props, "rule_name") and not (
        _present(props, "application_id") or _present(props, "application_name")
    ):
        failures.append(
            Failure("application_name", "rule_name needs its application: set "
                                        "application_name or application_id (rule names are "
                                        "unique only within an application)")
        )
    for key in ("application_id", "rule_id"):
        _check_id(props, key, failures)
    _check_name(props, "application_name", APPLICATION_NAME_MAX, failures)
    _check_name(props, "rule_name", RULE_NAME_MAX, failures)
    _check_scenario_list(props, failures)
    return props, failures
