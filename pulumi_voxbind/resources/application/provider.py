"""The Pulumi dynamic provider behind Application (class path pinned in pulumi_voxbind.provider)."""

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
from pulumi_voxbind.resources.application.inputs import check_inputs
from pulumi_voxbind.resources.application.planning import plan_diff
from pulumi_voxbind.resources.base import VoxbindProvider, user_inputs
from pulumi_voxbind.resources.common import clear_errors
from pulumi_voxbind.resources.settings import ProviderSettings, client_for

if TYPE_CHECKING:
    from pulumi_voxbind.resources.application.operations import ApplicationOperations

KIND = "Application"


def _operations(settings: ProviderSettings) -> ApplicationOperations:
    """Operations over the process-wide client (the API client is imported only now)."""
    from pulumi_voxbind.resources.application.operations import ApplicationOperations

    return ApplicationOperations(client_for(settings))


class ApplicationProvider(VoxbindProvider):
    """Creates, renames (SetApplicationInfo), reads and deletes one Voximplant application."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs offline and record them as declared by this deployment."""
        inputs, failures = check_inputs(user_inputs(news))
        declarations.record(KIND, inputs)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A new short name is an in-place rename; no API call, never a replace."""
        plan = plan_diff(user_inputs(olds), user_inputs(news))
        return DiffResult(changes=plan.changes, replaces=[], delete_before_replace=False)

    @clear_errors(KIND)
    def create(self, props: dict[str, Any]) -> CreateResult:
        """AddApplication, or take over an existing application when adopt=True."""
        outs = _operations(self._settings).create(user_inputs(props))
        return CreateResult(str(outs["application_id"]), outs)

    @clear_errors(KIND)
    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """SetApplicationInfo when the short name changed; state only otherwise."""
        return UpdateResult(_operations(self._settings).update(user_inputs(olds),
                                                               user_inputs(news)))

    @clear_errors(KIND)
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh from GetApplications; an application deleted outside leaves the state."""
        live = _operations(self._settings).read(user_inputs(props))
        if live is None:
            return ReadResult(None, {})
        outs, inputs = live
        return ReadResult(id_, outs, inputs)

    @clear_errors(KIND)
    def delete(self, _id: str, props: dict[str, Any]) -> None:
        """Delete the application with whatever it still holds, unless still declared."""
        _operations(self._settings).delete(user_inputs(props))
