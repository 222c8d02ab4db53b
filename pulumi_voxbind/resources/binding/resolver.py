"""Exact-match name lookups, cached for the life of the provider process.

The API's name filters are substring matches and listing is paginated, so a stack of many
bindings must not list every rule and scenario once per binding. Each application's rules
and scenarios are listed once per process (four provider threads share one listing through
a per-key lock) and listed again only when a name is missing, since it may be new.
"""

from __future__ import annotations

import functools
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
        self._bound: dict[int, list[int]] = {}
        self._bound_lock = threading.Lock()

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
        rules: dict[str, Rule] = {}
        listing = self._client.iterate("GetRules", application_id=application_id,
                                       with_scenarios=True)
        for r in listing:
            rule = Rule(int(r["rule_id"]), str(r["rule_name"]), application_id)
            rules[rule.name] = rule
            self.note_bound(rule.id, [int(s["scenario_id"]) for s in r.get("scenarios") or []])
        return rules

    # what rules run, as last seen this run ----------------------------------------------
    def known_bound(self, rule_id: int) -> list[int] | None:
        """The rule's bound scenario ids as last listed or written by this process, if seen.

        The rule listing that resolves names carries each rule's scenarios, so a create or
        update needs no read of its own before binding; every change reads the rule back
        afterwards and records what it saw here.
        """
        with self._bound_lock:
            found = self._bound.get(rule_id)
            return None if found is None else list(found)

    def note_bound(self, rule_id: int, scenario_ids: list[int]) -> None:
        """Record what a rule runs now, in order (from a listing or a read-back)."""
        with self._bound_lock:
            self._bound[rule_id] = list(scenario_ids)

    def note_unbound(self, rule_id: int, scenario_ids: list[int]) -> None:
        """Record that these scenarios were unbound from the rule."""
        with self._bound_lock:
            if rule_id in self._bound:
                self._bound[rule_id] = [s for s in self._bound[rule_id]
                                        if s not in scenario_ids]

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
        found = self._find_rule(rule_id, [application] if application else self.applications())
        if found is not None:
            return found
        if application is None:
            raise ResolutionError("rule_id", f"rule_id {rule_id} does not exist in any "
                                             f"application of this account")
        elsewhere = self._find_rule(
            rule_id, [a for a in self.applications() if a.id != application.id])
        if elsewhere is not None:
            owner = self.application(application_id=elsewhere.application_id)
            raise ResolutionError(
                "rule_id", f"rule_id {rule_id} ({elsewhere.name!r}) is a rule of application "
                           f"{owner.name!r}, not of {application.name!r}; fix the application "
                           f"or the rule")
        raise ResolutionError("rule_id", f"rule_id {rule_id} does not exist in application "
                                         f"{application.name!r} or any other")

    def _find_rule(self, rule_id: int, applications: list[Application]) -> Rule | None:
        for refresh in (False, True):
            for app in applications:
                rules = self._rules.get(app.id, functools.partial(self._list_rules, app.id),
                                        refresh=refresh)
                for rule in rules.values():
                    if rule.id == rule_id:
                        return rule
        return None

    # scenarios --------------------------------------------------------------------------
    def _list_scenarios(self, application_id: int | None) -> dict[str, int]:
        params: dict[str, Any] = {}
        if application_id is not None:
            params["application_id"] = application_id
        return {
            str(s["scenario_name"]): int(s["scenario_id"])
            for s in self._client.iterate("GetScenarios", **params)
        }

    def _listing(self, key: int | None, refresh: bool = False) -> dict[str, int]:
        return self._scenarios.get(key, lambda: self._list_scenarios(key), refresh=refresh)

    def scenario_ids(self, application: Application, names: list[str],
                     field: str = "scenario_names") -> list[int]:
        """Ids of scenarios named exactly so that the application's rules can run.

        A rule runs its own application's scenarios and the Shared folder's. The account-wide
        listing holds every application's scenarios too, so a name found only there is
        accepted only if no other application owns it.
        """
        found: dict[str, int] = {}
        for refresh in (False, True):
            own = self._listing(application.id, refresh)
            found.update({n: own[n] for n in names if n in own})
            missing = [n for n in names if n not in found]
            if missing:
                everywhere = self._listing(None, refresh)
                found.update({n: everywhere[n] for n in missing if n in everywhere})
            if all(n in found for n in names):
                break
        missing = [n for n in names if n not in found]
        if missing:
            raise ResolutionError(
                field, f"{field} {missing} match no scenario of application "
                       f"{application.name!r} or the Shared folder exactly; upload the "
                       f"scenarios first or fix the names")
        own = self._listing(application.id)
        owners = {n: self.scenario_owner(found[n]) for n in names if n not in own}
        foreign = {n: o for n, o in owners.items() if o is not None and o.id != application.id}
        if foreign:
            where = "; ".join(f"{n!r} belongs to application {o.name!r}"
                              for n, o in foreign.items())
            raise ResolutionError(
                field, f"{field}: {where}, so rules of {application.name!r} cannot run it; a "
                       f"rule runs only scenarios of its own application or the Shared folder")
        return [found[n] for n in names]

    def scenario_owner(self, scenario_id: int) -> Application | None:
        """The application that owns a scenario, or None for the Shared folder (or unknown)."""
        for app in self.applications():
            if scenario_id in self._listing(app.id).values():
                return app
        return None

    def scenario_exists(self, scenario_id: int) -> bool:
        """Whether the account has a scenario with this id (listed afresh)."""
        return scenario_id in self._listing(None, refresh=True).values()

    def forget_scenarios(self, application_id: int | None) -> None:
        """Drop cached scenario ids of a folder (None: Shared) and the account-wide listing.

        Called after a write to that folder, or when the API said a cached id is invalid.
        """
        if application_id is not None:
            self._scenarios.drop(application_id)
        self._scenarios.drop(None)

    def forget_applications(self) -> None:
        """Drop the cached application list (one was created, renamed or deleted)."""
        self._applications.drop("all")

    def forget_rules(self, application_id: int) -> None:
        """Drop the cached rules of one application (one was created, renamed or deleted)."""
        self._rules.drop(application_id)
