"""The Pulumi dynamic provider behind Rule (class path pinned in pulumi_voxbind.provider)."""

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
from pulumi_voxbind.resources.rule.inputs import KIND, check_inputs
from pulumi_voxbind.resources.rule.planning import plan_diff
from pulumi_voxbind.resources.settings import ProviderSettings, client_for

if TYPE_CHECKING:
    from pulumi_voxbind.resources.rule.operations import RuleOperations


def _operations(settings: ProviderSettings) -> RuleOperations:
    """Operations over the process-wide client (the API client is imported only now)."""
    from pulumi_voxbind.resources.rule.operations import RuleOperations

    return RuleOperations(client_for(settings))


class RuleProvider(VoxbindProvider):
    """Creates, changes in place (SetRuleInfo), reads and deletes one rule of an application."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs offline and record them as declared by this deployment."""
        inputs, failures = check_inputs(user_inputs(news))
        declarations.record(KIND, inputs)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Offline: renames, patterns and the video flag are updates; see planning.py."""
        plan = plan_diff(user_inputs(olds), user_inputs(news))
        if plan.delete_before_replace:
            ownership.mark_delete_before_replace(KIND, id_)
        return DiffResult(changes=plan.changes, replaces=plan.replaces,
                          delete_before_replace=plan.delete_before_replace)

    @clear_errors(KIND)
    def create(self, props: dict[str, Any]) -> CreateResult:
        """AddRule (last in routing order), or take over an existing rule when adopt=True."""
        outs = _operations(self._settings).create(user_inputs(props))
        return CreateResult(str(outs["rule_id"]), outs)

    @clear_errors(KIND)
    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """One SetRuleInfo with the changed fields; bound scenarios stay bound."""
        return UpdateResult(_operations(self._settings).update(user_inputs(olds),
                                                               user_inputs(news)))

    @clear_errors(KIND)
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh from GetRules; a rule deleted outside leaves the state."""
        live = _operations(self._settings).read(user_inputs(props))
        if live is None:
            return ReadResult(None, {})
        outs, inputs = live
        return ReadResult(id_, outs, inputs)

    @clear_errors(KIND)
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DelRule, unless another resource of this deployment still declares the rule."""
        _operations(self._settings).delete(id_, user_inputs(props))
