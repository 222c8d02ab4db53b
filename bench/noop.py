"""The baseline: dynamic providers that do nothing, with the real resources' inputs.

They live in an importable module (not a program's `__main__`) so that dill pickles them by
reference, exactly as it pickles `pulumi_voxbind.provider.*Provider`; the provider process
imports it through PYTHONPATH. Timing a stack of these measures Pulumi's own cost per
resource (engine, language host, gRPC, the dynamic provider server, state), which no
provider can go below.
"""

from __future__ import annotations

import itertools
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, Resource, ResourceProvider

KEYS = ("application_id", "application_name", "rule_id", "rule_name", "scenario_ids",
        "scenario_names")
_ids = itertools.count(1)


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if not k.startswith("__")}


class NoopProvider(ResourceProvider):
    """Accepts any inputs, creates by echoing them (plus an id output), deletes by doing nothing."""

    # Same setting as the real providers, so both pay the same serialization cost.
    serialize_as_secret_always = False

    def __init__(self, id_key: str | None = None) -> None:
        super().__init__()
        self.id_key = id_key

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult({k: v for k, v in _inputs(news).items() if v is not None}, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old, new = _inputs(olds), _inputs(news)
        changed = any(old.get(k) != v for k, v in new.items() if v is not None)
        return DiffResult(changes=changed, replaces=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        number = next(_ids)
        outs = _inputs(props)
        if self.id_key:
            outs[self.id_key] = number
        return CreateResult(f"noop/{number}", outs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class NoopBinding(Resource, module="bench", name="NoopBinding"):
    """A resource of NoopProvider with ScenarioBinding's input and output keys."""

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None,
                 **inputs: Any) -> None:
        props = {key: inputs.get(key) for key in KEYS}
        super().__init__(NoopProvider(), resource_name, props, opts)


class _Noop(Resource):
    """A no-op stand-in for one of the routing resources: same inputs, one id output."""

    ID_KEY = ""

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None,
                 **inputs: Any) -> None:
        super().__init__(NoopProvider(self.ID_KEY), resource_name,
                         {self.ID_KEY: None, **inputs}, opts)


class NoopApplication(_Noop, module="bench", name="NoopApplication"):
    """Stands in for Application."""

    ID_KEY = "application_id"
    application_id: pulumi.Output[int]


class NoopRule(_Noop, module="bench", name="NoopRule"):
    """Stands in for Rule."""

    ID_KEY = "rule_id"
    rule_id: pulumi.Output[int]


class NoopScenario(_Noop, module="bench", name="NoopScenario"):
    """Stands in for Scenario (the script stays a path, as the real one keeps it in state)."""

    ID_KEY = "scenario_id"
    scenario_id: pulumi.Output[int]
