"""The method table: wire method name -> handler (moto's ``urls.py``)."""

from __future__ import annotations

from collections.abc import Callable

from . import handlers, inbound_handlers
from .backend import Backend
from .params import Params
from .resolve import Row

Handler = Callable[[Backend, Params], Row]

METHODS: dict[str, Handler] = {
    "GetAccountInfo": handlers.get_account_info,
    "AddApplication": handlers.add_application,
    "GetApplications": handlers.get_applications,
    "DelApplication": handlers.del_application,
    "SetApplicationInfo": handlers.set_application_info,
    "AddRule": handlers.add_rule,
    "GetRules": handlers.get_rules,
    "SetRuleInfo": handlers.set_rule_info,
    "DelRule": handlers.del_rule,
    "ReorderRules": handlers.reorder_rules,
    "AddScenario": handlers.add_scenario,
    "GetScenarios": handlers.get_scenarios,
    "SetScenarioInfo": handlers.set_scenario_info,
    "DelScenario": handlers.del_scenario,
    "BindScenario": handlers.bind_scenario,
    "ReorderScenarios": handlers.reorder_scenarios,
    # the inbound line (routing reference §10); never AttachPhoneNumber/DeactivatePhoneNumber
    "BindPhoneNumberToApplication": inbound_handlers.bind_phone_number_to_application,
    "GetPhoneNumbers": inbound_handlers.get_phone_numbers,
    "AddSecret": inbound_handlers.add_secret,
    "SetSecretInfo": inbound_handlers.set_secret_info,
    "DelSecret": inbound_handlers.del_secret,
    "GetSecrets": inbound_handlers.get_secrets,
    "GetSecretValue": inbound_handlers.get_secret_value,
    "AddSipWhiteListItem": inbound_handlers.add_sip_white_list_item,
    "SetSipWhiteListItem": inbound_handlers.set_sip_white_list_item,
    "DelSipWhiteListItem": inbound_handlers.del_sip_white_list_item,
    "GetSipWhiteList": inbound_handlers.get_sip_white_list,
}
