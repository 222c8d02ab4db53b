"""What Application does to the API on create, update, read and delete."""

from __future__ import annotations

import logging
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import ConflictError, NotFoundError
from pulumi_voxbind.resources import cache, journal, ownership
from pulumi_voxbind.resources.application.inputs import KIND, identity
from pulumi_voxbind.resources.common import (
    ResourceError,
    held_back,
    normalize_id,
    short_application_name,
)

log = logging.getLogger("pulumi_voxbind.provider")
GONE_CODES = {107, 116, 558}


def outputs(app_id: int, full_name: str, declared: dict[str, Any], adopted: bool) -> dict[str, Any]:
    """The resource outputs (pinned: application_id, application_name as the full name)."""
    return {"application_id": app_id, "application_name": full_name, "declared": dict(declared),
            "adopted": adopted}


class ApplicationOperations:
    """Create, update, read and delete of one application."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _find(self, short: str) -> dict[str, Any] | None:
        """The application whose full name starts with `<short>.`, fresh from the API."""
        apps = self.client.list_applications(application_name=short)
        return next((a for a in apps
                     if short_application_name(str(a.get("application_name"))) == short), None)

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """Create the application, or take over an existing one if `adopt` says so.

        A create whose reply was lost, or that an interrupted run left unfinished, ends with
        the application this stack made taken over as its own (resources/journal.py).
        """
        short = short_application_name(news["application_name"])
        outcome = journal.create_once(self.client, KIND, (short,),
                                      add=lambda: self.client.add_application(short),
                                      find=lambda: self._find(short))
        cache.applications_changed(self.client)
        if outcome.made is not None:
            made = outcome.made
            return outputs(made["application_id"], made["application_name"], news, False)
        existing = outcome.existing or {}
        if outcome.ours:
            log.warning("Application %r (id %s): the create's reply was lost or the run was "
                        "interrupted; it was made by this stack and is now in its state",
                        existing["application_name"], existing["application_id"])
            return outputs(int(existing["application_id"]), str(existing["application_name"]),
                           news, False)
        if not news.get("adopt"):
            raise ResourceError(
                f"Application: application {existing['application_name']!r} (id "
                f"{existing['application_id']}) already exists in this account and Pulumi "
                f"does not take over existing objects silently. To manage it from now on, set "
                f"adopt=True on this Application (pulumi destroy will then delete it; add "
                f"retain_on_delete=True to keep it). If you renamed the Pulumi resource, add "
                f"aliases=[pulumi.Alias(name=<old name>)] instead.")
        log.warning("Application %r: adopted the existing application (id %s)",
                    existing["application_name"], existing["application_id"])
        return outputs(int(existing["application_id"]), str(existing["application_name"]),
                       news, True)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Rename in place with SetApplicationInfo when the short name changes."""
        app_id = normalize_id(olds.get("application_id")) or 0
        live = str(olds.get("application_name") or "")
        wanted = short_application_name(news["application_name"])
        adopted = bool(olds.get("adopted"))
        if wanted == short_application_name(live):
            return outputs(app_id, live, news, adopted)
        if ownership.still_declared(KIND, (short_application_name(live),), identity):
            raise ResourceError(held_back(f"application {live!r} (id {app_id})", wanted))
        try:
            full = self.client.set_application_info(app_id, application_name=wanted)
        except ConflictError:
            raise ResourceError(
                f"Application: cannot rename {live!r} (id {app_id}) to {wanted!r}: another "
                f"application already has that name; rename or delete it first, or choose "
                f"another application_name") from None
        except NotFoundError as exc:
            if exc.code not in GONE_CODES:
                raise
            raise ResourceError(
                f"Application: application {live!r} (id {app_id}) no longer exists; run "
                f"`pulumi refresh` to drop it from the state, then `pulumi up` creates it "
                f"again") from None
        cache.applications_changed(self.client)
        return outputs(app_id, full, news, adopted)

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live application as (outputs, inputs in the user's spelling); None if gone."""
        app_id = normalize_id(olds.get("application_id")) or 0
        try:
            found = self.client.find_application(application_id=app_id)
        except NotFoundError as exc:
            if exc.code in GONE_CODES:
                return None
            raise
        if found is None:
            return None
        full = str(found["application_name"])
        declared = dict(olds.get("declared") or {})
        written = str(declared.get("application_name") or "")
        if written and "." not in written:
            declared["application_name"] = short_application_name(full)
        else:
            declared["application_name"] = full
        return outputs(app_id, full, declared, bool(olds.get("adopted"))), declared

    def delete(self, _resource_id: str, olds: dict[str, Any]) -> None:
        """Delete the application and whatever is still in it; leave it if still declared.

        Nothing irreversible comes before the call that may be refused: the checks below only
        read, and DelApplication (which needs the Owner role) goes first, taking the
        application's rules and its own scenarios with it. So a refused delete changes
        nothing, state keeps the Application, and the next `up` or `destroy` tries again.
        """
        app_id = normalize_id(olds.get("application_id")) or 0
        name = str(olds.get("application_name") or "")
        if ownership.still_declared(KIND, (short_application_name(name),), identity):
            log.warning("Application %r (id %s) is still declared by this deployment; "
                        "not deleting it", name, app_id)
            return
        try:
            leftovers = self._leftover_rules(app_id, name)
            self.client.del_application(app_id)
        except NotFoundError as exc:
            if exc.code not in GONE_CODES:
                raise
            return
        finally:
            cache.applications_changed(self.client)
            cache.rules_changed(self.client, app_id)
            cache.scenarios_changed(self.client, app_id)
        if leftovers:
            log.warning("Application %r: its rules no resource of this stack manages went "
                        "with it: %s", name, ", ".join(repr(r) for r in leftovers))

    def _leftover_rules(self, app_id: int, name: str) -> list[str]:
        """The application's rules no resource of the program declares (they go with it);
        refuse if the program still declares one of its rules or scenarios. Reads only.

        The application's own scenarios go with DelApplication: whether GetScenarios
        filtered by application also lists Shared scenarios is UNCONFIRMED, and deleting
        those would break other applications' routing.
        """
        from pulumi_voxbind.resources.rule.inputs import KIND as RULE
        from pulumi_voxbind.resources.scenario.inputs import KIND as SCENARIO

        rules = self.client.list_rules(app_id, with_scenarios=False)
        scenarios = self.client.list_scenarios(application_id=app_id)
        held = [f"rule {r['rule_name']!r}" for r in rules
                if ownership.still_declared(RULE, (app_id, r["rule_name"]), _rule_identity(
                    self.client))]
        held += [f"scenario {s['scenario_name']!r}" for s in scenarios
                 if ownership.still_declared(SCENARIO, (app_id, s["scenario_name"]),
                                             _scenario_identity(self.client))]
        if held:
            raise ResourceError(
                f"Application: not deleting {name!r} (id {app_id}): this program still "
                f"declares its {', '.join(held)}. Give those resources "
                f"application_id=<this Application>.application_id (so Pulumi deletes them "
                f"first) or remove them from the program")
        return [str(r["rule_name"]) for r in rules]


def _rule_identity(client: VoximplantClient) -> Any:
    from pulumi_voxbind.resources.rule.operations import declared_identity

    return lambda inputs: declared_identity(client, inputs)


def _scenario_identity(client: VoximplantClient) -> Any:
    from pulumi_voxbind.resources.scenario.operations import declared_identity

    return lambda inputs: declared_identity(client, inputs)
