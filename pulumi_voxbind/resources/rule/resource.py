"""Rule: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.rule.provider import RuleProvider

OUTPUT_KEYS = ("rule_id", "rule_name", "application_id", "application_name", "rule_pattern",
               "rule_pattern_exclude", "video_conference")


@dataclass
class RuleArgs:
    """Inputs of a Rule; every field accepts plain values, Inputs or Outputs.

    The application by `application_id` (e.g. `app.application_id`) or `application_name`;
    `rule_pattern` is a regular expression matched against the whole destination;
    `rule_pattern_exclude` (optional) vetoes a match; `video_conference` defaults to False.
    """

    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    rule_name: pulumi.Input[str] | None = None
    rule_pattern: pulumi.Input[str] | None = None
    rule_pattern_exclude: pulumi.Input[str] | None = None
    video_conference: pulumi.Input[bool] | None = None
    adopt: pulumi.Input[bool] | None = None


class Rule(Resource, module="voxbind", name="Rule"):
    """A routing rule of an application; a new rule goes last in routing order (see RuleOrder).

    Type token `pulumi-python:dynamic/voxbind:Rule`. Renames, patterns and the video flag
    change in place; another application, or removing the exclude pattern, is a replace.
    """

    rule_id: pulumi.Output[int]
    rule_name: pulumi.Output[str]
    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]
    rule_pattern: pulumi.Output[str]
    rule_pattern_exclude: pulumi.Output[str | None]
    video_conference: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        args: RuleArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_name: pulumi.Input[str] | None = None,
        rule_pattern: pulumi.Input[str] | None = None,
        rule_pattern_exclude: pulumi.Input[str] | None = None,
        video_conference: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        keywords = {
            "application_id": application_id,
            "application_name": application_name,
            "rule_name": rule_name,
            "rule_pattern": rule_pattern,
            "rule_pattern_exclude": rule_pattern_exclude,
            "video_conference": video_conference,
            "adopt": adopt,
        }
        props = resource_props("Rule", resource_name, args, keywords, OUTPUT_KEYS)
        super().__init__(RuleProvider(), resource_name, props, opts)
        self.rule_id = id_output(self)  # known in previews of updates
