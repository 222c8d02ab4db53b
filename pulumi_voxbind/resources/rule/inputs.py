"""Validation of Rule inputs (the provider's `check`): offline, every problem at once."""

from __future__ import annotations

import re
from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_adopt,
    check_application_ref,
    check_name,
    check_unknown_keys,
    is_unknown,
    shown,
)

KIND = "Rule"
INPUT_KEYS = ("application_id", "application_name", "rule_name", "rule_pattern",
              "rule_pattern_exclude", "video_conference", "adopt")
RULE_NAME_MAX = 99  # "less than 100 characters"
PATTERN_MAX_BYTES = 64 * 1024 - 1  # "less than 64 KB"


def _check_pattern(props: dict[str, Any], key: str, failures: list[Failure]) -> None:
    """A regular expression the API can store; tested against the whole destination."""
    value = props.get(key)
    if value is None or is_unknown(value):
        return
    if not isinstance(value, str) or not value:
        hint = " (omit it for no exclusion)" if key == "rule_pattern_exclude" else \
            " ('.*' matches every call)"
        failures.append(Failure(key, f"{key} must be a non-empty regular expression{hint}, "
                                     f"got {shown(value)!r}"))
        return
    size = len(value.encode("utf-8"))
    if size > PATTERN_MAX_BYTES:
        failures.append(Failure(key, f"{key} is {size} bytes; the API takes less than 64 KB"))
        return
    try:
        re.compile(value)
    except re.error as exc:
        # The API's regex dialect is unconfirmed; what Python cannot compile is surely wrong.
        failures.append(Failure(key, f"{key} {value!r} is not a valid regular expression "
                                     f"({exc})"))


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a Rule's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    check_application_ref(props, failures, required=True, what="rule")
    check_name(props, "rule_name", RULE_NAME_MAX, failures)
    if props.get("rule_pattern") is None:
        failures.append(Failure("rule_pattern", "rule_pattern is required: a regular "
                                                "expression for the destination ('.*' matches "
                                                "every call)"))
    _check_pattern(props, "rule_pattern", failures)
    _check_pattern(props, "rule_pattern_exclude", failures)
    video = props.get("video_conference")
    if video is not None and not is_unknown(video):
        if not isinstance(video, bool):
            failures.append(Failure("video_conference", f"video_conference must be True or "
                                                        f"False, got {shown(video)!r}"))
        elif not video:
            del props["video_conference"]  # the default
    check_adopt(props, failures)
    return props, failures
