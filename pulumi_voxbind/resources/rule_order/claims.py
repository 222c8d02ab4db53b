"""One RuleOrder per application: every RuleOrder this deployment declares, by Pulumi name.

An application has one routing order. Two RuleOrders for it would each set it on `up`, the
account would keep whichever ran last, and a preview would pass while the account differs
from the other one. So a second RuleOrder naming the same application is refused: at
`check` when both name it the same way (both ids, or both names), else at create/update,
before any API write, once names resolve to ids. Kept in memory for one provider process.
"""

from __future__ import annotations

import threading
from typing import Any

from pulumi_voxbind.resources.common import is_unknown, normalize_id, short_application_name

_lock = threading.Lock()
_orders: dict[str, dict[str, Any]] = {}  # Pulumi name (or a fingerprint) -> checked inputs


def claim(name: str, inputs: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Record this RuleOrder; return the others of the deployment (name, inputs)."""
    with _lock:
        _orders[name] = dict(inputs)
        return [(n, dict(i)) for n, i in _orders.items() if n != name]


def others(name: str) -> list[tuple[str, dict[str, Any]]]:
    """The other RuleOrders this deployment declares."""
    with _lock:
        return [(n, dict(i)) for n, i in _orders.items() if n != name]


def same_application_offline(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two RuleOrders name the same application, as far as can be told offline."""
    a_id, b_id = a.get("application_id"), b.get("application_id")
    if a_id is not None and b_id is not None:
        return not is_unknown(a_id) and not is_unknown(b_id) and \
            normalize_id(a_id) == normalize_id(b_id)
    a_name, b_name = a.get("application_name"), b.get("application_name")
    if isinstance(a_name, str) and isinstance(b_name, str):
        return short_application_name(a_name) == short_application_name(b_name)
    return False


def refusal(me: str, other: str, application: str) -> str:
    """The message for two RuleOrders of one application."""
    return (f"RuleOrder {me!r} and RuleOrder {other!r} both set the routing order of "
            f"application {application}; an application has one routing order, so declare "
            f"one RuleOrder for it and list every rule that must go first there (the others "
            f"keep their order after them)")


def forget_all() -> None:
    """Clear the record (tests that reuse one process)."""
    with _lock:
        _orders.clear()
