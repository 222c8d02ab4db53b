"""A whole inbound line in one stack.

The number +1 555 123 0001 (which the account already owns: it is never bought) is bound to the
application and pinned to its `main` rule, whose `greeting` scenario looks the caller up in a
CRM with a token kept as an application Secret (the scenario reads it with
VoxEngine.getSecretValue("CRM_TOKEN"); the token is never in a file or in the state in plain
text). Calls from the office PBX reach the `pbx` rule once its network is on the SIP white list.

    pulumi config set --secret crmToken <token>
    pulumi up
"""

import pulumi

from pulumi_voxbind import (
    Application,
    PhoneNumberBinding,
    Rule,
    RuleOrder,
    Scenario,
    ScenarioBinding,
    Secret,
    SipWhitelistEntry,
)

config = pulumi.Config()

app = Application("line", application_name="line")

crm_token = Secret("crm-token", application_id=app.application_id, secret_name="CRM_TOKEN",
                   secret_value=config.require_secret("crmToken"),
                   description="CRM API token for the greeting scenario")

greeting = Scenario("greeting", scenario_name="line-greeting",
                    scenario_script_file="scenarios/greeting.js",
                    application_id=app.application_id)
pbx_script = Scenario("pbx", scenario_name="line-pbx", scenario_script_file="scenarios/pbx.js",
                      application_id=app.application_id)

main = Rule("main", application_id=app.application_id, rule_name="main", rule_pattern=".*")
pbx = Rule("pbx", application_id=app.application_id, rule_name="pbx", rule_pattern=r"pbx-\d+")
RuleOrder("order", application_id=app.application_id, rule_ids=[pbx.rule_id, main.rule_id])

ScenarioBinding("main", application_id=app.application_id, rule_id=main.rule_id,
                scenario_ids=[greeting.scenario_id])
ScenarioBinding("pbx", application_id=app.application_id, rule_id=pbx.rule_id,
                scenario_ids=[pbx_script.scenario_id])

line = PhoneNumberBinding("main-line", phone_number="+15551230001",
                          application_id=app.application_id,
                          rule_id=main.rule_id)

office = SipWhitelistEntry("office-pbx", network="203.0.113.0/24", description="HQ PBX")

pulumi.export("application_name", app.application_name)
pulumi.export("phone_number", line.phone_number)
pulumi.export("rule_name", line.rule_name)
pulumi.export("secret_name", crm_token.secret_name)
pulumi.export("pbx_network", office.network)
