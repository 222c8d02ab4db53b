"""The Pulumi dynamic provider behind Application (class path pinned in pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); this names Application's parts.
"""

from __future__ import annotations

from pulumi_voxbind.resources.application.inputs import KIND, check_inputs
from pulumi_voxbind.resources.application.planning import plan_diff
from pulumi_voxbind.resources.base import ObjectProvider


class ApplicationProvider(ObjectProvider):
    """Creates, renames (SetApplicationInfo), reads and deletes one Voximplant application."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    name_key = "application_name"
    names_its_application = False  # its application_name is its own name
    id_output = "application_id"
    operations = "pulumi_voxbind.resources.application.operations:ApplicationOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)
