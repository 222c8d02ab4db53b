"""PhoneNumberBinding: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.phone_number.provider import PhoneNumberBindingProvider

OUTPUT_KEYS = ("phone_id", "phone_number", "application_id", "application_name", "rule_id",
               "rule_name")

@dataclass(kw_only=True)
class PhoneNumberBindingArgs:
    """Inputs of a PhoneNumberBinding (keywords only); each accepts plain values or Outputs.

    The number by `phone_number` (E.164, '+' optional) or `phone_id`: one the account already
    owns (it is never bought). The application by `application_id` or `application_name`;
    optionally pinned to one of its rules by `rule_id` or `rule_name`. `adopt=True` takes a
    number that another application serves now.
    """

    phone_number: pulumi.Input[str] | None = None
    phone_id: pulumi.Input[int] | None = None
    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    rule_id: pulumi.Input[int] | None = None
    rule_name: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None


class PhoneNumberBinding(Resource, module="voxbind", name="PhoneNumberBinding"):
    """An owned phone number bound to an application, optionally pinned to a rule.

    Type token `pulumi-python:dynamic/voxbind:PhoneNumberBinding`. Another application or rule
    is an in-place move (one call); destroy unbinds the number (it stays owned).

    Outputs:
        phone_id (int): the number's id (the Pulumi id).
        phone_number (str): the number as the API spells it (digits).
        application_id (int), application_name (str): where it rings (the full name).
        rule_id (int | None), rule_name (str | None): the pinned rule, None without one.
    """

    phone_id: pulumi.Output[int]
    phone_number: pulumi.Output[str]
    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]
    rule_id: pulumi.Output[int | None]
    rule_name: pulumi.Output[str | None]

    @overload
    def __init__(self, resource_name: str, args: PhoneNumberBindingArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        phone_number: pulumi.Input[str] | None = None,
        phone_id: pulumi.Input[int] | None = None,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_id: pulumi.Input[int] | None = None,
        rule_name: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(
        self,
        resource_name: str,
        args: PhoneNumberBindingArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        phone_number: pulumi.Input[str] | None = None,
        phone_id: pulumi.Input[int] | None = None,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        rule_id: pulumi.Input[int] | None = None,
        rule_name: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        """Declare it, with a `PhoneNumberBindingArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource.
        :param args: every input as a `PhoneNumberBindingArgs`.
        :param opts: Pulumi resource options.
        :param phone_number: the number, E.164 with or without `+` (`+15551230001`); one
            the account already owns (it is never bought); exactly one of this and
            `phone_id`.
        :param phone_id: the number by its id.
        :param application_id: the application the number rings (`app.application_id`);
            exactly one of this and `application_name`.
        :param application_name: the application by short or full name.
        :param rule_id: optional; pin the number to one rule of the application (at most one
            of this and `rule_name`); without it the application's rules match as usual.
        :param rule_name: the pinned rule by name.
        :param adopt: take a number another application serves now (default False).
        """
        keywords = {
            "phone_number": phone_number,
            "phone_id": phone_id,
            "application_id": application_id,
            "application_name": application_name,
            "rule_id": rule_id,
            "rule_name": rule_name,
            "adopt": adopt,
        }
        props = resource_props("PhoneNumberBinding", resource_name, args, keywords, OUTPUT_KEYS)
        super().__init__(PhoneNumberBindingProvider(), resource_name, props, opts)
        self.phone_id = id_output(self)  # known in previews of updates
