"""ScenarioBindingProvider: the Pulumi dynamic provider behind ScenarioBinding.

Stable import path: Pulumi state stores this class by reference as `pulumi_voxbind.provider.
ScenarioBindingProvider` (its pinned `__module__`), so that path must import forever; state
written by 0.1.0 has to load after any refactor. The plumbing every provider shares (empty
pickled state, configuration per process) is in `pulumi_voxbind.resources.base`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from pulumi_voxbind.resources import declarations, follow, plan_notes
from pulumi_voxbind.resources.base import VoxbindProvider, user_inputs
from pulumi_voxbind.resources.binding.inputs import KIND, check_inputs, normalize_id
from pulumi_voxbind.resources.binding.planning import declared_keys, plan_diff
from pulumi_voxbind.resources.common import META_KEY, meta_of
from pulumi_voxbind.resources.errors import clear_errors
from pulumi_voxbind.resources.settings import ProviderSettings, client_for

if TYPE_CHECKING:
    from pulumi_voxbind.resources.binding.operations import Binding, BindingOperations

# The API client (requests, PyJWT, cryptography) is imported on the first create, read,
# update or delete, not with this module: programs import it for ScenarioBinding, and the
# provider process imports it (under the SDK's provider lock) before its first check/diff,
# neither of which needs the API. That keeps ~0.1 s off every program and preview.

def _operations(settings: ProviderSettings) -> BindingOperations:
    """Operations over the process-wide client and its name cache (shared with the other
    resources' providers, which tell it when they create, rename or delete objects)."""
    from pulumi_voxbind.resources.binding.operations import BindingOperations
    from pulumi_voxbind.resources.cache import resolver_for

    client = client_for(settings)
    return BindingOperations(client, resolver_for(client))


def _binding(outputs: dict[str, Any]) -> Binding:
    """The Binding a resource's state outputs describe."""
    from pulumi_voxbind.resources.binding.operations import Binding

    return Binding.from_outputs(outputs)


def who(props: dict[str, Any]) -> str:
    """This binding in messages: its Pulumi name when the program passed it."""
    name = meta_of(props).get("name")
    rule = props.get("rule_name") or props.get("rule_id")
    return f"ScenarioBinding {name!r}" if name else f"the ScenarioBinding on rule {rule!r}"


def _followed(olds: dict[str, Any], news: dict[str, Any],
              who: str) -> tuple[bool, dict[str, str]]:
    """What this binding names by name that the deployment replaces or renames
    (resources/follow.py): whether it must follow, and the new names it may now be written
    with. Recorded as looked at otherwise, so that a later replace refuses instead."""
    follows, renamed = False, {}
    named = []
    if news.get("application_name") is not None:
        named.append(("Application", normalize_id(olds.get("application_id")), "application"))
    if news.get("rule_name") is not None:
        named.append(("Rule", normalize_id(olds.get("rule_id")), "rule"))
    if news.get("scenario_names") is not None:
        named += [("Scenario", normalize_id(s), "") for s in olds.get("scenario_ids") or []]
    for kind, object_id, key in named:
        change = follow.observe(kind, object_id, who)
        if change is None:
            continue
        follows = True
        if key and not change.replace and change.new_name:
            renamed[f"{key}_name"] = change.new_name
    return follows, renamed


class ScenarioBindingProvider(VoxbindProvider):
    """Binds an ordered list of scenarios to a rule with BindScenario, and unbinds on delete."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs offline; one failure per problem, naming the field and the fix."""
        self.check_settings(KIND)
        inputs, failures = check_inputs(user_inputs(news))
        if not failures:
            declarations.record(KIND, inputs)  # what this deployment declares (see operations)
        if meta_of(news):
            inputs[META_KEY] = meta_of(news)  # hidden: its Pulumi name, for messages
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Plan from state and inputs alone: no API call, so a no-change preview is free."""
        olds_in, news_in = user_inputs(olds), user_inputs(news)
        follows, renamed = _followed(olds_in, news_in, who(news))
        plan = plan_diff(olds_in, news_in, renamed)
        if follows and not plan.changes:
            plan = type(plan)(changes=True, replaces=plan.replaces)
        if not plan.changes:
            declarations.hold(KIND, user_inputs(news))  # in place, and staying so
        else:
            rule = olds_in.get("rule_name") or news_in.get("rule_name") or news_in.get("rule_id")
            plan_notes.best_effort(plan_notes.binding_change, who(news), str(rule), olds_in,
                                   news_in)
        return DiffResult(changes=plan.changes, replaces=plan.replaces,
                          delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Bind the declared scenarios (adopting any already bound) in declared order."""
        inputs = user_inputs(props)
        with clear_errors(KIND):
            binding = _operations(self._settings).create(inputs, declared_keys(inputs),
                                                         who=who(props))
        declarations.hold(KIND, inputs)
        return CreateResult(binding.resource_id, binding.outputs())

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Bind the added, unbind the removed, reorder; return the full outputs."""
        inputs = user_inputs(news)
        with clear_errors(KIND):
            binding = _operations(self._settings).update(
                _binding(olds), inputs, declared_keys(inputs), who=who(news))
        declarations.hold(KIND, inputs)
        return UpdateResult(binding.outputs())

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh from GetRules; report a vanished binding as gone, partial drift as such."""
        with clear_errors(KIND):
            live = _operations(self._settings).read(_binding(props))
        if live is None:
            return ReadResult(None, {})
        return ReadResult(id_, live.outputs(), live.inputs())

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        """Unbind exactly the scenarios this resource bound."""
        with clear_errors(KIND):
            _operations(self._settings).delete(_binding(props))
