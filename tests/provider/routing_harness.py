"""Two provider processes and one emulator shared by a module's protocol tests.

Each resource kind talks to a `python -m pulumi.dynamic` process with its own serialized
provider and URN, as the engine does for a stack mixing resource types.

Pulumi starts a provider process per command, and a process remembers what that command's
program declares (resources/declarations.py): a delete or rename never removes an object
that a check in the same process declared. Tests play several commands on two processes:
`program` checks and creates (what `pulumi up` does for the program's resources), `later`
updates, reads and deletes without having checked the old inputs (what the next `pulumi up`,
`refresh` or `destroy` does). Tests of the ownership rule itself check and delete in one
process on purpose. Every test names its objects for itself, so declarations recorded by
one test never name another test's objects.
"""

from __future__ import annotations

import itertools
from typing import Any

from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind import (
    ApplicationProvider,
    RuleOrderProvider,
    RuleProvider,
    ScenarioBindingProvider,
    ScenarioProvider,
    VoximplantClient,
)
from tests.support.provider_process import ProviderProcess, marshal, unmarshal

_names = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other test of the session uses (lowercase: valid for every object)."""
    return f"{prefix}{next(_names)}"


class Kind:
    """The RPCs of one resource type, as the engine sends them."""

    def __init__(self, process: ProviderProcess, provider: type, kind: str,
                 later: Kind | None = None) -> None:
        self.process = process
        self.kind = kind
        self.blob = serialize_provider(provider())
        self.later = later or self

    def _urn(self, name: str) -> str:
        return f"urn:pulumi:dev::proj::pulumi-python:dynamic/voxbind:{self.kind}::{name}"

    def _props(self, props: dict[str, Any]) -> Any:
        return marshal({**props, "__provider": self.blob})

    def check(self, news: dict[str, Any], name: str = "r") -> tuple[dict, list[tuple[str, str]]]:
        response = self.process._rpc("Check", provider_pb2.CheckRequest(
            urn=self._urn(name), olds=marshal({}), news=self._props(news)))
        return unmarshal(response.inputs), [(f.property, f.reason) for f in response.failures]

    def checked(self, news: dict[str, Any], name: str = "r") -> dict[str, Any]:
        inputs, failures = self.check(news, name)
        assert failures == [], failures
        return inputs

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any],
             name: str = "r") -> Any:
        return self.process._rpc("Diff", provider_pb2.DiffRequest(
            id=id_, urn=self._urn(name), olds=marshal(olds), news=self._props(news)))

    def create(self, inputs: dict[str, Any], name: str = "r") -> tuple[str, dict[str, Any]]:
        response = self.process._rpc("Create", provider_pb2.CreateRequest(
            urn=self._urn(name), properties=self._props(inputs)))
        return response.id, unmarshal(response.properties)

    def up(self, news: dict[str, Any], name: str = "r") -> tuple[str, dict[str, Any]]:
        """check + create, as `pulumi up` does for a new resource."""
        return self.create(self.checked(news, name), name)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any],
               name: str = "r") -> dict[str, Any]:
        response = self.process._rpc("Update", provider_pb2.UpdateRequest(
            id=id_, urn=self._urn(name), olds=marshal(olds), news=self._props(news)))
        return unmarshal(response.properties)

    def change(self, id_: str, olds: dict[str, Any], news: dict[str, Any],
               name: str = "r") -> tuple[Any, dict[str, Any]]:
        """check here, diff + update in `later`: the next `pulumi up` changing the resource."""
        inputs = self.checked(news, name)
        diff = self.later.diff(id_, olds, inputs, name)
        assert not diff.replaces, list(diff.replaces)
        return diff, self.later.update(id_, olds, inputs, name)

    def read(self, id_: str, outputs: dict[str, Any], inputs: dict[str, Any] | None = None,
             name: str = "r") -> tuple[str, dict[str, Any], dict[str, Any]]:
        response = self.process._rpc("Read", provider_pb2.ReadRequest(
            id=id_, urn=self._urn(name), properties=self._props(outputs),
            inputs=self._props(inputs or {})))
        return response.id, unmarshal(response.properties), unmarshal(response.inputs)

    def delete(self, id_: str, outputs: dict[str, Any], name: str = "r") -> None:
        self.process._rpc("Delete", provider_pb2.DeleteRequest(
            id=id_, urn=self._urn(name), properties=self._props(outputs)))


def app_id(api: VoximplantClient, short: str) -> int:
    found = api.find_application(application_name=short)
    assert found is not None, short
    return int(found["application_id"])


def rule_names(api: VoximplantClient, application_id: int) -> list[str]:
    """The application's rules in routing order."""
    return [r["rule_name"] for r in api.list_rules(application_id, with_scenarios=False)]


def outputs(props: dict[str, Any]) -> dict[str, Any]:
    """Outputs without the provider blob (what the engine keeps as state outputs)."""
    return {k: v for k, v in props.items() if k != "__provider"}


class Run:
    """One provider process with a handle per resource kind (`later`: another Run's)."""

    def __init__(self, process: ProviderProcess, later: Run | None = None) -> None:
        self.process = process
        self.app = Kind(process, ApplicationProvider, "Application", later and later.app)
        self.rule = Kind(process, RuleProvider, "Rule", later and later.rule)
        self.scenario = Kind(process, ScenarioProvider, "Scenario", later and later.scenario)
        self.order = Kind(process, RuleOrderProvider, "RuleOrder", later and later.order)
        self.binding = Kind(process, ScenarioBindingProvider, "ScenarioBinding",
                            later and later.binding)
