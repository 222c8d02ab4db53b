"""One name cache per API client, shared by every provider of the process, and its invalidation.

The Resolver (resources/binding/resolver.py) lists applications, each application's rules and
the scenarios once per process and turns names into ids. Providers that create, rename or
delete applications, rules and scenarios tell it here, so that a ScenarioBinding resolving
names later in the same run lists again instead of trusting a listing from before the write.
Imported on the first create/read/update/delete: it loads the API client.
"""

from __future__ import annotations

import threading
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.resources.binding.inputs import is_unknown, normalize_id
from pulumi_voxbind.resources.binding.resolver import Application, Resolver

_resolvers: dict[int, Resolver] = {}
_lock = threading.Lock()


def resolver_for(client: VoximplantClient) -> Resolver:
    """The process-wide Resolver of this client, created on first use."""
    with _lock:
        resolver = _resolvers.get(id(client))
        if resolver is None:
            resolver = _resolvers[id(client)] = Resolver(client)
        return resolver


def applications_changed(client: VoximplantClient) -> None:
    """An application was created, renamed or deleted: list applications again."""
    resolver_for(client).forget_applications()


def rules_changed(client: VoximplantClient, application_id: int) -> None:
    """A rule of this application was created, renamed or deleted."""
    resolver_for(client).forget_rules(application_id)


def scenarios_changed(client: VoximplantClient, application_id: int | None) -> None:
    """A scenario of this application (None: the Shared folder) was created, renamed or deleted.

    Account-wide listings include every folder, so they are dropped either way.
    """
    resolver_for(client).forget_scenarios(application_id)


UNKNOWN_APPLICATION = object()  # what declared_application_id says while a value is unknown


def declared_application_id(client: VoximplantClient, inputs: dict[str, Any]) -> Any:
    """The application id checked inputs name (by id or name), None when they name none, or
    `UNKNOWN_APPLICATION` while a value is unknown at preview."""
    app_id, app_name = inputs.get("application_id"), inputs.get("application_name")
    if is_unknown(app_id) or is_unknown(app_name):
        return UNKNOWN_APPLICATION
    if app_id is not None:
        return normalize_id(app_id)
    if app_name is not None:
        return application_for(client, None, app_name).id
    return None


def application_for(client: VoximplantClient, application_id: int | None,
                    application_name: str | None) -> Application:
    """The application a program names by id or by short or full name (cached listing)."""
    return resolver_for(client).application(application_id=application_id,
                                            application_name=application_name)


def current_application(client: VoximplantClient, olds: dict[str, Any],
                        news: dict[str, Any]) -> Application:
    """The application a resource's state names, under the name it has now.

    When the program now writes the application's new name (this deployment renames it,
    resources/follow.py), wait for that rename, then read the name afresh.
    """
    from pulumi_voxbind.resources import follow
    from pulumi_voxbind.resources.common import short_application_name

    app_id = normalize_id(olds.get("application_id")) or 0
    stored = str(olds.get("application_name") or "")
    written = news.get("application_name")
    if news.get("application_id") is None and isinstance(written, str) and \
            short_application_name(written) != short_application_name(stored):
        change = follow.change_of("Application", app_id)
        if change is not None:
            follow.wait(change)
            forget = resolver_for(client).forget_applications
            forget()
            return application_for(client, app_id, None)
    return Application(app_id, stored)
