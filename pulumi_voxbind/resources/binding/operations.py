"""What ScenarioBinding does to the API on create, update, read and delete.

Kept apart from the Pulumi adapter so each step is plain Python over a client. The ownership
model (README, "Who owns a binding"):
- a binding owns every scenario it declares on its rule, including ones already bound when it
  was created (reported in `adopted_scenario_ids`);
- nothing is unbound while another ScenarioBinding of the same deployment still declares that
  scenario on that rule (renames, replaces, moves between bindings, overlaps), whatever order
  Pulumi runs the steps in: every change re-reads the rule under a per-rule lock and binds
  what is declared but missing, so the last step always leaves the union of declarations;
- a create or update that fails after binding unbinds what it bound (unless declared
  elsewhere), so a failed step leaves the rule as state says;
- every step is safe to repeat, and scenarios deleted outside Pulumi never wedge one.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import InvalidParameterError, NotFoundError, VoximplantError
from pulumi_voxbind.resources import declarations, follow
from pulumi_voxbind.resources.binding.inputs import (
    IDENTITY_KEYS,
    KIND,
    is_unknown,
    normalize_id,
)
from pulumi_voxbind.resources.binding.planning import same_application_name
from pulumi_voxbind.resources.binding.resolver import (
    Application,
    ResolutionError,
    Resolver,
    Rule,
)
from pulumi_voxbind.resources.errors import ProviderError

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


class BindingError(ProviderError):
    """An operation failed; the message names the binding, the API error and the fix."""


def _ids(values: Any) -> list[int]:
    return [normalize_id(v) or 0 for v in values or []]


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
    # The identity inputs exactly as the program wrote them ("ivr", not the full name), so
    # that a refresh hands the user's own spelling back to Pulumi.
    declared_inputs: dict[str, Any] = field(default_factory=dict)
    adopted_scenario_ids: list[int] = field(default_factory=list)

    def outputs(self) -> dict[str, Any]:
        """The resource outputs, from an explicit allow-list."""
        return {
            "application_id": self.application_id,
            "application_name": self.application_name,
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "scenario_ids": list(self.scenario_ids),
            "scenario_names": list(self.scenario_names),
            "adopted_scenario_ids": list(self.adopted_scenario_ids),
            "declared_keys": list(self.declared_keys),
            "declared_inputs": dict(self.declared_inputs),
        }

    def inputs(self) -> dict[str, Any]:
        """The inputs a program would write for this live state, in the user's own spelling."""
        outs = self.outputs()
        written = self.declared_inputs
        return {k: written.get(k, outs[k]) if k in IDENTITY_KEYS else outs[k]
                for k in self.declared_keys if k in outs}

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
        written = outs.get("declared_inputs") or {}
        return cls(
            application_id=normalize_id(outs.get("application_id")) or 0,
            application_name=str(outs.get("application_name") or ""),
            rule_id=normalize_id(outs.get("rule_id")) or 0,
            rule_name=str(outs.get("rule_name") or ""),
            scenario_ids=_ids(outs.get("scenario_ids")),
            scenario_names=[str(s) for s in outs.get("scenario_names") or []],
            declared_keys=[str(k) for k in outs.get("declared_keys") or []],
            declared_inputs={k: (normalize_id(v) if k.endswith("_id") else v)
                             for k, v in dict(written).items() if k in IDENTITY_KEYS},
            adopted_scenario_ids=_ids(outs.get("adopted_scenario_ids")),
        )


def declared_inputs(props: dict[str, Any]) -> dict[str, Any]:
    """The identity inputs as written, to keep in state for refresh."""
    return {k: props[k] for k in IDENTITY_KEYS if props.get(k) is not None}


class OrderConflict(ValueError):
    """The declared orders of a rule's scenarios contradict each other (a cycle)."""

    def __init__(self, scenario_ids: list[int]) -> None:
        super().__init__(f"scenarios {scenario_ids} are declared in contradicting orders")
        self.scenario_ids = scenario_ids


def merged_order(current: list[int], ours: list[int],
                 others: Sequence[list[int]] = ()) -> list[int]:
    """The rule's order with every declared order honoured, changing as little as possible.

    `ours` and each list in `others` must run in their order; everything else keeps its
    relative order (a stable topological sort of the current order: among the scenarios free
    to go next, the one that runs earliest now goes first). Newly bound scenarios arrive at the
    end, so between bindings on one rule the one bound first runs first. Raises OrderConflict
    when two declarations order a pair of scenarios both ways.
    """
    position = {s: i for i, s in enumerate(current)}
    after: dict[int, set[int]] = {s: set() for s in current}
    waiting = dict.fromkeys(current, 0)
    for order in (ours, *others):
        present = [s for s in order if s in position]
        for first, second in itertools.pairwise(present):
            if second not in after[first]:
                after[first].add(second)
                waiting[second] += 1
    ready = [position[s] for s in current if waiting[s] == 0]
    heapq.heapify(ready)
    result: list[int] = []
    while ready:
        scenario = current[heapq.heappop(ready)]
        result.append(scenario)
        for nxt in after[scenario]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, position[nxt])
    if len(result) < len(current):
        raise OrderConflict([s for s in current if waiting[s] > 0])
    return result


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
            if app is None:
                raise ResolutionError("application_name", "rule_name needs application_name "
                                                          "or application_id")
            rule = self.resolver.rule_by_name(app, props["rule_name"])
        else:
            rule = self.resolver.rule_by_id(normalize_id(props.get("rule_id")) or 0, app)
        if app is None:
            app = self.resolver.application(application_id=rule.application_id)
        if props.get("scenario_names") is not None:
            ids = self.resolver.scenario_ids(app, list(props["scenario_names"]))
        else:
            ids = _ids(props.get("scenario_ids"))
        return app, rule, ids

    def _resolve_or_explain(self, props: dict[str, Any]) -> tuple[Application, Rule, list[int]]:
        try:
            return self._resolve(props)
        except ResolutionError as exc:
            raise BindingError(str(exc)) from None  # the message says it all; skip the chain
        except VoximplantError as exc:
            raise BindingError(
                f"looking up the application, rule and scenarios: {exc}") from None

    def _rule_declarations(self, app: Application, rule: Rule,
                           exclude: dict[str, Any] | None = None,
                           only_held: bool = False) -> list[list[int]]:
        """The scenario lists (ids, in order) other ScenarioBindings of this deployment
        declare on this rule.

        A declaration names the rule by id, or by name within the application; both are
        compared without an API call, against the rule's current name. `exclude` is the
        caller's own inputs (left out when it rolls back its own change); `only_held` keeps
        only declarations known to be in place. Declarations with unknown values or names that
        match nothing declare nothing: they cannot be created.
        """
        own = declarations.fingerprint(exclude) if exclude is not None else None
        found: list[list[int]] = []
        for decl in (declarations.held if only_held else declarations.declared)(KIND):
            if any(is_unknown(v) for v in decl.values()) or not _names_rule(decl, app, rule):
                continue  # the cheap test first: most declarations name other rules
            if own is not None and declarations.fingerprint(decl) == own:
                continue
            try:
                if decl.get("scenario_names") is not None:
                    ids = self.resolver.scenario_ids(app, list(decl["scenario_names"]))
                else:
                    ids = _ids(decl.get("scenario_ids"))
            except (ResolutionError, VoximplantError) as exc:
                log.debug("declaration %s resolves to nothing: %s", decl, exc)
                continue
            found.append(ids)
        return found

    def _declared_elsewhere(self, app: Application, rule: Rule,
                            exclude: dict[str, Any] | None = None,
                            only_held: bool = False) -> set[int]:
        """Every scenario id another binding of this deployment declares on the rule."""
        return {s for ids in self._rule_declarations(app, rule, exclude, only_held)
                for s in ids}

    # the rule as the API sees it --------------------------------------------------------
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

    def _live_ids(self, app: Application, rule: Rule) -> list[int]:
        """What the rule runs before a change: as this run last saw it, else read now."""
        known = self.resolver.known_bound(rule.id)
        if known is not None:
            return known
        bound = self._bound(app.id, rule.id)
        if bound is None:
            raise BindingError(f"rule {rule.name!r} (id {rule.id}) of {app.name!r} no longer "
                               f"exists; run `pulumi refresh`, then fix the rule")
        return _ids(s.get("scenario_id") for s in bound)

    def _put_in_order(self, app: Application, rule: Rule, ours: list[int],
                      props: dict[str, Any], bound_here: list[int]) -> list[dict[str, Any]]:
        """Read the rule back, bind what is still missing, and reorder so every declared
        order holds. Scenarios bound here are appended to `bound_here` (for a rollback)."""
        others = self._rule_declarations(app, rule, exclude=props)
        rebound = False
        for attempt in range(1, REORDER_ATTEMPTS + 1):
            bound = self._bound(app.id, rule.id)
            if bound is None:
                raise BindingError(
                    f"rule {rule.name!r} (id {rule.id}) disappeared while binding scenarios "
                    f"to it")
            current = _ids(s.get("scenario_id") for s in bound)
            missing = [s for s in ours if s not in current]
            if missing and not rebound:
                # What this run last saw of the rule was stale (changed outside Pulumi since
                # the listing): the read-back is the truth, so bind what is missing once.
                rebound = True
                self._bind(app, rule, missing, bind=True, props=props)
                bound_here.extend(missing)
                continue
            if missing:
                raise BindingError(
                    f"BindScenario succeeded but scenarios {missing} are not bound to rule "
                    f"{rule.name!r} (id {rule.id}); the API did not apply the change")
            self.resolver.note_bound(rule.id, current)
            try:
                wanted = merged_order(current, ours, others)
            except OrderConflict as exc:
                raise BindingError(
                    f"ScenarioBindings on rule {rule.name!r} (id {rule.id}) declare scenarios "
                    f"{_named_ids(bound, exc.scenario_ids)} in contradicting orders; a rule runs "
                    f"each scenario once, so list shared scenarios in the same order in every "
                    f"binding") from None
            if wanted == current:
                return bound
            self.resolver.note_bound(rule.id, wanted)
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

    def _bind(self, app: Application, rule: Rule, ids: list[int], *, bind: bool,
              props: dict[str, Any] | None = None) -> None:
        verb = "binding" if bind else "unbinding"
        try:
            self.client.bind_scenarios(rule.id, ids, bind=bind)
            if not bind:
                self.resolver.note_unbound(rule.id, ids)
        except VoximplantError as exc:
            hint = ""
            if exc.code in SCENARIO_GONE_CODES:
                self.resolver.forget_scenarios(app.id)
                hint = self._explain_unusable(app, ids, props)
            raise BindingError(
                f"{verb} scenarios {ids} {'to' if bind else 'from'} rule {rule.name!r} "
                f"(id {rule.id}) of {app.name!r}: {exc}{hint}") from None

    def _explain_unusable(self, app: Application, ids: list[int],
                          props: dict[str, Any] | None) -> str:
        """Say which scenario the API refused, and why, in terms of the input the user wrote."""
        wrote = "scenario_names" if props and props.get("scenario_names") else "scenario_ids"
        generic = f"; check {wrote}, and run `pulumi refresh` if scenarios were deleted"
        missing: list[int] = []
        foreign: list[str] = []
        try:
            for scenario_id in ids:
                if not self.resolver.scenario_exists(scenario_id):
                    missing.append(scenario_id)
                    continue
                owner = self.resolver.scenario_owner(scenario_id)
                if owner is not None and owner.id != app.id:
                    foreign.append(f"scenario id {scenario_id} belongs to application "
                                   f"{owner.name!r}")
        except VoximplantError:
            return generic
        hints = []
        if missing:
            hints.append(f"scenario id{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(map(str, missing))} "
                         f"do{'' if len(missing) > 1 else 'es'} not exist (deleted outside "
                         f"Pulumi? run `pulumi refresh`): fix {wrote}")
        if foreign:
            hints.append(f"{'; '.join(foreign)}, and a rule runs only its own application's "
                         f"and Shared scenarios: fix {wrote}")
        return "; " + "; ".join(hints) if hints else generic

    def _roll_back(self, app: Application, rule: Rule, bound_here: list[int],
                   props: dict[str, Any]) -> None:
        """After a failure, unbind what this step bound, unless a binding in place wants it."""
        if not bound_here:
            return
        try:
            keep = self._declared_elsewhere(app, rule, exclude=props, only_held=True)
            undo = [s for s in bound_here if s not in keep]
            if undo:
                self.client.bind_scenarios(rule.id, undo, bind=False)
                self.resolver.note_unbound(rule.id, undo)
        except VoximplantError as exc:  # the original error matters more; the next up repairs
            log.warning("could not roll back binding %s to rule %s: %s", bound_here, rule.id,
                        exc)

    # lifecycle --------------------------------------------------------------------------
    def _await_followed(self, olds: Binding, props: dict[str, Any]) -> None:
        """Wait for the replaces and renames this binding follows (its diff saw them: see
        resources/follow.py), then drop the listings they made stale."""
        changes: list[follow.Change | None] = []
        if props.get("application_name") is not None:
            changes.append(follow.change_of("Application", olds.application_id))
        if props.get("rule_name") is not None:
            changes.append(follow.change_of("Rule", olds.rule_id))
        if props.get("scenario_names") is not None:
            changes += [follow.change_of("Scenario", s) for s in olds.scenario_ids]
        if not any(changes):
            return
        for change in changes:
            if change is not None:
                follow.wait(change)
        self.resolver.forget_applications()
        self.resolver.forget_rules(olds.application_id)
        self.resolver.forget_scenarios(olds.application_id)

    def _resolve_following(self, props: dict[str, Any],
                           who: str) -> tuple[Application, Rule, list[int]]:
        """Resolve names; if what they name is being replaced or renamed by this deployment,
        wait for that and resolve again. Otherwise note that this binding looked, so that a
        later replace of it refuses rather than leave this binding behind."""
        for _ in range(3):
            app, rule, ids = self._resolve_or_explain(props)
            seen: list[follow.Change | None] = []
            if props.get("rule_name") is not None:
                seen.append(follow.observe("Rule", rule.id, who))
            if props.get("scenario_names") is not None:
                seen += [follow.observe("Scenario", s, who) for s in ids]
            waiting = [c for c in seen if c is not None and not c.done.is_set()]
            if not waiting:
                return app, rule, ids
            for change in waiting:
                follow.wait(change)
            self.resolver.forget_rules(app.id)
            self.resolver.forget_scenarios(app.id)
        return app, rule, ids

    def create(self, props: dict[str, Any], declared: list[str], *,
               who: str = "a ScenarioBinding") -> Binding:
        """Bind the declared scenarios that are not bound yet, then put them in order."""
        app, rule, ids = self._resolve_following(props, who)
        with rule_lock(rule.id):
            live = self._live_ids(app, rule)
            adopted = [s for s in ids if s in live]
            new = [s for s in ids if s not in live]
            try:
                if new:
                    self._bind(app, rule, new, bind=True, props=props)
                bound = self._put_in_order(app, rule, ids, props, new)
            except Exception:
                self._roll_back(app, rule, new, props)
                raise
        binding = self._binding(app, rule, ids, bound, props, declared, adopted)
        if adopted:
            _notice(f"ScenarioBinding on {binding.describe()}: scenarios "
                    f"{_named(binding, adopted)} were already bound; this binding now owns "
                    f"them, and deleting it unbinds them (see adopted_scenario_ids)")
        return binding

    def update(self, olds: Binding, props: dict[str, Any], declared: list[str], *,
               who: str = "a ScenarioBinding") -> Binding:
        """Bind what is declared but missing, unbind what only we declared, then reorder."""
        self._await_followed(olds, props)
        app, rule, ids = self._resolve_following(props, who)
        if rule.id != olds.rule_id:  # a name now means another rule: move, then release
            moved = self.create(props, declared, who=who)
            self.delete(olds)
            return moved
        if ids == olds.scenario_ids:  # respelled only: nothing changes on the rule
            return self._binding_from_state(app, rule, olds, props, declared)
        with rule_lock(rule.id):
            live = self._live_ids(app, rule)
            added = [s for s in ids if s not in live]
            removed = [s for s in olds.scenario_ids if s not in ids and s in live]
            adopted_now = [s for s in ids if s in live and s not in olds.scenario_ids]
            try:
                if added:
                    self._bind(app, rule, added, bind=True, props=props)
                if removed:
                    keep = self._declared_elsewhere(app, rule)
                    release = [s for s in removed if s not in keep]
                    if release:
                        self._bind(app, rule, release, bind=False, props=props)
                bound = self._put_in_order(app, rule, ids, props, added)
            except Exception:
                self._roll_back(app, rule, added, props)
                raise
        adopted = [s for s in ids if s in olds.adopted_scenario_ids or s in adopted_now]
        return self._binding(app, rule, ids, bound, props, declared, adopted)

    def read(self, olds: Binding) -> Binding | None:
        """The live binding: None when the rule is gone or none of ours is still bound."""
        rule = self._live_rule(olds.application_id, olds.rule_id)
        if rule is None:
            return None
        self.resolver.note_bound(olds.rule_id, _ids(s.get("scenario_id")
                                                    for s in rule.get("scenarios") or []))
        ours = set(olds.scenario_ids)
        live = [s for s in rule.get("scenarios") or []
                if normalize_id(s.get("scenario_id")) in ours]
        if not live:
            return None
        live_ids = _ids(s.get("scenario_id") for s in live)
        return Binding(
            olds.application_id, olds.application_name, olds.rule_id,
            str(rule.get("rule_name") or olds.rule_name), live_ids,
            [str(s.get("scenario_name")) for s in live], olds.declared_keys,
            olds.declared_inputs, [s for s in olds.adopted_scenario_ids if s in live_ids])

    def delete(self, olds: Binding) -> None:
        """Unbind our scenarios that are still bound, except what the deployment declares."""
        if not olds.scenario_ids or not olds.rule_id:
            return
        with rule_lock(olds.rule_id):
            keep = self._kept_by_deployment(olds)
            release = [s for s in olds.scenario_ids if s not in keep]
            if keep:
                log.info("leaving scenarios %s bound to rule %s: another ScenarioBinding of "
                         "this deployment declares them",
                         [s for s in olds.scenario_ids if s in keep], olds.rule_id)
            if release:
                self._release(olds, release)

    def _kept_by_deployment(self, olds: Binding) -> set[int]:
        """What other bindings of this run declare on the rule of a binding being deleted."""
        if not declarations.declared(KIND):  # destroy, or a program without bindings
            return set()
        app = Application(olds.application_id, olds.application_name)
        try:  # the rule's name today (it may have been renamed since state was written)
            rule = self.resolver.rule_by_id(olds.rule_id, app)
        except ResolutionError:
            return set()  # the rule is gone: nothing is bound to it
        return self._declared_elsewhere(app, rule)

    def _release(self, olds: Binding, release: list[int]) -> None:
        """Unbind; an already-unbound scenario, a deleted one or a deleted rule is success."""
        try:
            self.client.bind_scenarios(olds.rule_id, release, bind=False)
            self.resolver.note_unbound(olds.rule_id, release)
            return
        except VoximplantError as exc:
            if exc.code in RULE_GONE_CODES:
                log.info("rule %s is gone; nothing to unbind", olds.rule_id)
                return
            if exc.code not in SCENARIO_GONE_CODES:
                raise BindingError(f"unbinding scenarios {release} from "
                                   f"{olds.describe()}: {exc}") from None
        # Some of our scenarios were deleted: unbind those still bound, one call.
        bound = self._bound(olds.application_id, olds.rule_id)
        if bound is None:
            return
        live = set(_ids(b.get("scenario_id") for b in bound))
        still = [s for s in release if s in live]
        self.resolver.note_bound(olds.rule_id, list(live))
        if still:
            try:
                self.client.bind_scenarios(olds.rule_id, still, bind=False)
                self.resolver.note_unbound(olds.rule_id, still)
            except VoximplantError as exc:
                raise BindingError(f"unbinding scenarios {still} from {olds.describe()}: "
                                   f"{exc}") from None

    # results ----------------------------------------------------------------------------
    def _binding(self, app: Application, rule: Rule, ours: list[int], bound: list[dict[str, Any]],
                 props: dict[str, Any], declared: list[str], adopted: list[int]) -> Binding:
        names = {normalize_id(s.get("scenario_id")): str(s.get("scenario_name")) for s in bound}
        return Binding(app.id, app.name, rule.id, rule.name, list(ours),
                       [names.get(s, "") for s in ours], declared, declared_inputs(props),
                       adopted)

    def _binding_from_state(self, app: Application, rule: Rule, olds: Binding,
                            props: dict[str, Any], declared: list[str]) -> Binding:
        return Binding(app.id, app.name, rule.id, rule.name, list(olds.scenario_ids),
                       list(olds.scenario_names), declared, declared_inputs(props),
                       list(olds.adopted_scenario_ids))


def _names_rule(decl: dict[str, Any], app: Application, rule: Rule) -> bool:
    """Whether checked inputs name this rule (by id, or by name in its application)."""
    rule_id = normalize_id(decl.get("rule_id"))
    if rule_id is not None:
        return rule_id == rule.id
    if decl.get("rule_name") != rule.name:
        return False
    app_id = normalize_id(decl.get("application_id"))
    if app_id is not None:
        return app_id == app.id
    return same_application_name(str(decl.get("application_name") or ""), app.name)


def _named_ids(bound: list[dict[str, Any]], ids: list[int]) -> list[str]:
    names = {normalize_id(s.get("scenario_id")): str(s.get("scenario_name")) for s in bound}
    return [names.get(s) or str(s) for s in ids]


def _named(binding: Binding, ids: list[int]) -> list[str]:
    names = dict(zip(binding.scenario_ids, binding.scenario_names, strict=False))
    return [names.get(s) or str(s) for s in ids]


def _notice(message: str) -> None:
    """Tell the user something worth knowing; the CLI shows a provider's stderr lines."""
    log.warning(message)
    print(f"warning: {message}", file=sys.stderr, flush=True)
