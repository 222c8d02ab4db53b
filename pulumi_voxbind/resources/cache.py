"""One name cache per API client, shared by every provider of the process, and its invalidation.

The Resolver (resources/binding/resolver.py) lists applications, each application's rules and
the scenarios once per process and turns names into ids. Providers that create, rename or
delete applications, rules and scenarios tell it here, so that a ScenarioBinding resolving
names later in the same run lists again instead of trusting a listing from before the write.
Imported on the first create/read/update/delete: it loads the API client.
"""

from __future__ import annotations

import threading

from pulumi_voxbind.api.client import VoximplantClient
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


def application_for(client: VoximplantClient, application_id: int | None,
                    application_name: str | None) -> Application:
    """The application a program names by id or by short or full name (cached listing)."""
    return resolver_for(client).application(application_id=application_id,
                                            application_name=application_name)
