"""Thin wire handlers: read typed parameters, call the backend, return the JSON body.

One function per API method, named like the method in snake_case; ``dispatch.METHODS`` maps
wire names to them. Parameter semantics are in :mod:`params`, state rules in :mod:`backend`.
"""

from __future__ import annotations

from . import exceptions as exc
from .backend import Backend
from .params import Params
from .refs import ListRef, Ref
from .resolve import Row


def _required(ref: ListRef) -> ListRef:
    if not ref.given():
        raise exc.RequiredIsEmpty()
    return ref


def get_account_info(b: Backend, p: Params) -> Row:
    """GetAccountInfo: the emulator's single account, and the address to send API requests to."""
    return {"result": b.account_info(), "api_address": b.api_address}


def add_application(b: Backend, p: Params) -> Row:
    """AddApplication: application_name (short, or full in this account), secure storage flag."""
    return b.add_application(
        p.require_text("application_name"), p.flag("secure_record_storage", default=False)
    )


def get_applications(b: Backend, p: Params) -> Row:
    """GetApplications: application_id, application_name (part), count, offset."""
    return b.get_applications(p.number("application_id"), p.text("application_name"), p.page())


def del_application(b: Backend, p: Params) -> Row:
    """DelApplication: application_id list (or ``all``) / application_name list."""
    return b.del_applications(_required(p.list_ref("application", allow_all=True)))


def add_rule(b: Backend, p: Params) -> Row:
    """AddRule: application, rule_name, rule_pattern, optional scenarios to bind in order."""
    return b.add_rule(
        p.ref("application"),
        p.require_text("rule_name"),
        p.require_text("rule_pattern"),
        p.text("rule_pattern_exclude") or "",
        p.flag("video_conference", default=False),
        p.list_ref("scenario"),
    )


def get_rules(b: Backend, p: Params) -> Row:
    """GetRules: application (required), rule_id, rule_name (part), with_scenarios, paging."""
    return b.get_rules(
        p.ref("application"),
        p.number("rule_id"),
        p.text("rule_name"),
        p.optional_flag("video_conference"),
        p.flag("with_scenarios", default=False),
        p.page(),
    )


def set_rule_info(b: Backend, p: Params) -> Row:
    """SetRuleInfo: rule_id (required); new rule_name, rule_pattern(_exclude), video flag."""
    return b.set_rule_info(
        Ref(id=p.number("rule_id", required=True)),
        Ref(),
        p.text("rule_name"),
        p.text("rule_pattern"),
        p.text("rule_pattern_exclude"),
        p.optional_flag("video_conference"),
    )


def del_rule(b: Backend, p: Params) -> Row:
    """DelRule: rule_id list (or ``all``) / rule_name list, optional application."""
    return b.del_rules(_required(p.list_ref("rule", allow_all=True)), p.ref("application"))


def add_scenario(b: Backend, p: Params) -> Row:
    """AddScenario: scenario_name, script, optional application, rule to bind, rewrite."""
    return b.add_scenario(
        p.require_text("scenario_name"),
        p.text("scenario_script"),
        p.ref("application"),
        p.ref("rule"),
        p.flag("rewrite", default=False),
    )


def get_scenarios(b: Backend, p: Params) -> Row:
    """GetScenarios: scenario_id, scenario_name (part), application, with_script, paging."""
    return b.get_scenarios(
        p.number("scenario_id"),
        p.text("scenario_name"),
        p.ref("application"),
        p.flag("with_script", default=False),
        p.page(),
    )


def set_scenario_info(b: Backend, p: Params) -> Row:
    """SetScenarioInfo: scenario_id / required_scenario_name; new scenario_name, script."""
    which = Ref(id=p.number("scenario_id"), name=p.text("required_scenario_name"))
    return b.set_scenario_info(which, p.text("scenario_name"), p.text("scenario_script"))


def del_scenario(b: Backend, p: Params) -> Row:
    """DelScenario: scenario_id list (or ``all``) / scenario_name list."""
    return b.del_scenarios(_required(p.list_ref("scenario", allow_all=True)))


def bind_scenario(b: Backend, p: Params) -> Row:
    """BindScenario: scenario ids/names, rule, optional application, bind (default true)."""
    return b.bind_scenarios(
        _required(p.list_ref("scenario")),
        p.ref("rule"),
        p.ref("application"),
        p.flag("bind", default=True),
    )


def reorder_scenarios(b: Backend, p: Params) -> Row:
    """ReorderScenarios: rule, optional application, scenario_id list in the new order."""
    order = p.int_list("scenario_id")
    if order is None:
        raise exc.RequiredIsEmpty()
    return b.reorder_scenarios(p.ref("rule"), p.ref("application"), order)
