"""What ScenarioBinding does to the API on create, update, read and delete.

Kept apart from the Pulumi adapter so each step is plain Python over a client. Every step is
safe to repeat: binding a bound scenario and unbinding an unbound one both succeed, so a run
interrupted at any point is finished by the next one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import InvalidParameterError, NotFoundError, VoximplantError
from pulumi_voxbind.resources.binding.inputs import normalize_id
from pulumi_voxbind.resources.binding.resolver import Application, ResolutionError, Resolver, Rule

log = logging.getLogger("pulumi_voxbind.provider")

# API codes that mean "the rule (or its application) no longer exists".
RULE_GONE_CODES = {107, 116, 147, 156, 558}
SCENARIO_GONE_CODES = {132, 168}
# ReorderScenarios takes the rule's full list; if another writer changed the rule between our
# read and our reorder the list no longer matches, so read again (a bounded number of times).
REORDER_ATTEMPTS = 3

_rule_locks: dict[int, threading.Lock] = {}
_rule_locks_guard = threading.Lock()


@contextmanager
def rule_lock(rule_id: int) -> Iterator[None]:
    """Serialise this process's changes to one rule: its read-modify-reorder is not atomic."""
    with _rule_locks_guard:
        lock = _rule_locks.setdefault(rule_id, threading.Lock())
    with lock:
        yield


class BindingError(RuntimeError):
    """An operation failed; the message names the binding, the API error and the fix."""


@dataclass(frozen=True)
class Binding:
    """A resolved binding: the state a ScenarioBinding keeps as its outputs."""

    application_id: int
    application_name: str
    rule_id: int
    rule_name: str
    scenario_ids: list[int]
    scenario_names: list[str]
    declared_keys: list[str] = field(default_factory=list)

    def outputs(self) -> dict[str, Any]:
        """The resource outputs, from an explicit allow-list."""
        return {
            "application_id": self.application_id,
            "application_name": self.application_name,
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "scenario_ids": list(self.scenario_ids),
            "scenario_names": list(self.scenario_names),
            "declared_keys": list(self.declared_keys),
        }

    def inputs(self) -> dict[str, Any]:
        """The inputs a program would write for this live state, in the user's own spelling."""
        outs = self.outputs()
        return {k: outs[k] for k in self.declared_keys if k in outs}

    @property
    def resource_id(self) -> str:
        """The Pulumi id: application, rule and the scenario ids bound at creation."""
        joined = "+".join(str(s) for s in self.scenario_ids)
        return f"{self.application_id}/{self.rule_id}/{joined}"

    def describe(self) -> str:
        """A short human description for error messages."""
        return f"rule {self.rule_name!r} (id {self.rule_id}) of {self.application_name!r}"

    @classmethod
    def from_outputs(cls, outs: dict[str, Any]) -> Binding:
        """Rebuild from state outputs (numbers may have travelled as floats)."""
        return cls(
            application_id=normalize_id(outs.get("application_id")) or 0,
            application_name=str(outs.get("application_name") or ""),
            rule_id=normalize_id(outs.get("rule_id")) or 0,
            rule_name=str(outs.get("rule_name") or ""),
            scenario_ids=[normalize_id(s) or 0 for s in outs.get("scenario_ids") or []],
            scenario_names=[str(s) for s in outs.get("scenario_names") or []],
            declared_keys=[str(k) for k in outs.get("declared_keys") or []],
        )


def merged_order(current: list[int], ours: list[int]) -> list[int]:
    """The rule's order with our scenarios in declared order in the slots they occupy.

    Scenarios bound by others keep their positions and relative order; ours are placed, in
    the order the program declares, into the positions ours hold now.
    """
    mine = set(ours)
    wanted = iter([s for s in ours if s in current])
    return [next(wanted) if s in mine else s for s in current]


class BindingOperations:
    """Create, update, read and delete of one binding through a client and a resolver."""

    def __init__(self, client: VoximplantClient, resolver: Resolver) -> None:
        self.client = client
        self.resolver = resolver

    # resolution -------------------------------------------------------------------------
    def _resolve(self, props: dict[str, Any]) -> tuple[Application, Rule, list[int]]:
        app: Application | None = None
        if props.get("application_id") is not None or props.get("application_name") is not None:
            app = self.resolver.application(
                application_id=normalize_id(props.get("application_id")),
                application_name=props.get("application_name"),
            )
        if props.get("rule_name") is not None:
            assert app is not None  # check() requires an application with rule_name
            rule = self.resolver.rule_by_name(app, props["rule_name"])
        else:
            rule = self.resolver.rule_by_id(normalize_id(props.get("rule_id")) or 0, app)
        if app is None:
            app = self.resolver.application(application_id=rule.application_id)
        if props.get("scenario_names") is not None:
            ids = self.resolver.scenario_ids(app, list(props["scenario_names"]))
        else:
            ids = [normalize_id(s) or 0 for s in props.get("scenario_ids") or []]
        return app, rule, ids

    def _live_rule(self, app_id: int, rule_id: int) -> dict[str, Any] | None:
        """The rule as GetRules reports it, with scenarios; None when the rule is gone."""
        try:
            rules = self.client.call(
                "GetRules", application_id=app_id, rule_id=rule_id, with_scenarios=True
            ).get("result") or []
        except NotFoundError as exc:
            if exc.code in RULE_GONE_CODES:
                return None
            raise
        return next((r for r in rules if normalize_id(r.get("rule_id")) == rule_id), None)

    def _bound(self, app_id: int, rule_id: int) -> list[dict[str, Any]] | None:
        """The rule's bound scenarios in execution order; None when the rule is gone."""
        rule = self._live_rule(app_id, rule_id)
        return None if rule is None else list(rule.get("scenarios") or [])

    def _put_in_order(self, app: Application, rule: Rule, ours: list[int]) -> list[dict]:
        """Read the rule back and reorder it if our scenarios are not in declared order."""
        for attempt in range(1, REORDER_ATTEMPTS + 1):
            bound = self._bound(app.id, rule.id)
            if bound is None:
                raise BindingError(
                    f"rule {rule.name!r} (id {rule.id}) disappeared while binding scenarios "
                    f"to it")
            current = [normalize_id(s.get("scenario_id")) or 0 for s in bound]
            missing = [s for s in ours if s not in current]
            if missing:
                raise BindingError(
                    f"BindScenario succeeded but scenarios {missing} are not bound to rule "
                    f"{rule.name!r} (id {rule.id}); the API did not apply the change")
            wanted = merged_order(current, ours)
            if wanted == current:
                return bound
            try:
                self.client.reorder_scenarios(rule.id, wanted, application_id=app.id)
            except InvalidParameterError as exc:
                if attempt == REORDER_ATTEMPTS:
                    raise BindingError(
                        f"reordering the scenarios of rule {rule.name!r} (id {rule.id}): {exc}; "
                        f"the rule kept changing while we ordered it") from None
                log.info("rule %s changed while reordering; reading it again", rule.id)
                continue
            by_id = {normalize_id(s.get("scenario_id")): s for s in bound}
            return [by_id[s] for s in wanted]
        raise AssertionError("unreachable")

    def _binding(self, app: Application, rule: Rule, ours: list[int], bound: list[dict],
                 declared: list[str]) -> Binding:
        names = {normalize_id(s.get("scenario_id")): str(s.get("scenario_name")) for s in bound}
        return Binding(app.id, app.name, rule.id, rule.name, list(ours),
                       [names.get(s, "") for s in ours], declared)

    def _bind(self, rule: Rule, ids: list[int], *, bind: bool, app: Application) -> None:
        verb = "binding" if bind else "unbinding"
        try:
            self.client.bind_scenarios(rule.id, ids, bind=bind)
        except VoximplantError as exc:
            hint = ""
            if exc.code in SCENARIO_GONE_CODES:
                self.resolver.forget_scenarios(app.id)
                if bind:  # name the input to fix, as check failures do
                    hint = (f"; check scenario_ids: each id must be a scenario of {app.name!r} "
                            f"or of the Shared folder")
            raise BindingError(
                f"{verb} scenarios {ids} {'to' if bind else 'from'} rule {rule.name!r} "
                f"(id {rule.id}) of {app.name!r}: {exc}{hint}") from None

    # lifecycle --------------------------------------------------------------------------
    def create(self, props: dict[str, Any], declared: list[str]) -> Binding:
        """Resolve, bind the list in one call, then put it in declared order."""
        app, rule, ids = self._resolve_or_explain(props)
        with rule_lock(rule.id):
            self._bind(rule, ids, bind=True, app=app)
            bound = self._put_in_order(app, rule, ids)
        return self._binding(app, rule, ids, bound, declared)

    def update(self, olds: Binding, props: dict[str, Any], declared: list[str]) -> Binding:
        """Bind the added, then unbind the removed (the rule never runs empty), then reorder."""
        app, rule, ids = self._resolve_or_explain(props)
        added = [s for s in ids if s not in olds.scenario_ids]
        removed = [s for s in olds.scenario_ids if s not in ids]
        if not added and not removed and ids == olds.scenario_ids:
            return Binding(app.id, app.name, rule.id, rule.name, ids, olds.scenario_names,
                           declared)
        with rule_lock(rule.id):
            if added:
                self._bind(rule, added, bind=True, app=app)
            if removed:
                self._bind(rule, removed, bind=False, app=app)
            bound = self._put_in_order(app, rule, ids)
        return self._binding(app, rule, ids, bound, declared)

    def read(self, olds: Binding) -> Binding | None:
        """The live binding: None when the rule is gone or none of ours is still bound."""
        rule = self._live_rule(olds.application_id, olds.rule_id)
        if rule is None:
            return None
        ours = set(olds.scenario_ids)
        live = [s for s in rule.get("scenarios") or []
                if normalize_id(s.get("scenario_id")) in ours]
        if not live:
            return None
        rule_name = str(rule.get("rule_name") or olds.rule_name)
        return Binding(
            olds.application_id, olds.application_name, olds.rule_id, rule_name,
            [normalize_id(s.get("scenario_id")) or 0 for s in live],
            [str(s.get("scenario_name")) for s in live], olds.declared_keys)

    def delete(self, olds: Binding) -> None:
        """Unbind exactly our scenarios; already unbound, or rule gone, is success."""
        if not olds.scenario_ids or not olds.rule_id:
            return
        try:
            self.client.bind_scenarios(olds.rule_id, olds.scenario_ids, bind=False)
            return
        except VoximplantError as exc:
            if exc.code in RULE_GONE_CODES:
                log.info("rule %s is gone; nothing to unbind", olds.rule_id)
                return
            if exc.code not in SCENARIO_GONE_CODES:
                raise BindingError(f"unbinding scenarios {olds.scenario_ids} from "
                                   f"{olds.describe()}: {exc}") from None
        # Some of our scenarios were deleted: unbind those still bound, one call.
        bound = self._bound(olds.application_id, olds.rule_id)
        if bound is None:
            return
        live = {normalize_id(b.get("scenario_id")) for b in bound}
        still = [s for s in olds.scenario_ids if s in live]
        if still:
            try:
                self.client.bind_scenarios(olds.rule_id, still, bind=False)
            except VoximplantError as exc:
                raise BindingError(f"unbinding scenarios {still} from {olds.describe()}: "
                                   f"{exc}") from None

    def _resolve_or_explain(self, props: dict[str, Any]) -> tuple[Application, Rule, list[int]]:
        try:
            return self._resolve(props)
        except ResolutionError as exc:
            raise BindingError(str(exc)) from None  # the message says it all; skip the chain
        except VoximplantError as exc:
            raise BindingError(
                f"looking up the application, rule and scenarios: {exc}") from None
