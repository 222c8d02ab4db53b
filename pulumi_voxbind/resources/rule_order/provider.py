"""The Pulumi dynamic provider behind RuleOrder (class path pinned in pulumi_voxbind.provider)."""

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

from pulumi_voxbind.resources import declarations
from pulumi_voxbind.resources.base import VoxbindProvider, user_inputs
from pulumi_voxbind.resources.common import clear_errors
from pulumi_voxbind.resources.rule_order.inputs import KIND, check_inputs
from pulumi_voxbind.resources.rule_order.planning import plan_diff
from pulumi_voxbind.resources.settings import ProviderSettings, client_for

if TYPE_CHECKING:
    from pulumi_voxbind.resources.rule_order.operations import RuleOrderOperations


def _operations(settings: ProviderSettings) -> RuleOrderOperations:
    """Operations over the process-wide client (the API client is imported only now)."""
    from pulumi_voxbind.resources.rule_order.operations import RuleOrderOperations

    return RuleOrderOperations(client_for(settings))


class RuleOrderProvider(VoxbindProvider):
    """Puts listed rules first in an application's routing order (ReorderRules)."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs offline and record them as declared by this deployment."""
        inputs, failures = check_inputs(user_inputs(news))
        declarations.record(KIND, inputs)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Offline: a new list is an update; another application a replace."""
        plan = plan_diff(user_inputs(olds), user_inputs(news))
        return DiffResult(changes=plan.changes, replaces=plan.replaces,
                          delete_before_replace=False)

    @clear_errors(KIND)
    def create(self, props: dict[str, Any]) -> CreateResult:
        """Read the application's rules and reorder them if the listed ones are not first."""
        outs = _operations(self._settings).apply(user_inputs(props))
        return CreateResult(str(outs["application_id"]), outs)

    @clear_errors(KIND)
    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Same as create: one GetRules, and one ReorderRules only if the order differs."""
        return UpdateResult(_operations(self._settings).apply(user_inputs(news)))

    @clear_errors(KIND)
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Report the rules that now come first; an application deleted outside is gone."""
        live = _operations(self._settings).read(user_inputs(props))
        if live is None:
            return ReadResult(None, {})
        outs, inputs = live
        return ReadResult(id_, outs, inputs)

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        """Leave the order as it is: there is no "unordered" state to go back to."""
