"""The baseline: a dynamic provider that does nothing, with ScenarioBinding's inputs.

It lives in an importable module (not a program's `__main__`) so that dill pickles the class
by reference, exactly as it pickles `pulumi_voxbind.provider.ScenarioBindingProvider`; the
provider process imports it through PYTHONPATH. Timing a stack of these measures Pulumi's own
cost per resource (engine, language host, gRPC, the dynamic provider server, state), which
no provider can go below.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, Resource, ResourceProvider

KEYS = ("application_id", "application_name", "rule_id", "rule_name", "scenario_ids",
        "scenario_names")


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if not k.startswith("__")}


class NoopProvider(ResourceProvider):
    """Accepts any inputs, creates by echoing them, deletes by doing nothing."""

    # Same setting as ScenarioBindingProvider, so both pay the same serialization cost.
    serialize_as_secret_always = False

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult({k: v for k, v in _inputs(news).items() if v is not None}, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = any(_inputs(olds).get(k) != _inputs(news).get(k) for k in KEYS
                      if _inputs(news).get(k) is not None)
        return DiffResult(changes=changed, replaces=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = _inputs(props)
        return CreateResult(f"noop/{inputs.get('rule_name') or inputs.get('rule_id')}", inputs)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class NoopBinding(Resource, module="bench", name="NoopBinding"):
    """A resource of NoopProvider with ScenarioBinding's input and output keys."""

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None,
                 **inputs: Any) -> None:
        props = {key: inputs.get(key) for key in KEYS}
        super().__init__(NoopProvider(), resource_name, props, opts)
