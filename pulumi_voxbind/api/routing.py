"""Typed helpers for the routing objects: applications, rules, scenarios, rule order.

Each helper validates its arguments before anything reaches the wire, sends one API call and
checks the answer's shape, so callers get ints and strings, never a half-read JSON object.
Methods and parameters follow ../shared/voximplant-routing-api.md; where the reference marks
something UNCONFIRMED the helpers send the one form every client agrees on (an id, never an
id and a name together; never `all`; never `rewrite`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pulumi_voxbind.api.errors import VoximplantError

__all__ = ["MAX_SCRIPT_BYTES", "RoutingMixin"]

# "The script text ... less than 128 KB" (AddScenario/SetScenarioInfo); error 130 above it.
MAX_SCRIPT_BYTES = 128 * 1024 - 1


class RoutingMixin:
    """Create, change, read and delete applications, rules and scenarios; mixed into the client."""

    if TYPE_CHECKING:

        def call(self, method: str, **params: Any) -> dict[str, Any]: ...

        def iterate(
            self, method: str, *, page_size: int = ..., **params: Any
        ) -> Iterator[dict[str, Any]]: ...

    # account ----------------------------------------------------------------------------
    def get_account_info(self) -> dict[str, Any]:
        """The account (`account_id`, `account_name`, ...); never log it raw (it may hold a key)."""
        info = self.call("GetAccountInfo").get("result")
        if not isinstance(info, dict) or not isinstance(info.get("account_name"), str):
            raise VoximplantError("unexpected response: no account in 'result'",
                                  method="GetAccountInfo")
        return info

    # applications -----------------------------------------------------------------------
    def add_application(self, application_name: str) -> dict[str, Any]:
        """Create an application from its short name; returns its id and full name."""
        _check_name("application_name", application_name)
        response = self.call("AddApplication", application_name=application_name)
        return {
            "application_id": _int_field("AddApplication", response, "application_id"),
            "application_name": _str_field("AddApplication", response, "application_name"),
        }

    def set_application_info(self, application_id: int, *, application_name: str) -> str:
        """Rename an application in place (short name); returns its new full name."""
        _check_id("application_id", application_id)
        _check_name("application_name", application_name)
        response = self.call("SetApplicationInfo", application_id=application_id,
                             application_name=application_name)
        _expect_result_one("SetApplicationInfo", response)
        return _str_field("SetApplicationInfo", response, "application_name")

    def del_application(self, application_id: int) -> None:
        """Delete one application by id."""
        _check_id("application_id", application_id)
        _expect_result_one("DelApplication",
                           self.call("DelApplication", application_id=application_id))

    def list_applications(self, *, application_name: str | None = None) -> list[dict[str, Any]]:
        """Every application, or those whose full name contains `application_name`."""
        return list(self.iterate("GetApplications", application_name=application_name or None))

    # rules ------------------------------------------------------------------------------
    def add_rule(
        self,
        application_id: int,
        rule_name: str,
        rule_pattern: str,
        *,
        rule_pattern_exclude: str | None = None,
        video_conference: bool = False,
    ) -> int:
        """Create a rule with no scenarios (it goes last in routing order); returns its id."""
        _check_id("application_id", application_id)
        _check_name("rule_name", rule_name)
        _check_text("rule_pattern", rule_pattern)
        if rule_pattern_exclude is not None:
            _check_text("rule_pattern_exclude", rule_pattern_exclude)
        response = self.call(
            "AddRule", application_id=application_id, rule_name=rule_name,
            rule_pattern=rule_pattern, rule_pattern_exclude=rule_pattern_exclude,
            video_conference=bool(video_conference),
        )
        return _int_field("AddRule", response, "rule_id")

    def set_rule_info(
        self,
        rule_id: int,
        *,
        rule_name: str | None = None,
        rule_pattern: str | None = None,
        rule_pattern_exclude: str | None = None,
        video_conference: bool | None = None,
    ) -> None:
        """Change the given fields of a rule; its scenarios stay bound. No call if none given.

        An exclude pattern cannot be cleared this way: the API reads an empty value as absent.
        """
        _check_id("rule_id", rule_id)
        changes = {"rule_name": rule_name, "rule_pattern": rule_pattern,
                   "rule_pattern_exclude": rule_pattern_exclude}
        for name, value in changes.items():
            if value is not None:
                (_check_name if name == "rule_name" else _check_text)(name, value)
        if all(v is None for v in changes.values()) and video_conference is None:
            return
        flag = None if video_conference is None else bool(video_conference)
        _expect_result_one("SetRuleInfo", self.call(
            "SetRuleInfo", rule_id=rule_id, **changes, video_conference=flag))

    def del_rule(self, rule_id: int) -> None:
        """Delete one rule by id (its bindings go with it; scenarios stay)."""
        _check_id("rule_id", rule_id)
        _expect_result_one("DelRule", self.call("DelRule", rule_id=rule_id))

    def reorder_rules(self, rule_ids: Sequence[int]) -> None:
        """Set the routing order of one application's rules (pass all of them, in order)."""
        if isinstance(rule_ids, (str, bytes)):
            raise TypeError("rule_ids must be a sequence of ints")
        ids = list(rule_ids)
        for value in ids:
            _check_id("rule_ids item", value)
        if not ids:
            return
        if len(set(ids)) != len(ids):
            raise ValueError("rule_ids lists a rule twice")
        _expect_result_one("ReorderRules", self.call("ReorderRules", rule_id=ids))

    # scenarios --------------------------------------------------------------------------
    def add_scenario(
        self, scenario_name: str, scenario_script: str, *, application_id: int | None = None
    ) -> int:
        """Create a scenario in an application, or in the Shared folder; returns its id."""
        _check_name("scenario_name", scenario_name)
        _check_script(scenario_script)
        if application_id is not None:
            _check_id("application_id", application_id)
        response = self.call("AddScenario", scenario_name=scenario_name,
                             scenario_script=scenario_script, application_id=application_id)
        return _int_field("AddScenario", response, "scenario_id")

    def set_scenario_info(
        self, scenario_id: int, *, scenario_name: str | None = None,
        scenario_script: str | None = None,
    ) -> None:
        """Rename a scenario and/or replace its script in one call; no call if neither given."""
        _check_id("scenario_id", scenario_id)
        if scenario_name is not None:
            _check_name("scenario_name", scenario_name)
        if scenario_script is not None:
            _check_script(scenario_script)
        if scenario_name is None and scenario_script is None:
            return
        _expect_result_one("SetScenarioInfo", self.call(
            "SetScenarioInfo", scenario_id=scenario_id, scenario_name=scenario_name,
            scenario_script=scenario_script))

    def del_scenario(self, scenario_id: int) -> None:
        """Delete one scenario by id (it drops out of every rule)."""
        _check_id("scenario_id", scenario_id)
        _expect_result_one("DelScenario", self.call("DelScenario", scenario_id=scenario_id))

    def get_scenario(
        self, scenario_id: int, *, application_id: int | None = None, with_script: bool = False
    ) -> dict[str, Any] | None:
        """One scenario by id (in that application only, if given); None if absent.

        With `with_script` the item carries `scenario_script` exactly as stored.
        """
        _check_id("scenario_id", scenario_id)
        if application_id is not None:
            _check_id("application_id", application_id)
        items = self.call("GetScenarios", scenario_id=scenario_id, application_id=application_id,
                          with_script=True if with_script else None).get("result")
        if not isinstance(items, list):
            raise VoximplantError("unexpected response: 'result' is not a list",
                                  method="GetScenarios")
        found = next((s for s in items if isinstance(s, dict)
                      and s.get("scenario_id") == scenario_id), None)
        if found is not None and with_script and not isinstance(found.get("scenario_script"),
                                                               str):
            found = {**found, "scenario_script": ""}  # a scenario created without a script
        return found


def _check_id(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TypeError(f"{name} must be a positive int, got {value!r}")


def _check_name(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty string, got {value!r}")


def _check_text(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty string (the API reads '' as absent)")


def _check_script(script: Any) -> None:
    _check_text("scenario_script", script)
    size = len(script.encode("utf-8"))
    if size > MAX_SCRIPT_BYTES:
        raise ValueError(f"scenario_script is {size} bytes of UTF-8; the API takes less than "
                         f"{MAX_SCRIPT_BYTES + 1}")


def _int_field(method: str, response: dict[str, Any], key: str) -> int:
    value = response.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise VoximplantError(f"unexpected response: {key} is {value!r}", method=method)
    return value


def _str_field(method: str, response: dict[str, Any], key: str) -> str:
    value = response.get(key)
    if not isinstance(value, str) or not value:
        raise VoximplantError(f"unexpected response: {key} is {value!r}", method=method)
    return value


def _expect_result_one(method: str, response: dict[str, Any]) -> None:
    result = response.get("result")
    if result != 1 or isinstance(result, bool):
        raise VoximplantError(f"unexpected result {result!r} (expected 1)", method=method)
