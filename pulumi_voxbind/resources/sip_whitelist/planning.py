"""SipWhitelistEntry's `diff`: a new network or description changes the entry in place (one
SetSipWhiteListItem, same id). Nothing is replaced: a replace would delete the entry and add
it back, a window in which the PBX's calls are refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulumi_voxbind.resources.common import is_unknown


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes."""

    changes: bool


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs, offline."""
    network, description = news.get("network"), news.get("description")
    changes = network is None or is_unknown(network) or network != olds.get("network") or \
        is_unknown(description) or (description is not None and
                                    description != olds.get("description")) or \
        news != (olds.get("declared") or {})
    return DiffPlan(changes=changes)
