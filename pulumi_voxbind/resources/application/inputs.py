"""Validation of Application inputs (the provider's `check`): offline, every problem at once."""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_adopt,
    check_application_name,
    check_unknown_keys,
    short_application_name,
)

KIND = "Application"  # the kind under which checks are recorded in `declarations`
INPUT_KEYS = ("application_name", "adopt")


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate an Application's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    if props.get("application_name") is None:
        failures.append(Failure("application_name", "application_name is required: the short "
                                                    "name, e.g. 'ivr'"))
    check_application_name(props, failures)
    check_adopt(props, failures)
    return props, failures


def identity(inputs: dict[str, Any]) -> tuple[str] | None:
    """What names the application: its short name (None while unknown)."""
    name = inputs.get("application_name")
    return (short_application_name(name),) if isinstance(name, str) else None
