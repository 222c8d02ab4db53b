"""Run `greeting` then `menu` on calls matching the `inbound` rule of the `ivr` application.

Names are resolved to ids by exact match when the binding is created; the outputs carry the
resolved ids. Change the list or its order and `pulumi up` updates the rule in place.
"""

import pulumi

from pulumi_voxbind import ScenarioBinding, ScenarioBindingArgs

config = pulumi.Config()

inbound = ScenarioBinding(
    "inbound",
    ScenarioBindingArgs(
        application_name=config.get("application") or "ivr",
        rule_name=config.get("rule") or "inbound",
        scenario_names=config.get_object("scenarios") or ["greeting", "menu"],
    ),
)

pulumi.export("application_name", inbound.application_name)
pulumi.export("rule_id", inbound.rule_id)
pulumi.export("rule_name", inbound.rule_name)
pulumi.export("scenario_ids", inbound.scenario_ids)
pulumi.export("scenario_names", inbound.scenario_names)
