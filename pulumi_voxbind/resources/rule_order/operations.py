"""What RuleOrder does to the API: read the application's rules, reorder if needed."""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import NotFoundError
from pulumi_voxbind.resources import acting, cache, ownership
from pulumi_voxbind.resources.binding.operations import _notice
from pulumi_voxbind.resources.binding.resolver import Application
from pulumi_voxbind.resources.common import ResourceError, normalize_id
from pulumi_voxbind.resources.rule_order import claims

GONE_CODES = {107, 116, 558}


def desired_order(live: list[int], first: list[int]) -> list[int]:
    """`first` in that order, then the application's other rules in their current order."""
    chosen = set(first)
    return [*first, *(r for r in live if r not in chosen)]


def outputs(app: Application, rule_ids: list[int], rules: list[dict[str, Any]],
            declared: dict[str, Any]) -> dict[str, Any]:
    """The resource outputs; `rule_names` lets a later plan say the order in names."""
    names = {int(r["rule_id"]): str(r["rule_name"]) for r in rules}
    return {"application_id": app.id, "application_name": app.name,
            "rule_ids": list(rule_ids), "rule_names": [names.get(i, "") for i in rule_ids],
            "declared": {k: v for k, v in declared.items() if k != "rule_ids"}}


def matches_everything(rule: dict[str, Any]) -> bool:
    """A rule every call matches: pattern `.*` (the whole destination) and no exclude."""
    return str(rule.get("rule_pattern") or "") in (".*", "^.*$", ".*$", "^.*") and \
        not rule.get("rule_pattern_exclude")


def unreachable(rules: list[dict[str, Any]], order: list[int]) -> tuple[str, list[str]] | None:
    """(the catch-all rule, the rules after it) when a rule matching every call comes before
    others in routing order: a call runs the first rule that matches, so those never do."""
    by_id = {int(r["rule_id"]): r for r in rules}
    ordered = [by_id[i] for i in order if i in by_id]
    for index, rule in enumerate(ordered):
        if matches_everything(rule) and index + 1 < len(ordered):
            return str(rule["rule_name"]), [str(r["rule_name"]) for r in ordered[index + 1:]]
    return None


def warn_unreachable(app: Application, rules: list[dict[str, Any]], order: list[int]) -> None:
    """Warn (at `up`) about rules no call can reach."""
    found = unreachable(rules, order)
    if found is not None:
        first, later = found
        _notice(f"RuleOrder of application {app.name!r}: rule {first!r} matches every call "
                f"(rule_pattern '.*' and no rule_pattern_exclude) and comes first, so "
                f"{', '.join(repr(n) for n in later)} after it never match; put them before "
                f"it in rule_ids, or narrow its pattern")


class RuleOrderOperations:
    """Set and read the routing order of one application's rules."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _live(self, app: Application) -> list[int]:
        return [int(r["rule_id"]) for r in self._rules(app)]

    def _rules(self, app: Application) -> list[dict[str, Any]]:
        return self.client.list_rules(app.id, with_scenarios=False)

    def _one_order(self, app: Application, news: dict[str, Any]) -> None:
        """Refuse, before any write, a second RuleOrder of this deployment for the app."""
        me = acting.name()
        if not me:
            return
        for other, theirs in claims.others(me):
            try:
                their_app = cache.application_for(
                    self.client, normalize_id(theirs.get("application_id")),
                    theirs.get("application_name"))
            except LookupError:
                continue
            if their_app.id == app.id:
                raise ResourceError(claims.refusal(me, other, repr(app.name)))

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
        self._one_order(app, news)
        with ownership.application_lock(app.id):
            rules = self._rules(app)
            live = [int(r["rule_id"]) for r in rules]
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
        warn_unreachable(app, rules, wanted)
        return outputs(app, first, rules, news)

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
            rules = self._rules(app)
        except NotFoundError as exc:
            if exc.code in GONE_CODES:
                return None
            raise
        prefix = [int(r["rule_id"]) for r in rules][:len(olds.get("rule_ids") or [])]
        declared = dict(olds.get("declared") or {})
        return outputs(app, prefix, rules, declared), {**declared, "rule_ids": prefix}
