"""Exact-match lookups and binding helpers built on `call` and `iterate`.

The API's name filters are substring (and for scenarios case-insensitive) matches, so every
lookup filters server-side for efficiency and then matches exactly on the client.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pulumi_voxbind.api.errors import InvalidParameterError, VoximplantError

__all__ = ["ListingMixin"]


class ListingMixin:
    """Lookup and binding helpers; mixed into VoximplantClient."""

    if TYPE_CHECKING:

        def call(self, method: str, **params: Any) -> dict[str, Any]: ...

        def iterate(
            self, method: str, *, page_size: int = ..., **params: Any
        ) -> Iterator[dict[str, Any]]: ...

    def find_application(
        self, *, application_id: int | None = None, application_name: str | None = None
    ) -> dict[str, Any] | None:
        """Find one application by id, full name, or unique short name; None if absent."""
        _exactly_one(application_id=application_id, application_name=application_name)
        if application_id is not None:
            _check_id("application_id", application_id)
            items = self.iterate("GetApplications", application_id=application_id)
            return next((a for a in items if a.get("application_id") == application_id), None)
        assert application_name is not None
        apps = list(self.iterate("GetApplications", application_name=application_name))
        exact = [a for a in apps if a.get("application_name") == application_name]
        if not exact and "." not in application_name:
            # A short name 'ivr' matches the full name 'ivr.<account>.voximplant.com'.
            prefix = f"{application_name}."
            exact = [a for a in apps if str(a.get("application_name", "")).startswith(prefix)]
        return _unique(
            exact, "GetApplications", "application", application_name, "application_name"
        )

    def list_rules(
        self, application_id: int, *, with_scenarios: bool = True, rule_name: str | None = None
    ) -> list[dict[str, Any]]:
        """All rules of an application (rule_name is the API's substring filter)."""
        _check_id("application_id", application_id)
        return list(
            self.iterate(
                "GetRules",
                application_id=application_id,
                with_scenarios=with_scenarios,
                rule_name=rule_name,
            )
        )

    def find_rule(
        self,
        application_id: int,
        *,
        rule_id: int | None = None,
        rule_name: str | None = None,
        with_scenarios: bool = True,
    ) -> dict[str, Any] | None:
        """Find one rule of an application by id or exact name; None if absent."""
        _exactly_one(rule_id=rule_id, rule_name=rule_name)
        _check_id("application_id", application_id)
        if rule_id is not None:
            _check_id("rule_id", rule_id)
            items = self.iterate(
                "GetRules",
                application_id=application_id,
                rule_id=rule_id,
                with_scenarios=with_scenarios,
            )
            return next((r for r in items if r.get("rule_id") == rule_id), None)
        assert rule_name is not None
        rules = self.list_rules(application_id, with_scenarios=with_scenarios, rule_name=rule_name)
        exact = [r for r in rules if r.get("rule_name") == rule_name]
        return _unique(exact, "GetRules", "rule", rule_name, "rule_name")

    def list_scenarios(self, *, application_id: int | None = None) -> list[dict[str, Any]]:
        """All scenarios visible to the account, or to one application."""
        if application_id is not None:
            _check_id("application_id", application_id)
        return list(self.iterate("GetScenarios", application_id=application_id))

    def find_scenarios(
        self, names: Iterable[str], *, application_id: int | None = None
    ) -> dict[str, dict[str, Any]]:
        """Map each name found to its scenario, in the order of `names` (exact, case-sensitive).

        Missing names are absent. The order follows `names`, not the listing, so
        `[s["scenario_id"] for s in found.values()]` is in the order you asked for.
        """
        if isinstance(names, (str, bytes)):
            raise TypeError("names must be a collection of scenario names, not one string")
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        for name in wanted:
            if not isinstance(name, str) or not name:
                raise TypeError("scenario names must be non-empty strings")
        if application_id is not None:
            _check_id("application_id", application_id)
        # One listing either way; a single name can use the server's substring filter.
        name_filter = wanted[0] if len(wanted) == 1 else None
        found: dict[str, dict[str, Any]] = {}
        for item in self.iterate(
            "GetScenarios", application_id=application_id, scenario_name=name_filter
        ):
            name = item.get("scenario_name")
            if name not in wanted:
                continue
            if name in found and found[name].get("scenario_id") != item.get("scenario_id"):
                raise InvalidParameterError(
                    f"scenario name {name!r} is ambiguous: ids {found[name].get('scenario_id')} "
                    f"and {item.get('scenario_id')}; rename one of them",
                    method="GetScenarios",
                )
            found[name] = item
        return {name: found[name] for name in wanted if name in found}

    def bind_scenarios(
        self,
        rule_id: int,
        scenario_ids: Sequence[int],
        *,
        bind: bool = True,
        application_id: int | None = None,
    ) -> None:
        """Bind (or with bind=False unbind) scenarios to a rule; no request for an empty list."""
        _check_id("rule_id", rule_id)
        ids = _check_ids(scenario_ids)
        if not ids:
            return
        response = self.call(
            "BindScenario",
            scenario_id=ids,
            rule_id=rule_id,
            application_id=application_id,
            bind=bool(bind),
        )
        _expect_result_one("BindScenario", response)

    def reorder_scenarios(
        self, rule_id: int, scenario_ids: Sequence[int], *, application_id: int | None = None
    ) -> None:
        """Set the execution order of a rule's scenarios (pass every bound id, in order)."""
        _check_id("rule_id", rule_id)
        ids = _check_ids(scenario_ids)
        if not ids:
            return
        response = self.call(
            "ReorderScenarios", rule_id=rule_id, scenario_id=ids, application_id=application_id
        )
        _expect_result_one("ReorderScenarios", response)


def _exactly_one(**options: Any) -> None:
    """Lookups take an id or a name, never both or neither."""
    given = [name for name, value in options.items() if value is not None]
    if len(given) != 1:
        raise ValueError(f"pass exactly one of {', '.join(options)}")


def _check_id(name: str, value: Any) -> None:
    """API ids are positive ints; catch '12' or True before they reach the wire."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TypeError(f"{name} must be a positive int, got {value!r}")


def _check_ids(values: Sequence[int]) -> list[int]:
    """Validate a list of scenario ids (order kept)."""
    if isinstance(values, (str, bytes)):
        raise TypeError("scenario_ids must be a sequence of ints")
    ids = list(values)
    for value in ids:
        _check_id("scenario_ids item", value)
    return ids


def _unique(
    matches: list[dict[str, Any]], method: str, kind: str, wanted: str, field: str
) -> dict[str, Any] | None:
    """Return the single match, None for none, and refuse to guess between several."""
    if len(matches) > 1:
        names = ", ".join(sorted(str(m.get(field)) for m in matches))
        raise InvalidParameterError(
            f"{kind} name {wanted!r} is ambiguous: matches {names}; use the full name or id",
            method=method,
        )
    return matches[0] if matches else None


def _expect_result_one(method: str, response: dict[str, Any]) -> None:
    """Mutations answer {"result": 1}; anything else means it did not happen as asked."""
    result = response.get("result")
    if result != 1 or isinstance(result, bool):
        raise VoximplantError(f"unexpected result {result!r} (expected 1)", method=method)
