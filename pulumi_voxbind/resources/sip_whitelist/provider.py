"""The Pulumi dynamic provider behind SipWhitelistEntry (class path pinned in
pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); this names the entry's parts.
"""

from __future__ import annotations

from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.sip_whitelist.inputs import KIND, check_inputs
from pulumi_voxbind.resources.sip_whitelist.planning import plan_diff


class SipWhitelistEntryProvider(ObjectProvider):
    """Adds, changes in place (SetSipWhiteListItem), reads and removes one white list entry."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    id_output = "sip_whitelist_id"
    operations = "pulumi_voxbind.resources.sip_whitelist.operations:SipWhitelistOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)
