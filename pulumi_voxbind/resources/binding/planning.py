"""The provider's `diff`: decide between no change, an in-place update and a replace.

Identity (application and rule) is compared by what the user wrote against the resolved
outputs in state, so spelling the same rule by name or by id is not a replace. A changed
scenario list or order is an in-place update. Values unknown at preview count as changes,
and an unknown identity is a replace. Pure functions: a no-change preview makes no API call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources.binding.inputs import INPUT_KEYS, is_unknown, normalize_id


@dataclass(frozen=True)
class DiffPlan:
    """What `diff` decided: whether anything changes and which inputs force a replace."""

    changes: bool
    replaces: list[str] = field(default_factory=list)


def same_application_name(written: str, stored: str | None) -> bool:
    """Tell whether a written application name (short or full) names the stored full name."""
    if stored is None:
        return False
    return written == stored or stored.startswith(written + ".")


def declared_keys(news: dict[str, Any]) -> list[str]:
    """The input keys the user set, in canonical order (kept in state to rebuild inputs)."""
    return [k for k in INPUT_KEYS if news.get(k) is not None]


def _identity_replaces(olds: dict[str, Any], news: dict[str, Any],
                       renamed: Mapping[str, str]) -> list[str]:
    replaces: list[str] = []
    checks = (
        ("application_id", lambda v: normalize_id(v) == normalize_id(olds.get("application_id"))),
        ("application_name", lambda v: same_application_name(v, olds.get("application_name"))
         or renamed.get("application_name") == str(v).split(".", 1)[0]),
        ("rule_id", lambda v: normalize_id(v) == normalize_id(olds.get("rule_id"))),
        ("rule_name", lambda v: v == olds.get("rule_name") or renamed.get("rule_name") == v),
    )
    for key, same in checks:
        value = news.get(key)
        if value is None:
            continue
        if is_unknown(value) or not same(value):
            replaces.append(key)
    return replaces


def _scenarios_changed(olds: dict[str, Any], news: dict[str, Any]) -> bool:
    if news.get("scenario_ids") is not None:
        wanted = news["scenario_ids"]
        if is_unknown(wanted):
            return True
        stored = [normalize_id(v) for v in olds.get("scenario_ids") or []]
        return [normalize_id(v) for v in wanted] != stored
    wanted = news.get("scenario_names")
    if wanted is None or is_unknown(wanted):
        return True
    return list(wanted) != list(olds.get("scenario_names") or [])


def plan_diff(olds: dict[str, Any], news: dict[str, Any],
              renamed: Mapping[str, str] | None = None) -> DiffPlan:
    """Compare state outputs (`olds`) with checked new inputs (`news`), ignoring `__provider`.

    `renamed` holds the new names of the application (short) and rule that this deployment
    renames (resources/follow.py): writing the new name is then no replace."""
    if normalize_id(olds.get("rule_id")) is None:
        # State without a resolved rule cannot be compared: rebuild it from scratch.
        return DiffPlan(changes=True, replaces=[k for k in ("rule_id", "rule_name") if k in news])
    replaces = _identity_replaces(olds, news, renamed or {})
    if replaces:
        return DiffPlan(changes=True, replaces=replaces)
    respelled = declared_keys(news) != list(olds.get("declared_keys") or declared_keys(news))
    return DiffPlan(changes=_scenarios_changed(olds, news) or respelled)
