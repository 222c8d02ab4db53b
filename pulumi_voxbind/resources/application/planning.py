"""Application's `diff`: a new short name is an in-place rename; nothing is ever replaced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulumi_voxbind.resources.common import is_unknown, short_application_name


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes; `rename` when the API must be called."""

    changes: bool
    rename: bool = False


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs, offline."""
    wanted = news.get("application_name")
    if wanted is None or is_unknown(wanted):
        return DiffPlan(changes=True, rename=True)
    live = str(olds.get("application_name") or "")
    if short_application_name(wanted) != short_application_name(live):
        return DiffPlan(changes=True, rename=True)
    # Same application, maybe spelled differently (short/full) or adopt changed: state only.
    return DiffPlan(changes=news != (olds.get("declared") or {}))
