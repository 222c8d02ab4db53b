"""The Pulumi dynamic provider behind Scenario (class path pinned in pulumi_voxbind.provider)."""

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

from pulumi_voxbind.resources import declarations, ownership
from pulumi_voxbind.resources.base import VoxbindProvider, user_inputs
from pulumi_voxbind.resources.common import clear_errors
from pulumi_voxbind.resources.scenario.inputs import KIND, check_inputs
from pulumi_voxbind.resources.scenario.planning import plan_diff
from pulumi_voxbind.resources.settings import ProviderSettings, client_for

if TYPE_CHECKING:
    from pulumi_voxbind.resources.scenario.operations import ScenarioOperations


def _operations(settings: ProviderSettings) -> ScenarioOperations:
    """Operations over the process-wide client (the API client is imported only now)."""
    from pulumi_voxbind.resources.scenario.operations import ScenarioOperations

    return ScenarioOperations(client_for(settings))


class ScenarioProvider(VoxbindProvider):
    """Uploads, renames and re-uploads (SetScenarioInfo), reads and deletes one scenario."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs offline and record them as declared by this deployment."""
        inputs, failures = check_inputs(user_inputs(news))
        declarations.record(KIND, inputs)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Offline: a rename or a new script hash is an update, a new folder a replace."""
        plan = plan_diff(user_inputs(olds), user_inputs(news))
        if plan.delete_before_replace:
            ownership.mark_delete_before_replace(KIND, id_)
        return DiffResult(changes=plan.changes, replaces=plan.replaces,
                          delete_before_replace=plan.delete_before_replace)

    @clear_errors(KIND)
    def create(self, props: dict[str, Any]) -> CreateResult:
        """AddScenario with the script, or take over an existing scenario when adopt=True."""
        outs = _operations(self._settings).create(user_inputs(props))
        return CreateResult(str(outs["scenario_id"]), outs)

    @clear_errors(KIND)
    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """One SetScenarioInfo with the new name and/or script; bindings stay."""
        return UpdateResult(_operations(self._settings).update(user_inputs(olds),
                                                               user_inputs(news)))

    @clear_errors(KIND)
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh from GetScenarios with the script; a deleted scenario leaves the state."""
        live = _operations(self._settings).read(user_inputs(props))
        if live is None:
            return ReadResult(None, {})
        outs, inputs = live
        return ReadResult(id_, outs, inputs)

    @clear_errors(KIND)
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DelScenario, unless another resource of this deployment still declares it."""
        _operations(self._settings).delete(id_, user_inputs(props))
