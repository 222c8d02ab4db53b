"""Exact-match name lookups, cached for the life of the provider process.

The API's name filters are substring matches and listing is paginated, so a stack of many
bindings must not list every rule and scenario once per binding. Each application's rules
and scenarios are listed once per process (four provider threads share one listing through
a per-key lock) and listed again only when a name is missing, since it may be new.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pulumi_voxbind.api.client import VoximplantClient

T = TypeVar("T")


class ResolutionError(LookupError):
    """A name or id in the program matches nothing in the account; the message says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class _OnceCache(Generic[T]):
    """A map of key -> value computed once per key, one computation at a time per key."""

    def __init__(self) -> None:
        self._values: dict[Any, T] = {}
        self._locks: dict[Any, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: Any, compute: Callable[[], T], *, refresh: bool = False) -> T:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if refresh or key not in self._values:
                self._values[key] = compute()
            return self._values[key]

    def drop(self, key: Any) -> None:
        with self._guard:
            self._values.pop(key, None)


@dataclass(frozen=True)
class Application:
    """An application's id and full name."""

    id: int
    name: str


@dataclass(frozen=True)
class Rule:
    """A rule's id, name and application."""

    id: int
    name: str
    application_id: int


class Resolver:
    """Turns the names and ids a program wrote into verified ids, with per-process caches."""

    def __init__(self, client: VoximplantClient) -> None:
        self._client = client
        self._applications: _OnceCache[list[Application]] = _OnceCache()
        self._rules: _OnceCache[dict[str, Rule]] = _OnceCache()
        self._scenarios: _OnceCache[dict[str, int]] = _OnceCache()

    # applications -----------------------------------------------------------------------
    def _list_applications(self) -> list[Application]:
        return [
            Application(int(a["application_id"]), str(a["application_name"]))
            for a in self._client.iterate("GetApplications")
        ]

    def applications(self, *, refresh: bool = False) -> list[Application]:
        """Every application of the account (listed once per process)."""
        return self._applications.get("all", self._list_applications, refresh=refresh)

    def application(
        self, *, application_id: int | None = None, application_name: str | None = None
    ) -> Application:
        """The application named by id or by full or short name; ResolutionError if none."""
        for refresh in (False, True):
            found = self._match_application(self.applications(refresh=refresh),
                                            application_id, application_name)
            if found is not None:
                return found
        if application_id is not None:
            raise ResolutionError(
                "application_id", f"application_id {application_id} does not exist in this "
                                  f"Voximplant account; check the id in the control panel")
        names = ", ".join(sorted(a.name for a in self.applications())) or "none"
        raise ResolutionError(
            "application_name", f"application_name {application_name!r} matches no application "
                                f"exactly (existing: {names})")

    @staticmethod
    def _match_application(
        apps: list[Application], application_id: int | None, application_name: str | None
    ) -> Application | None:
        if application_id is not None:
            return next((a for a in apps if a.id == application_id), None)
        exact = [a for a in apps if a.name == application_name]
        if exact:
            return exact[0]
        short = [a for a in apps if a.name.startswith(f"{application_name}.")]
        return short[0] if len(short) == 1 else None

    # rules ------------------------------------------------------------------------------
    def _list_rules(self, application_id: int) -> dict[str, Rule]:
        return {
            str(r["rule_name"]): Rule(int(r["rule_id"]), str(r["rule_name"]), application_id)
            for r in self._client.iterate("GetRules", application_id=application_id)
        }

    def rule_by_name(self, application: Application, rule_name: str) -> Rule:
        """The rule with exactly this name in the application; ResolutionError if none."""
        for refresh in (False, True):
            rules = self._rules.get(application.id, lambda: self._list_rules(application.id),
                                    refresh=refresh)
            if rule_name in rules:
                return rules[rule_name]
        raise ResolutionError(
            "rule_name", f"rule_name {rule_name!r} matches no rule of application "
                         f"{application.name!r} exactly; create the rule first or fix the name")

    def rule_by_id(self, rule_id: int, application: Application | None) -> Rule:
        """The rule with this id, searched in the given application or in every one."""
        candidates = [application] if application is not None else self.applications()
        for refresh in (False, True):
            for app in candidates:
                rules = self._rules.get(app.id, lambda a=app: self._list_rules(a.id),
                                        refresh=refresh)
                for rule in rules.values():
                    if rule.id == rule_id:
                        return rule
        where = f"application {application.name!r}" if application else "any application"
        raise ResolutionError("rule_id", f"rule_id {rule_id} does not exist in {where}")

    # scenarios --------------------------------------------------------------------------
    def _list_scenarios(self, application_id: int | None) -> dict[str, int]:
        params: dict[str, Any] = {}
        if application_id is not None:
            params["application_id"] = application_id
        return {
            str(s["scenario_name"]): int(s["scenario_id"])
            for s in self._client.iterate("GetScenarios", **params)
        }

    def scenario_ids(self, application: Application, names: list[str]) -> list[int]:
        """Ids of scenarios named exactly so, in the application or the account's Shared folder."""
        found: dict[str, int] = {}
        for key in (application.id, None):  # the application's own, then account-wide
            missing = [n for n in names if n not in found]
            if not missing:
                break
            for refresh in (False, True):
                listing = self._scenarios.get(key, lambda k=key: self._list_scenarios(k),
                                              refresh=refresh)
                found.update({n: listing[n] for n in missing if n in listing})
                missing = [n for n in names if n not in found]
                if not missing:
                    break
        missing = [n for n in names if n not in found]
        if missing:
            raise ResolutionError(
                "scenario_names", f"scenario_names {missing} match no scenario of application "
                                  f"{application.name!r} or the Shared folder exactly; upload "
                                  f"the scenarios first or fix the names")
        return [found[n] for n in names]

    def forget_scenarios(self, application_id: int) -> None:
        """Drop cached scenario ids (after the API said one of them is invalid)."""
        self._scenarios.drop(application_id)
        self._scenarios.drop(None)
