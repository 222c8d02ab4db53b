"""RuleOrder: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import resource_props
from pulumi_voxbind.resources.rule_order.provider import RuleOrderProvider

OUTPUT_KEYS = ("application_id", "rule_ids", "rule_names")


@dataclass(kw_only=True)
class RuleOrderArgs:
    """Inputs of a RuleOrder (keywords only); fields accept plain values, Inputs or Outputs.

    The application by `application_id` or `application_name`; `rule_ids` take the first
    positions of its routing order, in this order (a call runs the first rule that matches).
    """

    rule_ids: pulumi.Input[Sequence[pulumi.Input[int]]]
    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None


class RuleOrder(Resource, module="voxbind", name="RuleOrder"):
    """The first positions of an application's routing order; other rules keep theirs after.

    A call runs the first rule, in routing order, that matches; when patterns overlap, this
    decides. Type token `pulumi-python:dynamic/voxbind:RuleOrder`. Refresh reports drift,
    `pulumi up` repairs it (one ReorderRules, only when the order differs); destroy leaves
    the order as it is.

    Outputs:
        application_id (int): the application.
        rule_ids (list[int]): the rules that take the first positions, in order.
        rule_names (list[str]): their names, in the same order.
    """

    application_id: pulumi.Output[int]
    rule_ids: pulumi.Output[list[int]]
    rule_names: pulumi.Output[list[str]]

    @overload
    def __init__(self, resource_name: str, args: RuleOrderArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        rule_ids: pulumi.Input[Sequence[pulumi.Input[int]]],
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
    ) -> None: ...

    def __init__(
        self,
        resource_name: str,
        args: RuleOrderArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        rule_ids: pulumi.Input[Sequence[pulumi.Input[int]]] | None = None,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
    ) -> None:
        """Declare the routing order, with a `RuleOrderArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource.
        :param args: every input as a `RuleOrderArgs`.
        :param opts: Pulumi resource options.
        :param rule_ids: required; non-empty, no repeats: the application's rules that take
            the first positions, in this order (`[vip.rule_id, inbound.rule_id]`).
        :param application_id: the application (`app.application_id`); exactly one of this
            and `application_name`. Declare at most one RuleOrder per application.
        :param application_name: the application by short or full name.
        """
        keywords = {"application_id": application_id, "application_name": application_name,
                    "rule_ids": rule_ids}
        props = resource_props("RuleOrder", resource_name, args, keywords, OUTPUT_KEYS)
        super().__init__(RuleOrderProvider(), resource_name, props, opts)
