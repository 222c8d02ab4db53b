"""Run two scenarios, by id, on calls matching rule 2001; the application is looked up.

The default ids are the ones the bundled emulator gives this example's seed.json (rules are
numbered from 2001, scenarios from 30001). For a real account, set yours:
    pulumi config set ruleId 45
    pulumi config set --path 'scenarioIds[0]' 101
    pulumi config set --path 'scenarioIds[1]' 102
"""

import pulumi

from pulumi_voxbind import ScenarioBinding

config = pulumi.Config()

binding = ScenarioBinding(
    "inbound-by-id",
    rule_id=config.get_int("ruleId") or 2001,
    scenario_ids=config.get_object("scenarioIds") or [30001, 30002],
)

pulumi.export("application_name", binding.application_name)
pulumi.export("rule_name", binding.rule_name)
pulumi.export("scenario_names", binding.scenario_names)
