"""Scenario's `diff`: renames and script changes (by content hash) update in place.

No API call moves a scenario between the Shared folder and an application, or between
applications, so a new folder is a replace. Scenario names may be unique across the whole
account (they are in the emulator; UNCONFIRMED for the real API), so a replace that keeps the
name deletes the old scenario first; bindings that run it are updated to the new id by the
next steps of the same `pulumi up`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources.common import is_unknown, normalize_id, short_application_name
from pulumi_voxbind.resources.rule.planning import renames_application
from pulumi_voxbind.resources.scenario.inputs import declared


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes, what forces a replace, and in which order."""

    changes: bool
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


def same_folder(olds: dict[str, Any], news: dict[str, Any]) -> bool | None:
    """Whether the inputs name the folder in state (None = Shared); None while unknown."""
    stored_id = normalize_id(olds.get("application_id"))
    if news.get("application_id") is not None:
        value = news["application_id"]
        return None if is_unknown(value) else normalize_id(value) == stored_id
    if news.get("application_name") is not None:
        value = news["application_name"]
        if is_unknown(value):
            return None
        stored = olds.get("application_name")
        return stored is not None and (renames_application(olds, value) or
                                       short_application_name(value) ==
                                       short_application_name(str(stored)))
    return stored_id is None


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs, offline."""
    folder = same_folder(olds, news)
    name = news.get("scenario_name")
    sha = news.get("script_sha256")
    changes = folder is None or is_unknown(name) or name != olds.get("scenario_name") or \
        sha is None or is_unknown(sha) or sha != olds.get("script_sha256") or \
        declared(news) != (olds.get("declared") or {})
    if folder is not False:
        return DiffPlan(changes=changes)
    key = "application_name" if news.get("application_name") is not None else "application_id"
    keeps_name = is_unknown(name) or name == olds.get("scenario_name")
    return DiffPlan(changes=True, replaces=[key], delete_before_replace=keeps_name)
