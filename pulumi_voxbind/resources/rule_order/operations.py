"""What RuleOrder does to the API: read the application's rules, reorder if needed."""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import NotFoundError
from pulumi_voxbind.resources import cache, ownership
from pulumi_voxbind.resources.binding.resolver import Application
from pulumi_voxbind.resources.common import ResourceError, normalize_id

GONE_CODES = {107, 116, 558}


def desired_order(live: list[int], first: list[int]) -> list[int]:
    """`first` in that order, then the application's other rules in their current order."""
    chosen = set(first)
    return [*first, *(r for r in live if r not in chosen)]


def outputs(app: Application, rule_ids: list[int], declared: dict[str, Any]) -> dict[str, Any]:
    """The resource outputs."""
    return {"application_id": app.id, "application_name": app.name,
            "rule_ids": list(rule_ids),
            "declared": {k: v for k, v in declared.items() if k != "rule_ids"}}


class RuleOrderOperations:
    """Set and read the routing order of one application's rules."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _live(self, app: Application) -> list[int]:
        return [int(r["rule_id"]) for r in self.client.list_rules(app.id, with_scenarios=False)]

    def _where(self, rule_id: int) -> str:
        """Which application a rule belongs to, for messages."""
        for entry in self.client.list_applications():
            rules = self.client.list_rules(int(entry["application_id"]), with_scenarios=False)
            if any(int(r["rule_id"]) == rule_id for r in rules):
                return f"it belongs to application {entry['application_name']!r}"
        return "no application has it"

    def apply(self, news: dict[str, Any]) -> dict[str, Any]:
        """Put the listed rules first; one ReorderRules with the full list, only if needed."""
        app = cache.application_for(self.client, normalize_id(news.get("application_id")),
                                    news.get("application_name"))
        first = [normalize_id(r) or 0 for r in news["rule_ids"]]
        with ownership.application_lock(app.id):
            live = self._live(app)
            missing = [(i, r) for i, r in enumerate(first) if r not in live]
            if missing:
                index, rule_id = missing[0]
                raise ResourceError(
                    f"RuleOrder: rule_ids[{index}] {rule_id} is not a rule of application "
                    f"{app.name!r} ({self._where(rule_id)}); list only that application's "
                    f"rules")
            wanted = desired_order(live, first)
            if wanted != live:
                self.client.reorder_rules(wanted)
        return outputs(app, first, news)

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """Creating a RuleOrder applies it."""
        return self.apply(news)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Same as create: one GetRules, and one ReorderRules only if the order differs."""
        cache.current_application(self.client, olds, news)  # waits for a rename it follows
        return self.apply(news)

    def delete(self, _resource_id: str, _olds: dict[str, Any]) -> None:
        """Leave the order as it is: there is no "unordered" state to go back to."""

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The rules that now take the first positions, as many as the resource lists."""
        app = Application(normalize_id(olds.get("application_id")) or 0,
                          str(olds.get("application_name") or ""))
        try:
            live = self._live(app)
        except NotFoundError as exc:
            if exc.code in GONE_CODES:
                return None
            raise
        prefix = live[:len(olds.get("rule_ids") or [])]
        declared = dict(olds.get("declared") or {})
        return outputs(app, prefix, declared), {**declared, "rule_ids": prefix}
