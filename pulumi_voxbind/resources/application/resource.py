"""Application: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.application.provider import ApplicationProvider
from pulumi_voxbind.resources.common import id_output, resource_props

OUTPUT_KEYS = ("application_id", "application_name")


@dataclass(kw_only=True)
class ApplicationArgs:
    """Inputs of an Application (keywords only); fields accept plain values, Inputs or Outputs.

    `application_name` is the short name ('ivr'); a full name ('ivr.acme.voximplant.com')
    means its first label. `adopt=True` takes over an application that already exists.
    """

    application_name: pulumi.Input[str]
    adopt: pulumi.Input[bool] | None = None


class Application(Resource, module="voxbind", name="Application"):
    """A Voximplant application: the container of rules, scenarios and users a call reaches.

    Type token `pulumi-python:dynamic/voxbind:Application`; the Pulumi id is the application
    id. Renaming it is one SetApplicationInfo (same id, same rules); destroy deletes it, which
    needs the account's Owner role.

    Outputs:
        application_id (int): the application's id (known in previews of updates).
        application_name (str): the full name, `<short>.<account>.voximplant.com`.
    """

    application_id: pulumi.Output[int]
    application_name: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: ApplicationArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_name: pulumi.Input[str],
        adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(
        self,
        resource_name: str,
        args: ApplicationArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_name: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        """Declare an application, with an `ApplicationArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource (not the application's name).
        :param args: every input as an `ApplicationArgs`.
        :param opts: Pulumi resource options.
        :param application_name: required; the short name (`ivr`: a lowercase letter, then
            1-64 lowercase letters, digits or `-`); a full name means its first label.
        :param adopt: take over an existing application of that name instead of failing
            (default False; matters only at create).
        """
        props = resource_props("Application", resource_name, args,
                               {"application_name": application_name, "adopt": adopt},
                               OUTPUT_KEYS)
        super().__init__(ApplicationProvider(), resource_name, props, opts)
        self.application_id = id_output(self)  # known in previews of updates
