"""Rule's `diff`: renames, patterns and the video flag change in place.

A different application is a replace (no API call moves a rule). So is removing the exclude
pattern: the API reads an empty value as "unchanged" (UNCONFIRMED how to clear it), so the
rule is made anew. A replace that keeps the rule's application and name is
delete-before-replace, because names are unique within an application.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources import follow
from pulumi_voxbind.resources.common import is_unknown, normalize_id, short_application_name

UPDATABLE = ("rule_name", "rule_pattern", "rule_pattern_exclude", "video_conference")


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes, what forces a replace, and in which order."""

    changes: bool
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


def same_application(olds: dict[str, Any], news: dict[str, Any]) -> bool | None:
    """Whether the inputs name the application in state; None while unknown."""
    if news.get("application_id") is not None:
        value = news["application_id"]
        if is_unknown(value):
            return None
        return normalize_id(value) == normalize_id(olds.get("application_id"))
    value = news.get("application_name")
    if value is None or is_unknown(value):
        return None
    return renames_application(olds, value) or short_application_name(value) == \
        short_application_name(str(olds.get("application_name") or ""))


def renames_application(olds: dict[str, Any], written: str) -> bool:
    """Whether this deployment renames the application in state to the name now written, so
    that a new `application_name` is the same application (a state-only change)."""
    new = follow.renamed_to("Application", normalize_id(olds.get("application_id")))
    return new is not None and new == short_application_name(written)


def wanted(news: dict[str, Any], key: str) -> Any:
    """The value the inputs ask for (defaults filled in)."""
    if key == "video_conference":
        value = news.get(key)
        return False if value is None else value
    return news.get(key)


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs, offline."""
    replaces: list[str] = []
    same_app = same_application(olds, news)
    if same_app is False:
        replaces.append("application_id" if "application_id" in news else "application_name")
    exclude = news.get("rule_pattern_exclude")
    if exclude is None and olds.get("rule_pattern_exclude"):
        replaces.append("rule_pattern_exclude")
    changes = same_app is None or bool(replaces)
    for key in UPDATABLE:
        value = wanted(news, key)
        if is_unknown(value) or (value is not None and value != olds.get(key)) or \
                (key == "video_conference" and value != bool(olds.get(key))):
            changes = True
    changes = changes or news != (olds.get("declared") or {})
    keeps_identity = same_app is not False and news.get("rule_name") == olds.get("rule_name")
    return DiffPlan(changes=changes, replaces=replaces,
                    delete_before_replace=bool(replaces) and keeps_identity)
