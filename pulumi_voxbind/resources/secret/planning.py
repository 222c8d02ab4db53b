"""Secret's `diff`: a rename, a new value (by digest) and a new description change in place
(one SetSecretInfo); another application is a replace (secrets belong to one application and
no call moves them). The value itself is never compared or shown: only its digest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources.common import is_unknown
from pulumi_voxbind.resources.rule.planning import same_application
from pulumi_voxbind.resources.secret.inputs import declared


@dataclass(frozen=True)
class DiffPlan:
    """Whether anything changes and what forces a replace."""

    changes: bool
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False


def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> DiffPlan:
    """Compare state outputs with checked new inputs (which carry `value_digest`), offline."""
    app = same_application(olds, news)
    if app is False:
        key = "application_name" if news.get("application_name") is not None else \
            "application_id"
        return DiffPlan(changes=True, replaces=[key])
    digest = news.get("value_digest")
    name = news.get("secret_name")
    description = news.get("description")
    changes = app is None or digest is None or is_unknown(digest) or \
        digest != olds.get("value_digest") or is_unknown(name) or \
        name != olds.get("secret_name") or is_unknown(description) or \
        (description is not None and description != olds.get("description")) or \
        declared(news) != (olds.get("declared") or {})
    return DiffPlan(changes=changes)
