"""Validation of SipWhitelistEntry inputs (the provider's `check`): offline, all at once."""

from __future__ import annotations

import ipaddress
from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_adopt,
    check_unknown_keys,
    is_unknown,
    normalize_id,
    shown,
)
from pulumi_voxbind.resources.secret.inputs import check_description

KIND = "SipWhitelistEntry"
INPUT_KEYS = ("network", "description", "adopt")


def canonical_network(value: str) -> tuple[str | None, str | None]:
    """('203.0.113.0/24', None) for a valid IPv4 network (a bare address is /32), else
    (None, why)."""
    text = value.strip()
    if "/" not in text:
        text += "/32"
    try:
        interface = ipaddress.ip_interface(text)
    except ValueError:
        return None, "is not an IPv4 network in CIDR form"
    if interface.version != 4:
        return None, "is IPv6; the SIP white list takes IPv4 networks"
    net = interface.network
    if interface.ip != net.network_address:
        return None, (f"has host bits set; write {net} for the whole network or "
                      f"{interface.ip}/32 for the one address")
    return str(net), None


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a SipWhitelistEntry's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    value = props.get("network")
    if value is None:
        failures.append(Failure("network", "network is required: the PBX's IPv4 network in "
                                           "CIDR form, e.g. '203.0.113.0/24' (a bare address "
                                           "means /32)"))
    elif not is_unknown(value):
        canonical, why = canonical_network(value) if isinstance(value, str) else \
            (None, "is not a string")
        if canonical is None:
            failures.append(Failure("network", f"network {shown(value)!r} {why}; e.g. "
                                               f"'203.0.113.0/24' or '203.0.113.10'"))
        else:
            props["network"] = canonical
    check_description(props, failures)
    check_adopt(props, failures)
    return props, failures


def identity(inputs: dict[str, Any]) -> tuple[str] | None:
    """What names an entry: its network (None while unknown)."""
    value = inputs.get("network")
    if not isinstance(value, str):
        return None
    canonical, _ = canonical_network(value)
    return (canonical,) if canonical else None


def import_props(resource_id: str) -> dict[str, Any]:
    """What `read` needs to import an entry: its sip_whitelist_id."""
    entry_id = normalize_id(resource_id)
    if entry_id is None:
        raise ValueError(f"import a SipWhitelistEntry by its sip_whitelist_id, e.g. 700001; "
                         f"got {resource_id!r}")
    return {"sip_whitelist_id": entry_id}
