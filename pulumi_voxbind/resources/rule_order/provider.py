"""The Pulumi dynamic provider behind RuleOrder (class path pinned in pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); this names RuleOrder's parts.
"""

from __future__ import annotations

from typing import Any

from pulumi_voxbind.resources import plan_notes
from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.common import Failure
from pulumi_voxbind.resources.rule_order import claims
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

    def check_declared(self, inputs: dict[str, Any], meta: dict[str, str]) -> list[Any]:
        """A second RuleOrder for the same application fails, naming both."""
        me = meta.get("name")
        if not me:  # not from a program (a test driving the provider): nothing to compare
            return []
        for other, theirs in claims.claim(me, inputs):
            if claims.same_application_offline(inputs, theirs):
                app = inputs.get("application_name") or f"id {inputs.get('application_id')}"
                key = "application_name" if "application_name" in inputs else "application_id"
                return [Failure(key, claims.refusal(me, other, str(app)))]
        return []

    def note_plan(self, olds: dict[str, Any], news: dict[str, Any]) -> None:
        """The first positions before and after, in names (state knows the old ones)."""
        application = str(olds.get("application_name") or news.get("application_name") or
                          news.get("application_id"))
        plan_notes.order_change(self._who(olds, news), application, olds, news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Leave the order as it is, with no API call (and so no credentials needed)."""
