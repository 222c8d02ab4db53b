"""What Scenario does to the API on create, update, read and delete."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import ConflictError, NotFoundError
from pulumi_voxbind.resources import cache, journal, ownership
from pulumi_voxbind.resources.binding.resolver import Application
from pulumi_voxbind.resources.common import ResourceError, held_back, normalize_id
from pulumi_voxbind.resources.scenario.inputs import (
    KIND,
    Script,
    ScriptError,
    declared,
    load_script,
)

log = logging.getLogger("pulumi_voxbind.provider")
GONE_CODES = {107, 116, 132, 168, 558}


def declared_identity(client: VoximplantClient, inputs: dict[str, Any]) -> tuple[Any, ...] | None:
    """(application id or None for Shared, scenario name) a declaration names; None if unknown."""
    name = inputs.get("scenario_name")
    app_id = cache.declared_application_id(client, inputs)  # None: the Shared folder
    if not isinstance(name, str) or app_id is cache.UNKNOWN_APPLICATION:
        return None
    return (app_id, name)


def sha256(text: str) -> str:
    """The lowercase hex SHA-256 of a script's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outputs(scenario_id: int, name: str, app: Application | None, script_sha256: str,
            news: dict[str, Any], adopted: bool) -> dict[str, Any]:
    """The resource outputs (application_id None = the Shared folder)."""
    return {
        "scenario_id": scenario_id,
        "scenario_name": name,
        "application_id": app.id if app else None,
        "application_name": app.name if app else None,
        "script_sha256": script_sha256,
        "declared": declared(news),
        "adopted": adopted,
    }


def folder(app: Application | None) -> str:
    """Where a scenario lives, for messages."""
    return f"application {app.name!r}" if app else "the Shared folder"


def _script(news: dict[str, Any]) -> Script:
    try:
        return load_script(news)
    except ScriptError as exc:
        raise ResourceError(f"Scenario {news.get('scenario_name')!r}: {exc}") from None


class ScenarioOperations:
    """Create, update, read and delete of one scenario."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _application(self, props: dict[str, Any]) -> Application | None:
        if props.get("application_id") is None and props.get("application_name") is None:
            return None
        return cache.application_for(self.client, normalize_id(props.get("application_id")),
                                     props.get("application_name"))

    def _named(self, name: str, app: Application | None = None) -> list[dict[str, Any]]:
        """Scenarios named exactly so (the API filter is a case-insensitive substring)."""
        items = self.client.iterate("GetScenarios", scenario_name=name,
                                    application_id=app.id if app else None)
        return [s for s in items if s.get("scenario_name") == name]

    def _where(self, name: str, scenario_id: int) -> Application | None:
        """The application that owns a scenario, or None for the Shared folder."""
        for entry in self.client.list_applications():
            app = Application(int(entry["application_id"]), str(entry["application_name"]))
            if any(s.get("scenario_id") == scenario_id for s in self._named(name, app)):
                return app
        return None

    def _existing(self, name: str, app: Application | None, *,
                  thorough: bool = False) -> dict[str, Any] | None:
        """The scenario of this name in the declared folder; None if the name is free.

        One account-wide listing by name answers in the usual case (the name is free). A
        scenario of this name in another folder is refused: the emulator forbids one name in
        two folders, and bindings by name could not tell them apart (the real API's rule is
        UNCONFIRMED, so the provider never relies on it). `thorough` also asks the declared
        application itself, in case account-wide listings leave application scenarios out
        (UNCONFIRMED too): used after AddScenario said the name is taken.
        """
        found = self._named(name)
        if app is not None and (found or thorough):
            mine = self._named(name, app)
            if mine:
                return mine[0]
        for item in found:
            where = self._where(name, int(item["scenario_id"]))
            if app is None and where is None:
                return item
            raise ResourceError(
                f"Scenario: scenario_name {name!r} is taken by scenario id "
                f"{item['scenario_id']} in {folder(where)}, not in {folder(app)} where this "
                f"Scenario declares it; scenario names are unique across the account's "
                f"folders. Rename one of them, or declare this Scenario in {folder(where)}")
        return None

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """Upload the script as a new scenario, or take over an existing one with adopt.

        A create whose reply was lost, or that an interrupted run left unfinished, ends with
        the scenario this stack made taken over as its own (resources/journal.py).
        """
        app = self._application(news)
        name = news["scenario_name"]
        script = _script(news)
        outcome = journal.create_once(
            self.client, KIND, (app.id if app else None, name),
            add=lambda: self.client.add_scenario(name, script.text,
                                                 application_id=app.id if app else None),
            find=lambda: self._existing(name, app),
            find_again=lambda: self._existing(name, app, thorough=True))
        cache.scenarios_changed(self.client, app.id if app else None)
        if outcome.made is not None:
            return outputs(int(outcome.made), name, app, script.sha256, news, adopted=False)
        existing = outcome.existing or {}
        sid = int(existing["scenario_id"])
        if not outcome.ours and not news.get("adopt"):
            raise ResourceError(
                f"Scenario: scenario {name!r} (id {sid}) already exists in {folder(app)} and "
                f"Pulumi does not take over existing objects silently. To manage it from now "
                f"on, set adopt=True on this Scenario (its script is then replaced by yours; "
                f"pulumi destroy deletes it; add retain_on_delete=True to keep it). If you "
                f"renamed the Pulumi resource, add aliases=[pulumi.Alias(name=<old name>)] "
                f"instead.")
        live = self.client.get_scenario(sid, with_script=True) or {}
        if sha256(str(live.get("scenario_script") or "")) != script.sha256:
            self.client.set_scenario_info(sid, scenario_script=script.text)
        if outcome.ours:
            log.warning("Scenario %r (id %s) in %s was made by this stack (the create's reply "
                        "was lost or the run was interrupted); it is now in its state", name,
                        sid, folder(app))
            return outputs(sid, name, app, script.sha256, news, adopted=False)
        log.warning("Scenario: adopted the existing scenario %r (id %s) in %s", name, sid,
                    folder(app))
        return outputs(sid, name, app, script.sha256, news, adopted=True)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """One SetScenarioInfo with the new name and/or script; bindings are untouched."""
        sid = normalize_id(olds.get("scenario_id")) or 0
        app_id = normalize_id(olds.get("application_id"))
        app = cache.current_application(self.client, olds, news) if app_id else None
        old_name = str(olds.get("scenario_name") or "")
        name = news["scenario_name"]
        adopted = bool(olds.get("adopted"))
        if name != old_name and ownership.still_declared(
                KIND, (app_id, old_name), lambda d: declared_identity(self.client, d)):
            raise ResourceError(held_back(f"scenario {old_name!r} (id {sid})", name))
        sha = str(olds.get("script_sha256") or "")
        text = None
        if news.get("script_sha256") != sha:
            script = _script(news)
            text, sha = (script.text, script.sha256) if script.sha256 != sha else (None, sha)
        try:
            self.client.set_scenario_info(sid, scenario_name=name if name != old_name else None,
                                          scenario_script=text)
        except ConflictError:
            raise ResourceError(
                f"Scenario: cannot rename scenario {old_name!r} (id {sid}) to {name!r}: "
                f"another scenario of the account has that name; rename or delete it first, "
                f"or pick another scenario_name") from None
        except NotFoundError as exc:
            if exc.code not in GONE_CODES:
                raise
            raise ResourceError(
                f"Scenario: scenario {old_name!r} (id {sid}) no longer exists; run `pulumi "
                f"refresh` to drop it from the state, then `pulumi up` creates it "
                f"again") from None
        if name != old_name:
            cache.scenarios_changed(self.client, app_id)
        return outputs(sid, name, app, sha, news, adopted)

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live scenario as (outputs, inputs in the user's spelling); None if gone."""
        sid = normalize_id(olds.get("scenario_id")) or 0
        app_id = normalize_id(olds.get("application_id"))
        app = Application(app_id, str(olds.get("application_name") or "")) if app_id else None
        inputs = dict(olds.get("declared") or {})
        try:
            live = self.client.get_scenario(sid, application_id=app_id, with_script=True)
            if live is None and app is not None:
                # Not in its application any more: moved to the Shared folder (the control
                # panel can do that; no API call can), or deleted.
                live = self.client.get_scenario(sid, with_script=True)
                app = None
                inputs.pop("application_id", None)
                inputs.pop("application_name", None)
        except NotFoundError as exc:
            if exc.code in GONE_CODES:
                return None
            raise
        if live is None:
            return None
        text = str(live.get("scenario_script") or "")
        inputs["scenario_name"] = str(live["scenario_name"])
        if "scenario_script_file" not in inputs:
            inputs["scenario_script"] = text  # the text a program would write to match
        inputs["script_sha256"] = sha256(text)
        outs = outputs(sid, str(live["scenario_name"]), app, sha256(text), inputs,
                       bool(olds.get("adopted")))
        return outs, inputs

    def delete(self, resource_id: str, olds: dict[str, Any]) -> None:
        """Delete the scenario (it drops out of any rule), unless the deployment declares it."""
        sid = normalize_id(olds.get("scenario_id")) or 0
        app_id = normalize_id(olds.get("application_id"))
        name = str(olds.get("scenario_name") or "")
        if not ownership.is_delete_before_replace(KIND, resource_id) and \
                ownership.still_declared(KIND, (app_id, name),
                                         lambda d: declared_identity(self.client, d)):
            log.warning("Scenario %r (id %s) is still declared by this deployment; not "
                        "deleting it", name, sid)
            return
        try:
            self.client.del_scenario(sid)
        except NotFoundError as exc:
            if exc.code not in GONE_CODES:
                raise
        finally:
            cache.scenarios_changed(self.client, app_id)
