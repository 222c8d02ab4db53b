"""PhoneNumberBinding: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.phone_number.provider import NAME_KEY, PhoneNumberBindingProvider

OUTPUT_KEYS = ("phone_id", "phone_number", "application_id", "application_name", "rule_id",
               "rule_name")

@dataclass
class PhoneNumberBindingArgs:
    """Inputs of a PhoneNumberBinding; every field accepts plain values, Inputs or Outputs.

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
    """

    phone_id: pulumi.Output[int]
    phone_number: pulumi.Output[str]
    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]
    rule_id: pulumi.Output[int | None]
    rule_name: pulumi.Output[str | None]

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
        props[NAME_KEY] = resource_name  # lets check refuse a second binding of the number
        super().__init__(PhoneNumberBindingProvider(), resource_name, props, opts)
        self.phone_id = id_output(self)  # known in previews of updates
