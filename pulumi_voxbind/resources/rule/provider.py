"""The Pulumi dynamic provider behind Rule (class path pinned in pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); this names Rule's parts.
"""

from __future__ import annotations

from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.rule.inputs import KIND, check_inputs
from pulumi_voxbind.resources.rule.planning import plan_diff


class RuleProvider(ObjectProvider):
    """Creates, changes in place (SetRuleInfo), reads and deletes one rule of an application."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    name_key = "rule_name"
    id_output = "rule_id"
    operations = "pulumi_voxbind.resources.rule.operations:RuleOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)
