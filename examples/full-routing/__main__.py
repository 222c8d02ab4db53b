"""A whole routing setup in one stack: an application, its rules in order, scenarios, bindings.

Calls to +1 555 ... (VIP lines) hear `greeting` then `menu`; every other call goes to the
`voicemail` scenario from the Shared folder. Both rules match a VIP number (`.*` matches
everything), and a call runs the first rule that matches, so RuleOrder puts `vip` first.
Scripts are uploaded from scenarios/*.js exactly as written; edit one and `pulumi up` makes
one SetScenarioInfo call.
"""

import pulumi

from pulumi_voxbind import Application, Rule, RuleOrder, Scenario, ScenarioBinding

config = pulumi.Config()

app = Application("ivr", application_name=config.get("application") or "ivr")

greeting = Scenario("greeting", scenario_name="greeting",
                    scenario_script_file="scenarios/greeting.js",
                    application_id=app.application_id)
menu = Scenario("menu", scenario_name="menu", scenario_script_file="scenarios/menu.js",
                application_id=app.application_id)
voicemail = Scenario("voicemail", scenario_name="voicemail",  # no application: Shared folder
                     scenario_script_file="scenarios/voicemail.js")

vip = Rule("vip", application_id=app.application_id, rule_name="vip",
           rule_pattern=r"\+1555\d+")
inbound = Rule("inbound", application_id=app.application_id, rule_name="inbound",
               rule_pattern=".*", rule_pattern_exclude=r"\+1900\d+")

RuleOrder("order", application_id=app.application_id, rule_ids=[vip.rule_id, inbound.rule_id])

ScenarioBinding("vip", application_id=app.application_id, rule_id=vip.rule_id,
                scenario_ids=[greeting.scenario_id, menu.scenario_id])
ScenarioBinding("inbound", application_id=app.application_id, rule_id=inbound.rule_id,
                scenario_ids=[voicemail.scenario_id])

pulumi.export("application_name", app.application_name)
pulumi.export("rule_ids", [vip.rule_id, inbound.rule_id])
pulumi.export("scripts", {"greeting": greeting.script_sha256, "menu": menu.script_sha256,
                          "voicemail": voicemail.script_sha256})
