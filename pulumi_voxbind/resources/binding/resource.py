"""ScenarioBinding: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.binding.inputs import INPUT_KEYS
from pulumi_voxbind.resources.binding.provider import ScenarioBindingProvider
from pulumi_voxbind.resources.common import META_KEY, resource_meta

OUTPUT_KEYS = (*INPUT_KEYS, "adopted_scenario_ids")


@dataclass
class ScenarioBindingArgs:
    """Inputs of a ScenarioBinding; every field accepts plain values, Inputs or Outputs.

    Exactly one of `scenario_ids` / `scenario_names` (order is execution order), exactly one
    of `rule_id` / `rule_name`, and the application by id or name (required with `rule_name`).
    """

    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    rule_id: pulumi.Input[int] | None = None
    rule_name: pulumi.Input[str] | None = None
    scenario_ids: pulumi.Input[Sequence[pulumi.Input[int]]] | None = None
    scenario_names: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None


class ScenarioBinding(Resource, module="voxbind", name="ScenarioBinding"):
    """An ordered list of scenarios bound to one rule; `pulumi destroy` unbinds them.

    Type token `pulumi-python:dynamic/voxbind:ScenarioBinding`; the Pulumi id is
    `<application_id>/<rule_id>/<scenario ids at creation joined by +>`. A changed list or
    order is an in-place update; another rule or application is a replace (the new binding
    first). The binding owns every scenario it declares on its rule (README, "Who owns a
    binding").

    Outputs (the resolved values, in declared order):
        application_id (int), application_name (str): the rule's application (full name).
        rule_id (int), rule_name (str): the rule.
        scenario_ids (list[int]), scenario_names (list[str]): what the rule runs for this
            binding, in execution order.
        adopted_scenario_ids (list[int]): scenarios already bound when it was created.
    """

    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]
    rule_id: pulumi.Output[int]
    rule_name: pulumi.Output[str]
    scenario_ids: pulumi.Output[list[int]]
    scenario_names: pulumi.Output[list[str]]
    adopted_scenario_ids: pulumi.Output[list[int]]
    """Scenarios that were already bound when this binding was created; it owns them now."""

    def __init__(
        self,
        resource_name: str,
        args: ScenarioBindingArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_id: pulumi.Input[int] | None = None,
        rule_name: pulumi.Input[str] | None = None,
        scenario_ids: pulumi.Input[Sequence[pulumi.Input[int]]] | None = None,
        scenario_names: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
    ) -> None:
        """Declare a binding, with a `ScenarioBindingArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource.
        :param args: every input as a `ScenarioBindingArgs`.
        :param opts: Pulumi resource options (`depends_on` orders bindings on one rule).
        :param scenario_ids: the scenarios by id (`[greet.scenario_id]`); exactly one of
            this and `scenario_names`; non-empty, no repeats, execution order.
        :param scenario_names: the scenarios by exact name (each under 30 characters).
        :param rule_id: the rule by id (`inbound.rule_id`); exactly one of this and
            `rule_name`.
        :param rule_name: the rule by exact name; needs the application.
        :param application_id: the application by id; with `rule_id` optional (looked up).
        :param application_name: the application by full or short name.
        """
        keywords = {
            "application_id": application_id,
            "application_name": application_name,
            "rule_id": rule_id,
            "rule_name": rule_name,
            "scenario_ids": scenario_ids,
            "scenario_names": scenario_names,
        }
        if args is not None:
            if any(v is not None for v in keywords.values()):
                raise TypeError(
                    f"ScenarioBinding {resource_name!r}: pass either a ScenarioBindingArgs or "
                    "keyword inputs, not both")
            keywords = {f.name: getattr(args, f.name) for f in fields(args)}  # no deepcopy
        # Seed every output key (None) so Pulumi creates a resolver for each of them.
        props: dict[str, Any] = {key: keywords.get(key) for key in OUTPUT_KEYS}
        props[META_KEY] = resource_meta(resource_name)  # hidden: named in messages
        super().__init__(ScenarioBindingProvider(), resource_name, props, opts)
