"""Rule: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.rule.provider import RuleProvider

OUTPUT_KEYS = ("rule_id", "rule_name", "application_id", "application_name", "rule_pattern",
               "rule_pattern_exclude", "video_conference")


@dataclass(kw_only=True)
class RuleArgs:
    """Inputs of a Rule (keywords only); every field accepts plain values, Inputs or Outputs.

    The application by `application_id` (e.g. `app.application_id`) or `application_name`;
    `rule_pattern` is a regular expression matched against the whole destination;
    `rule_pattern_exclude` (optional) vetoes a match; `video_conference` defaults to False.
    """

    rule_name: pulumi.Input[str]
    rule_pattern: pulumi.Input[str]
    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    rule_pattern_exclude: pulumi.Input[str] | None = None
    video_conference: pulumi.Input[bool] | None = None
    adopt: pulumi.Input[bool] | None = None


class Rule(Resource, module="voxbind", name="Rule"):
    """A routing rule of an application: a call whose destination matches it runs its scenarios.

    Type token `pulumi-python:dynamic/voxbind:Rule`; the Pulumi id is the rule id. A new rule
    goes last in the application's routing order (declare a `RuleOrder` to place it); its
    scenarios are bound by `ScenarioBinding`. Renames, patterns and the video flag change in
    place (one SetRuleInfo); another application, or removing the exclude pattern, is a
    replace.

    Outputs:
        rule_id (int): the rule's id (known in previews of updates).
        rule_name (str): its name on the account.
        application_id (int), application_name (str): its application (the full name,
            `<short>.<account>.voximplant.com`).
        rule_pattern (str), rule_pattern_exclude (str | None), video_conference (bool): as
            live on the account after the last refresh.
    """

    rule_id: pulumi.Output[int]
    rule_name: pulumi.Output[str]
    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]
    rule_pattern: pulumi.Output[str]
    rule_pattern_exclude: pulumi.Output[str | None]
    video_conference: pulumi.Output[bool]

    @overload
    def __init__(self, resource_name: str, args: RuleArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        rule_name: pulumi.Input[str],
        rule_pattern: pulumi.Input[str],
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_pattern_exclude: pulumi.Input[str] | None = None,
        video_conference: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(
        self,
        resource_name: str,
        args: RuleArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        rule_name: pulumi.Input[str] | None = None,
        rule_pattern: pulumi.Input[str] | None = None,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_pattern_exclude: pulumi.Input[str] | None = None,
        video_conference: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        """Declare a rule, with a `RuleArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource (not the rule's name).
        :param args: every input as a `RuleArgs`.
        :param opts: Pulumi resource options.
        :param rule_name: required; 1-99 characters, no `;`, unique in its application.
        :param rule_pattern: required; a regular expression matched against the whole
            destination (number or user name): `123` does not match `1234`, `.*` matches
            every call.
        :param application_id: the application's id (`app.application_id`); exactly one of
            this and `application_name`. An id makes Pulumi create the application first.
        :param application_name: the application's short (`ivr`) or full name.
        :param rule_pattern_exclude: optional; a call matching it does not match the rule.
        :param video_conference: default False; needed for video conferences.
        :param adopt: take over an existing rule of that name instead of failing (default
            False; matters only at create).
        """
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
