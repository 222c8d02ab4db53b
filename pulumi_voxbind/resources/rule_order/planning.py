"""RuleOrder's `diff`: a new list is an in-place update; another application is a replace
(its delete changes nothing, so the new application's order is set and the old one kept)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources.common import is_unknown, normalize_id
from pulumi_voxbind.resources.rule.planning import same_application


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes and what forces a replace."""

    changes: bool
    replaces: list[str] = field(default_factory=list)


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs, offline."""
    same_app = same_application(olds, news)
    if same_app is False:
        key = "application_id" if "application_id" in news else "application_name"
        return DiffPlan(changes=True, replaces=[key])
    wanted = news.get("rule_ids")
    stored = [normalize_id(r) for r in olds.get("rule_ids") or []]
    changes = same_app is None or is_unknown(wanted) or \
        [normalize_id(r) for r in wanted or []] != stored or \
        {k: v for k, v in news.items() if k != "rule_ids"} != (olds.get("declared") or {})
    return DiffPlan(changes=changes)
