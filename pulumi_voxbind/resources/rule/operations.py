"""What Rule does to the API on create, update, read and delete."""

from __future__ import annotations

import logging
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import ConflictError, NotFoundError
from pulumi_voxbind.resources import cache, journal, ownership
from pulumi_voxbind.resources.binding.resolver import Application
from pulumi_voxbind.resources.common import ResourceError, held_back, normalize_id
from pulumi_voxbind.resources.rule.inputs import KIND
from pulumi_voxbind.resources.rule.planning import wanted

log = logging.getLogger("pulumi_voxbind.provider")
GONE_CODES = {107, 116, 147, 156, 558}


def declared_identity(client: VoximplantClient, inputs: dict[str, Any]) -> tuple[Any, ...] | None:
    """(application id, rule name) that a checked declaration names; None while unknown."""
    name = inputs.get("rule_name")
    app_id = cache.declared_application_id(client, inputs)
    if not isinstance(name, str) or app_id in (None, cache.UNKNOWN_APPLICATION):
        return None
    return (app_id, name)


def outputs(rule: dict[str, Any], app: Application, declared: dict[str, Any],
            adopted: bool) -> dict[str, Any]:
    """The resource outputs from a live rule (GetRules item) and its application."""
    return {
        "rule_id": int(rule["rule_id"]),
        "rule_name": str(rule["rule_name"]),
        "application_id": app.id,
        "application_name": app.name,
        "rule_pattern": str(rule["rule_pattern"]),
        "rule_pattern_exclude": rule.get("rule_pattern_exclude") or None,
        "video_conference": bool(rule.get("video_conference")),
        "declared": dict(declared),
        "adopted": adopted,
    }


def describe(name: str, app: Application, rule_id: int | None = None) -> str:
    """"rule 'inbound' (id 2001) of application 'ivr.acme.voximplant.com'"."""
    ident = f" (id {rule_id})" if rule_id else ""
    return f"rule {name!r}{ident} of application {app.name!r}"


class RuleOperations:
    """Create, update, read and delete of one rule."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _application(self, props: dict[str, Any]) -> Application:
        return cache.application_for(self.client, normalize_id(props.get("application_id")),
                                     props.get("application_name"))

    def _find(self, app: Application, name: str) -> dict[str, Any] | None:
        return self.client.find_rule(app.id, rule_name=name, with_scenarios=False)

    def _bring_to(self, rule: dict[str, Any], app: Application, news: dict[str, Any]) -> None:
        """SetRuleInfo with just the fields that differ from the declared inputs."""
        exclude = news.get("rule_pattern_exclude")
        if exclude is None and rule.get("rule_pattern_exclude"):
            raise ResourceError(
                f"Rule: {describe(rule['rule_name'], app, rule['rule_id'])} has "
                f"rule_pattern_exclude {rule['rule_pattern_exclude']!r}, which the API cannot "
                f"remove; declare that rule_pattern_exclude, or delete the rule and let "
                f"Pulumi create it")
        changes = {key: wanted(news, key) for key in ("rule_name", "rule_pattern",
                                                       "rule_pattern_exclude",
                                                       "video_conference")}
        live = {**rule, "video_conference": bool(rule.get("video_conference")),
                "rule_pattern_exclude": rule.get("rule_pattern_exclude") or None}
        changes = {k: v for k, v in changes.items() if v is not None and v != live.get(k)}
        if changes:
            self.client.set_rule_info(int(rule["rule_id"]), **changes)

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """Create the rule (last in routing order), or take over an existing one with adopt.

        A create whose reply was lost, or that an interrupted run left unfinished, ends with
        the rule this stack made taken over as its own (resources/journal.py).
        """
        app = self._application(news)
        name = news["rule_name"]
        with ownership.application_lock(app.id):
            outcome = journal.create_once(
                self.client, KIND, (app.id, name),
                add=lambda: self.client.add_rule(
                    app.id, name, news["rule_pattern"],
                    rule_pattern_exclude=news.get("rule_pattern_exclude"),
                    video_conference=bool(news.get("video_conference"))),
                find=lambda: self._find(app, name))
            cache.rules_changed(self.client, app.id)
            if outcome.made is not None:
                return self._outputs(app, int(outcome.made), news, adopted=False)
            existing = outcome.existing or {}
            if outcome.ours:
                self._bring_to(existing, app, news)
                log.warning("Rule: %s was made by this stack (the create's reply was lost or "
                            "the run was interrupted); it is now in its state",
                            describe(name, app, existing["rule_id"]))
                return self._outputs(app, int(existing["rule_id"]), news, adopted=False)
        if not news.get("adopt"):
            raise ResourceError(
                f"Rule: {describe(name, app, existing['rule_id'])} already exists and Pulumi "
                f"does not take over existing objects silently. To manage it from now on, set "
                f"adopt=True on this Rule (its pattern and flags are then set as declared; "
                f"pulumi destroy deletes it; add retain_on_delete=True to keep it). If you "
                f"renamed the Pulumi resource, add aliases=[pulumi.Alias(name=<old name>)] "
                f"instead.")
        self._bring_to(existing, app, news)
        log.warning("Rule: adopted the existing %s", describe(name, app, existing["rule_id"]))
        return self._outputs(app, int(existing["rule_id"]), news, adopted=True)

    def _outputs(self, app: Application, rule_id: int, news: dict[str, Any],
                 adopted: bool) -> dict[str, Any]:
        """Outputs as declared (what AddRule/SetRuleInfo just set), without reading back."""
        rule = {"rule_id": rule_id, "rule_name": news["rule_name"],
                "rule_pattern": news["rule_pattern"],
                "rule_pattern_exclude": news.get("rule_pattern_exclude"),
                "video_conference": bool(news.get("video_conference"))}
        return outputs(rule, app, news, adopted)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """SetRuleInfo with what changed (one call); bound scenarios stay bound."""
        app = cache.current_application(self.client, olds, news)  # renamed meanwhile?
        rule_id = normalize_id(olds.get("rule_id")) or 0
        old_name = str(olds.get("rule_name") or "")
        adopted = bool(olds.get("adopted"))
        if news["rule_name"] != old_name and ownership.still_declared(
                KIND, (app.id, old_name), lambda d: declared_identity(self.client, d)):
            raise ResourceError(held_back(describe(old_name, app, rule_id), news["rule_name"]))
        live = {"rule_id": rule_id, "rule_name": old_name,
                "rule_pattern": olds.get("rule_pattern"),
                "rule_pattern_exclude": olds.get("rule_pattern_exclude"),
                "video_conference": olds.get("video_conference")}
        try:
            with ownership.application_lock(app.id):
                self._bring_to(live, app, news)
        except ConflictError:
            raise ResourceError(
                f"Rule: cannot rename {describe(old_name, app, rule_id)} to "
                f"{news['rule_name']!r}: the application already has a rule with that name; "
                f"rename or delete that rule first, or pick another rule_name") from None
        except NotFoundError as exc:
            if exc.code not in GONE_CODES:
                raise
            raise ResourceError(
                f"Rule: {describe(old_name, app, rule_id)} no longer exists; run `pulumi "
                f"refresh` to drop it from the state, then `pulumi up` creates it "
                f"again") from None
        if news["rule_name"] != old_name:
            cache.rules_changed(self.client, app.id)
        return self._outputs(app, rule_id, news, adopted)

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live rule as (outputs, inputs in the user's spelling); None if gone."""
        app = Application(normalize_id(olds.get("application_id")) or 0,
                          str(olds.get("application_name") or ""))
        rule_id = normalize_id(olds.get("rule_id")) or 0
        try:
            rule = self.client.find_rule(app.id, rule_id=rule_id, with_scenarios=False)
        except NotFoundError as exc:
            if exc.code in GONE_CODES:
                return None
            raise
        if rule is None:
            return None
        declared = dict(olds.get("declared") or {})
        live = outputs(rule, app, declared, bool(olds.get("adopted")))
        inputs = {**declared, "rule_name": live["rule_name"],
                  "rule_pattern": live["rule_pattern"]}
        for key, default in (("rule_pattern_exclude", None), ("video_conference", False)):
            inputs.pop(key, None)
            if live[key] != default:
                inputs[key] = live[key]
        live["declared"] = inputs
        return live, inputs

    def delete(self, resource_id: str, olds: dict[str, Any]) -> None:
        """Delete the rule (its bindings go with it), unless the deployment still declares it."""
        app_id = normalize_id(olds.get("application_id")) or 0
        rule_id = normalize_id(olds.get("rule_id")) or 0
        name = str(olds.get("rule_name") or "")
        if not ownership.is_delete_before_replace(KIND, resource_id) and \
                ownership.still_declared(KIND, (app_id, name),
                                         lambda d: declared_identity(self.client, d)):
            log.warning("Rule %r (id %s) is still declared by this deployment; not deleting it",
                        name, rule_id)
            return
        try:
            with ownership.application_lock(app_id):
                self.client.del_rule(rule_id)
        except NotFoundError as exc:
            if exc.code not in GONE_CODES:
                raise
        finally:
            cache.rules_changed(self.client, app_id)
