"""Application: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.application.provider import ApplicationProvider
from pulumi_voxbind.resources.common import id_output, resource_props

OUTPUT_KEYS = ("application_id", "application_name")


@dataclass
class ApplicationArgs:
    """Inputs of an Application; every field accepts plain values, Inputs or Outputs.

    `application_name` is the short name ('ivr'); a full name ('ivr.acme.voximplant.com')
    means its first label. `adopt=True` takes over an application that already exists.
    """

    application_name: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None


class Application(Resource, module="voxbind", name="Application"):
    """A Voximplant application; renaming it is an in-place update, destroy deletes it.

    Type token `pulumi-python:dynamic/voxbind:Application`. Outputs: `application_id` and
    `application_name` (the full name, `<short>.<account>.voximplant.com`).
    """

    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ApplicationArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_name: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        props = resource_props("Application", resource_name, args,
                               {"application_name": application_name, "adopt": adopt},
                               OUTPUT_KEYS)
        super().__init__(ApplicationProvider(), resource_name, props, opts)
        self.application_id = id_output(self)  # known in previews of updates
