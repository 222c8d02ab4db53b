"""Secret: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.secret.provider import SecretProvider

OUTPUT_KEYS = ("secret_id", "secret_name", "application_id", "description")


@dataclass(kw_only=True)
class SecretArgs:
    """Inputs of a Secret (keywords only); fields accept plain values, Inputs or Outputs.

    The application by `application_id` or `application_name`; `secret_name` is what a
    scenario passes to `VoxEngine.getSecretValue`; `secret_value` is always treated as a secret
    (also when given as a plain string); `description` is optional. `adopt=True` takes over a
    secret of that name that already exists (its value is then replaced).
    """

    secret_name: pulumi.Input[str]
    secret_value: pulumi.Input[str]
    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None


class Secret(Resource, module="voxbind", name="Secret"):
    """An application secret for scenarios (`VoxEngine.getSecretValue(name)`).

    Type token `pulumi-python:dynamic/voxbind:Secret`. The value is wrapped as a Pulumi secret
    whatever the program passes, so state keeps it encrypted; outputs carry no value, only a
    keyed digest. A new value, description or name is one SetSecretInfo; another application
    is a replace.

    Outputs:
        secret_id (int): the secret's id (the Pulumi id).
        secret_name (str): its name.
        application_id (int): its application.
        description (str | None): its description.
    """

    secret_id: pulumi.Output[int]
    secret_name: pulumi.Output[str]
    application_id: pulumi.Output[int]
    description: pulumi.Output[str | None]

    @overload
    def __init__(self, resource_name: str, args: SecretArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        secret_name: pulumi.Input[str],
        secret_value: pulumi.Input[str],
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(
        self,
        resource_name: str,
        args: SecretArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        secret_name: pulumi.Input[str] | None = None,
        secret_value: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        """Declare it, with a `SecretArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource.
        :param args: every input as a `SecretArgs`.
        :param opts: Pulumi resource options.
        :param secret_name: required; a letter, then letters, digits or `_`, at most 64
            (`CRM_TOKEN`): what a scenario passes to `VoxEngine.getSecretValue`.
        :param secret_value: required; 1-8192 characters; always a Pulumi secret, even when
            given as a plain string.
        :param application_id: the application the secret belongs to; exactly one of this
            and `application_name`.
        :param application_name: the application by short or full name.
        :param description: optional; omitted leaves the description as it is.
        :param adopt: take over an existing secret of that name (its value is replaced).
        """
        keywords = {
            "application_id": application_id,
            "application_name": application_name,
            "secret_name": secret_name,
            "secret_value": secret_value,
            "description": description,
            "adopt": adopt,
        }
        props = resource_props("Secret", resource_name, args, keywords, OUTPUT_KEYS)
        if props.get("secret_value") is not None:
            props["secret_value"] = pulumi.Output.secret(props["secret_value"])
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=["secret_value"]))
        super().__init__(SecretProvider(), resource_name, props, opts)
        self.secret_id = id_output(self)  # known in previews of updates
