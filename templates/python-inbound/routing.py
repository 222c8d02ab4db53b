"""Inbound routing: VIP numbers hear the greeting, every other call reaches voicemail.

A call runs the first rule, in the application's routing order, whose pattern matches the
whole destination; RuleOrder puts `vip` before the catch-all `inbound`. Scripts are uploaded
from scenarios/*.js exactly as written: edit one and `pulumi up` makes one API call.
"""

import pulumi

from pulumi_voxbind import Application, Rule, RuleOrder, Scenario, ScenarioBinding

config = pulumi.Config()

app = Application("ivr", application_name=config.get("applicationName") or "ivr")

greeting = Scenario("greeting", scenario_name="greeting",
                    scenario_script_file="scenarios/greeting.js",
                    application_id=app.application_id)
voicemail = Scenario("voicemail", scenario_name="voicemail",
                     scenario_script_file="scenarios/voicemail.js",
                     application_id=app.application_id)

vip = Rule("vip", application_id=app.application_id, rule_name="vip",
           rule_pattern=r"\+?1555\d+")
inbound = Rule("inbound", application_id=app.application_id, rule_name="inbound",
               rule_pattern=".*")
RuleOrder("order", application_id=app.application_id, rule_ids=[vip.rule_id, inbound.rule_id])

ScenarioBinding("vip", rule_id=vip.rule_id, scenario_ids=[greeting.scenario_id])
ScenarioBinding("inbound", rule_id=inbound.rule_id, scenario_ids=[voicemail.scenario_id])

pulumi.export("application_name", app.application_name)
pulumi.export("rule_ids", [vip.rule_id, inbound.rule_id])
