"""Wire handlers of the inbound-line methods (phone numbers, secrets, SIP white list).

One function per API method, as in handlers.py; state rules are in inbound.py.
"""

from __future__ import annotations

from . import exceptions as exc
from .backend import Backend
from .params import Params
from .refs import ListRef
from .resolve import Row


def _phones(p: Params) -> ListRef:
    if p.raw("phone_id") == "all":
        return ListRef(all=True)
    return ListRef(ids=p.int_list("phone_id"), names=p.str_list("phone_number"))


def bind_phone_number_to_application(b: Backend, p: Params) -> Row:
    """BindPhoneNumberToApplication: phone_id/phone_number lists, application, rule, bind."""
    return b.bind_phone_numbers(_phones(p), p.ref("application"), p.ref("rule"),
                                p.flag("bind", default=True))


def get_phone_numbers(b: Backend, p: Params) -> Row:
    """GetPhoneNumbers: phone_id/phone_number lists, application, rule, is_bound_*, paging."""
    return b.get_phone_numbers(_phones(p), p.ref("application"), p.ref("rule"),
                               p.optional_flag("is_bound_to_application"),
                               p.optional_flag("is_bound_to_rule"), p.page())


def add_secret(b: Backend, p: Params) -> Row:
    """AddSecret: application, secret_name, secret_value, description."""
    return b.add_secret(p.ref("application"), p.require_text("secret_name"),
                        p.require_text("secret_value"), p.text("description"))


def set_secret_info(b: Backend, p: Params) -> Row:
    """SetSecretInfo: application, secret_id / secret_name; new_secret_name, value, description."""
    return b.set_secret_info(p.ref("application"), p.ref("secret"), p.text("new_secret_name"),
                             p.text("secret_value"), p.text("description"))


def del_secret(b: Backend, p: Params) -> Row:
    """DelSecret: application, secret_id / secret_name lists."""
    which = p.list_ref("secret", allow_all=True)
    if not which.given():
        raise exc.RequiredIsEmpty()
    return b.del_secrets(p.ref("application"), which)


def get_secrets(b: Backend, p: Params) -> Row:
    """GetSecrets: application, secret_name_part, paging."""
    return b.get_secrets(p.ref("application"), p.text("secret_name_part"), p.page())


def get_secret_value(b: Backend, p: Params) -> Row:
    """GetSecretValue: application, secret_id / secret_name."""
    return b.get_secret_value(p.ref("application"), p.ref("secret"))


def add_sip_white_list_item(b: Backend, p: Params) -> Row:
    """AddSipWhiteListItem: sip_whitelist_network, description."""
    return b.add_sip_whitelist_item(p.require_text("sip_whitelist_network"),
                                    p.text("description"))


def set_sip_white_list_item(b: Backend, p: Params) -> Row:
    """SetSipWhiteListItem: sip_whitelist_id, sip_whitelist_network (both required), description."""
    return b.set_sip_whitelist_item(p.number("sip_whitelist_id", required=True) or 0,
                                    p.require_text("sip_whitelist_network"),
                                    p.text("description"))


def del_sip_white_list_item(b: Backend, p: Params) -> Row:
    """DelSipWhiteListItem: sip_whitelist_id."""
    return b.del_sip_whitelist_item(p.number("sip_whitelist_id", required=True) or 0)


def get_sip_white_list(b: Backend, p: Params) -> Row:
    """GetSipWhiteList: sip_whitelist_id, paging."""
    return b.get_sip_whitelist(p.number("sip_whitelist_id"), p.page())
