"""The Pulumi dynamic provider behind RuleOrder (class path pinned in pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); this names RuleOrder's parts.
"""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.rule_order.inputs import KIND, check_inputs
from pulumi_voxbind.resources.rule_order.planning import plan_diff


class RuleOrderProvider(ObjectProvider):
    """Puts listed rules first in an application's routing order (ReorderRules)."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    id_output = "application_id"
    operations = "pulumi_voxbind.resources.rule_order.operations:RuleOrderOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Leave the order as it is, with no API call (and so no credentials needed)."""
