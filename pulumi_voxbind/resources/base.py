"""What every pulumi-voxbind provider shares: settings, pickling guard, input hygiene.

A provider instance is pickled into Pulumi state by class path with nothing in it: the
credentials and endpoint come from `configure()` (stack config) or the environment when a
method runs, and the client, its name caches and the run's declarations live in the provider
process, shared by its gRPC threads.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, ClassVar, Protocol

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from pulumi_voxbind.resources import declarations, ownership
from pulumi_voxbind.resources.errors import clear_errors, install_clean_errors
from pulumi_voxbind.resources.settings import (
    ProviderSettings,
    check_settings,
    note_checked,
    refuse_plaintext_credentials,
)

install_clean_errors()  # a no-op outside the provider process


def user_inputs(props: dict[str, Any]) -> dict[str, Any]:
    """The user's inputs without Pulumi's reserved keys (`__provider`)."""
    return {k: v for k, v in props.items() if not k.startswith("__")}


class VoxbindProvider(ResourceProvider):
    """Base of every provider: empty pickled state, configuration read per process."""

    # Nothing secret is ever captured (the pickled state is empty), so skip the encryption
    # Pulumi applies to every `__provider` blob by default; it costs time on large stacks.
    serialize_as_secret_always = False

    def __init__(self) -> None:
        """Built by the program for each resource (the provider process unpickles instead):
        refuse plaintext credentials there, before the preview makes any API call."""
        refuse_plaintext_credentials()
        super().__init__()
        self._settings = ProviderSettings()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle nothing: configuration is per process and may hold secrets."""
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._settings = ProviderSettings()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def configure(self, req: ConfigureRequest) -> None:
        """Remember stack config `voxbind:credentials` / `voxbind:endpoint` for this process."""
        self._settings = ProviderSettings.from_config(req.config)

    def check_settings(self, kind: str) -> None:
        """At check (so at preview, no API call): the endpoint and deadline must be usable;
        a wrong one fails as one line naming the setting, its source and a right value."""
        note_checked()
        with clear_errors(kind):
            check_settings(self._settings)


class ObjectOperations(Protocol):
    """What a routing object's operations offer (Application, Rule, Scenario, RuleOrder)."""

    def create(self, news: dict[str, Any]) -> dict[str, Any]: ...

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]: ...

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None: ...

    def delete(self, resource_id: str, olds: dict[str, Any]) -> None: ...


class ObjectProvider(VoxbindProvider):
    """The provider of one routing object: every method written once, the object's parts
    (check, diff plan, operations) named by the subclass.

    `check` records what the deployment declares; `diff` is offline and marks its own
    delete-before-replace for the ownership rule; create/update/read/delete go through the
    object's operations, imported on first use (they pull in the API client), and their
    errors reach the CLI as one message.
    """

    kind: ClassVar[str]
    id_output: ClassVar[str]  # the output that holds the object's id, used as the Pulumi id
    operations: ClassVar[str]  # "module:Class" of the object's operations

    @staticmethod
    def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
        """The object's offline input check: (normalised inputs, failures)."""
        raise NotImplementedError

    @staticmethod
    def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> Any:
        """The object's offline diff plan (changes, replaces, delete_before_replace)."""
        raise NotImplementedError

    def _operations(self) -> ObjectOperations:
        """The object's operations over the process-wide client for these settings."""
        from pulumi_voxbind.resources.settings import client_for

        module, name = self.operations.split(":")
        cls: Callable[[Any], ObjectOperations] = getattr(importlib.import_module(module), name)
        return cls(client_for(self._settings))

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs offline and record them as declared by this deployment."""
        self.check_settings(self.kind)
        inputs, failures = self.check_inputs(user_inputs(news))
        declarations.record(self.kind, inputs)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Plan from state and inputs alone: a no-change preview makes no API call."""
        plan = self.plan_diff(user_inputs(olds), user_inputs(news))
        delete_first = bool(getattr(plan, "delete_before_replace", False))
        if delete_first:
            ownership.mark_delete_before_replace(self.kind, id_)
        return DiffResult(changes=plan.changes, replaces=list(getattr(plan, "replaces", [])),
                          delete_before_replace=delete_first)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the object, or take an existing one over when adopt=True."""
        with clear_errors(self.kind):
            outs = self._operations().create(user_inputs(props))
        return CreateResult(str(outs[self.id_output]), outs)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Change the object in place; returns the full outputs."""
        with clear_errors(self.kind):
            return UpdateResult(self._operations().update(user_inputs(olds), user_inputs(news)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh; an object deleted outside Pulumi leaves the state."""
        with clear_errors(self.kind):
            live = self._operations().read(user_inputs(props))
        if live is None:
            return ReadResult(None, {})
        outs, inputs = live
        return ReadResult(id_, outs, inputs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the object, unless another resource of this deployment still declares it."""
        with clear_errors(self.kind):
            self._operations().delete(id_, user_inputs(props))
