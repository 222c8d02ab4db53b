"""The Pulumi dynamic provider behind Scenario (class path pinned in pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); this names Scenario's parts.
"""

from __future__ import annotations

from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.scenario.inputs import KIND, check_inputs
from pulumi_voxbind.resources.scenario.planning import plan_diff


class ScenarioProvider(ObjectProvider):
    """Uploads, renames and re-uploads (SetScenarioInfo), reads and deletes one scenario."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    name_key = "scenario_name"
    id_output = "scenario_id"
    operations = "pulumi_voxbind.resources.scenario.operations:ScenarioOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)
