"""SipWhitelistEntry: the resource users declare in their Pulumi programs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.sip_whitelist.provider import SipWhitelistEntryProvider

OUTPUT_KEYS = ("sip_whitelist_id", "network", "description")


@dataclass(kw_only=True)
class SipWhitelistEntryArgs:
    """Inputs of a SipWhitelistEntry (keywords only); fields accept plain values, Inputs or Outputs.

    `network` is an IPv4 network in CIDR form ('203.0.113.0/24'; a bare address means /32);
    `description` is optional. `adopt=True` takes over an entry with the same network.
    """

    network: pulumi.Input[str]
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None


class SipWhitelistEntry(Resource, module="voxbind", name="SipWhitelistEntry"):
    """A network allowed to send SIP to the account (e.g. a customer's PBX).

    Type token `pulumi-python:dynamic/voxbind:SipWhitelistEntry`. A new network or description
    is an in-place update (same entry id); destroy removes the entry.

    Outputs:
        sip_whitelist_id (int): the entry's id (the Pulumi id).
        network (str): the network, normalised (`203.0.113.7` reads `203.0.113.7/32`).
        description (str | None): its description.
    """

    sip_whitelist_id: pulumi.Output[int]
    network: pulumi.Output[str]
    description: pulumi.Output[str | None]

    @overload
    def __init__(self, resource_name: str, args: SipWhitelistEntryArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        network: pulumi.Input[str],
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(
        self,
        resource_name: str,
        args: SipWhitelistEntryArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        network: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        """Declare it, with a `SipWhitelistEntryArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource.
        :param args: every input as a `SipWhitelistEntryArgs`.
        :param opts: Pulumi resource options.
        :param network: required; an IPv4 network in CIDR form (`203.0.113.0/24`); a bare
            address means /32; host bits must be zero.
        :param description: optional; omitted leaves the description as it is.
        :param adopt: take over an existing entry with the same network (default False).
        """
        props = resource_props("SipWhitelistEntry", resource_name, args,
                               {"network": network, "description": description, "adopt": adopt},
                               OUTPUT_KEYS)
        super().__init__(SipWhitelistEntryProvider(), resource_name, props, opts)
        self.sip_whitelist_id = id_output(self)  # known in previews of updates
