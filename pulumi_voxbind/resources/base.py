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

from pulumi_voxbind.resources import acting, declarations, follow, ownership, plan_notes
from pulumi_voxbind.resources.common import META_KEY, meta_of, short_application_name
from pulumi_voxbind.resources.errors import ProviderError, clear_errors, install_clean_errors
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
    name_key: ClassVar[str | None] = None  # the input that names the object (None: nameless)
    names_its_application: ClassVar[bool] = True  # application_id / application_name inputs

    @staticmethod
    def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
        """The object's offline input check: (normalised inputs, failures)."""
        raise NotImplementedError

    @staticmethod
    def plan_diff(olds: dict[str, Any], news: dict[str, Any]) -> Any:
        """The object's offline diff plan (changes, replaces, delete_before_replace)."""
        raise NotImplementedError

    def check_declared(self, inputs: dict[str, Any], meta: dict[str, str]) -> list[Any]:
        """Checks against the rest of the deployment's declarations (RuleOrder: one per
        application); failures like check_inputs'."""
        return []

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
        meta = meta_of(news)
        declarations.record(self.kind, inputs)
        if not failures:
            failures = self.check_declared(inputs, meta)
        if meta:
            inputs[META_KEY] = meta  # hidden: who declares it (journal, messages)
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures])

    def _who(self, olds: dict[str, Any], news: dict[str, Any]) -> str:
        """This resource, for messages: its Pulumi name when known, else its object."""
        name = meta_of(news).get("name")
        label = str(olds.get(self.name_key) if self.name_key else "") or \
            str(news.get(self.name_key) if self.name_key else "")
        if name:
            return f"{self.kind} {name!r}"
        return f"the {self.kind} of {label!r}" if label else f"a {self.kind}"

    def _follow_application(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> None:
        """A resource naming its application by name follows the application's rename."""
        if not self.names_its_application or news.get("application_name") is None or \
                news.get("application_id") is not None:
            return
        app_id = olds.get("application_id")
        if isinstance(app_id, (int, float)) and app_id:
            follow.observe("Application", int(app_id), self._who(olds, news))

    def _plan_own_change(self, id_: str, olds: dict[str, Any], news: dict[str, Any],
                         plan: Any) -> None:
        """Record a replace or rename this deployment makes, for resources naming it by name;
        refuse it if some already resolved the name and cannot follow."""
        if not self.name_key:
            return
        replaces = list(getattr(plan, "replaces", []) or [])
        old_name = str(olds.get(self.name_key) or "")
        new_name = news.get(self.name_key)
        if not isinstance(new_name, str):
            return
        if self.kind == "Application":
            renamed = short_application_name(new_name) != short_application_name(old_name)
            new_name = short_application_name(new_name)
        else:
            renamed = new_name != old_name
        if not replaces and not renamed:
            return
        try:
            object_id = int(id_)
        except ValueError:
            return
        try:
            follow.plan(self.kind, object_id, old_name, replace=bool(replaces),
                        new_name=new_name, inputs=news)
        except follow.CannotFollow as exc:
            raise ProviderError(self._cannot_follow(exc, news)) from None

    def _cannot_follow(self, exc: follow.CannotFollow, news: dict[str, Any]) -> str:
        me = meta_of(news).get("name") or exc.change.old_name
        output = {"Application": "application_id", "Rule": "rule_id",
                  "Scenario": "scenario_id"}[self.kind]
        what = "the new object gets a new id" if exc.change.replace else \
            f"its name becomes {exc.change.new_name!r}"
        return (f"{self.kind}: {exc.change.old_name!r} (id {exc.change.old_id}) is "
                f"{'replaced' if exc.change.replace else 'renamed'} by this deployment and "
                f"{what}, but {', '.join(exc.dependents)} named it by name before this plan "
                f"and would keep pointing at the old one. Reference the output instead "
                f"({output}=<the {self.kind} {me!r}>.{output}), or add depends_on=[<the "
                f"{self.kind} {me!r}>] to them, so that they follow it")

    def note_plan(self, olds: dict[str, Any], news: dict[str, Any]) -> None:
        """Say a planned change in names, for the reviewer (resources/plan_notes.py)."""

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Plan from state and inputs alone: a no-change preview makes no API call."""
        olds_in, news_in = user_inputs(olds), user_inputs(news)
        self._follow_application(id_, olds_in, news)
        plan = self.plan_diff(olds_in, news_in)
        self._plan_own_change(id_, olds_in, news, plan)
        delete_first = bool(getattr(plan, "delete_before_replace", False))
        if delete_first:
            ownership.mark_delete_before_replace(self.kind, id_)
            label = olds_in.get(self.name_key) if self.name_key else None
            plan_notes.best_effort(plan_notes.delete_first_window, self.kind,
                                   repr(str(label or "")), id_)
        if plan.changes:
            plan_notes.best_effort(self.note_plan, olds_in, news)
        return DiffResult(changes=plan.changes, replaces=list(getattr(plan, "replaces", [])),
                          delete_before_replace=delete_first)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create the object, or take an existing one over when adopt=True."""
        inputs = user_inputs(props)
        try:
            with clear_errors(self.kind), acting.acting_as(meta_of(props)):
                outs = self._operations().create(inputs)
        except BaseException:
            follow.failed(self.kind, inputs=inputs)
            raise
        follow.created(self.kind, inputs, int(outs[self.id_output]))
        return CreateResult(str(outs[self.id_output]), outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Change the object in place; returns the full outputs."""
        try:
            with clear_errors(self.kind), acting.acting_as(meta_of(news)):
                outs = self._operations().update(user_inputs(olds), user_inputs(news))
        except BaseException:
            if id_.isdigit():
                follow.failed(self.kind, object_id=int(id_))
            raise
        if id_.isdigit():
            follow.updated(self.kind, int(id_))
        return UpdateResult(outs)

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
