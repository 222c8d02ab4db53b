"""The method table: wire method name -> handler (moto's ``urls.py``)."""

from __future__ import annotations

from collections.abc import Callable

from . import handlers
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
}
