"""RuleOrder: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import resource_props
from pulumi_voxbind.resources.rule_order.provider import RuleOrderProvider

OUTPUT_KEYS = ("application_id", "rule_ids")


@dataclass
class RuleOrderArgs:
    """Inputs of a RuleOrder; every field accepts plain values, Inputs or Outputs.

    The application by `application_id` or `application_name`; `rule_ids` take the first
    positions of its routing order, in this order (a call runs the first rule that matches).
    """

    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    rule_ids: pulumi.Input[Sequence[pulumi.Input[int]]] | None = None


class RuleOrder(Resource, module="voxbind", name="RuleOrder"):
    """The first positions of an application's routing order; other rules keep theirs after.

    Type token `pulumi-python:dynamic/voxbind:RuleOrder`. Refresh reports drift, `pulumi up`
    repairs it; destroy leaves the order as it is.
    """

    application_id: pulumi.Output[int]
    rule_ids: pulumi.Output[list[int]]

    def __init__(
        self,
        resource_name: str,
        args: RuleOrderArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_ids: pulumi.Input[Sequence[pulumi.Input[int]]] | None = None,
    ) -> None:
        keywords = {"application_id": application_id, "application_name": application_name,
                    "rule_ids": rule_ids}
        props = resource_props("RuleOrder", resource_name, args, keywords, OUTPUT_KEYS)
        super().__init__(RuleOrderProvider(), resource_name, props, opts)
