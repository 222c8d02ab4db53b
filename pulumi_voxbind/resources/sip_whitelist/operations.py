"""What SipWhitelistEntry does to the API on create, update, read and delete.

The white list is account-wide and its entries have no name: an entry's identity is its
network. An entry with the same network is the existing object (adopt=True takes it over); one
that overlaps is refused with a message naming it (whether the real API refuses overlaps is
UNCONFIRMED; the emulator does). The account's limit (error 172) gets its own message.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import VoximplantError
from pulumi_voxbind.resources import ownership
from pulumi_voxbind.resources.common import ResourceError, held_back, normalize_id
from pulumi_voxbind.resources.sip_whitelist.inputs import KIND, identity

log = logging.getLogger("pulumi_voxbind.provider")
GONE = 169
INVALID_NETWORK = 170
LIMIT = 172


def outputs(entry_id: int, network: str, description: str | None, news: dict[str, Any],
            adopted: bool) -> dict[str, Any]:
    """The resource outputs (pinned: sip_whitelist_id, network, description)."""
    return {"sip_whitelist_id": entry_id, "network": network, "description": description,
            "declared": dict(news), "adopted": adopted}


def describe(entry: dict[str, Any]) -> str:
    note = f" ({entry['description']!r})" if entry.get("description") else ""
    return f"entry {entry['sip_whitelist_id']} {entry['sip_whitelist_network']}{note}"


def _overlapping(entries: list[dict[str, Any]], network: str,
                 skip: int | None = None) -> list[dict[str, Any]]:
    wanted = ipaddress.ip_network(network)
    found = []
    for entry in entries:
        if entry["sip_whitelist_id"] == skip:
            continue
        try:
            theirs = ipaddress.ip_network(str(entry["sip_whitelist_network"]), strict=False)
        except ValueError:
            continue
        if theirs.version == 4 and theirs.overlaps(wanted):
            found.append(entry)
    return found


class SipWhitelistOperations:
    """Create, update, read and delete of one SIP white list entry."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _refused(self, exc: VoximplantError, network: str, skip: int | None = None) -> None:
        """Turn 172 and 170 into messages that name the limit or the overlapping entry."""
        if exc.code == LIMIT:
            raise ResourceError(
                f"SipWhitelistEntry: cannot add {network}: the account's SIP white list is "
                f"full (API error 172, the limit per account). Remove an entry that is no "
                f"longer needed, or merge neighbouring networks into one CIDR, or ask "
                f"Voximplant support to raise the limit") from None
        if exc.code == INVALID_NETWORK:
            others = _overlapping(self.client.list_sip_whitelist(), network, skip)
            if others:
                raise ResourceError(self._overlap_message(network, others)) from None
        raise exc

    @staticmethod
    def _overlap_message(network: str, others: list[dict[str, Any]]) -> str:
        return (f"SipWhitelistEntry: network {network} overlaps "
                f"{'; '.join(describe(e) for e in others)} already in the SIP white list. "
                f"Declare each address once: widen or narrow one of them, or take the existing "
                f"entry over with the same network and adopt=True")

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """AddSipWhiteListItem, or take over the entry with this network when adopt=True."""
        network = str(news["network"])
        entries = self.client.list_sip_whitelist()
        same = [e for e in entries if identity({"network": e["sip_whitelist_network"]})
                == (network,)]
        if same:
            entry = same[0]
            if not news.get("adopt"):
                raise ResourceError(
                    f"SipWhitelistEntry: {describe(entry)} already whitelists {network} and "
                    f"Pulumi does not take over existing objects silently. To manage it from "
                    f"now on, set adopt=True on this SipWhitelistEntry (pulumi destroy then "
                    f"removes it; add retain_on_delete=True to keep it). If you renamed the "
                    f"Pulumi resource, add aliases=[pulumi.Alias(name=<old name>)] instead.")
            entry_id = int(entry["sip_whitelist_id"])
            description = news.get("description")
            if description is not None and description != entry.get("description"):
                self.client.set_sip_whitelist_item(entry_id, network, description=description)
            log.warning("SipWhitelistEntry: adopted the existing %s", describe(entry))
            return outputs(entry_id, network, description or entry.get("description"), news,
                           True)
        others = _overlapping(entries, network)
        if others:
            raise ResourceError(self._overlap_message(network, others))
        try:
            entry_id = self.client.add_sip_whitelist_item(network,
                                                          description=news.get("description"))
        except VoximplantError as exc:
            self._refused(exc, network)
            raise
        return outputs(entry_id, network, news.get("description"), news, False)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """One SetSipWhiteListItem: the entry keeps its id, the PBX is never unlisted."""
        entry_id = normalize_id(olds.get("sip_whitelist_id")) or 0
        old_network = str(olds.get("network") or "")
        network = str(news["network"])
        if network != old_network and ownership.still_declared(KIND, (old_network,), identity):
            raise ResourceError(held_back(f"SIP white list entry {entry_id} ({old_network})",
                                          network).replace("Sip white", "SIP white"))
        description = news.get("description")
        if network != old_network or (description is not None and
                                      description != olds.get("description")):
            try:
                self.client.set_sip_whitelist_item(entry_id, network, description=description)
            except VoximplantError as exc:
                if exc.code == GONE:
                    raise ResourceError(
                        f"SipWhitelistEntry: entry {entry_id} ({old_network}) no longer "
                        f"exists; run `pulumi refresh` to drop it from the state, then "
                        f"`pulumi up` adds it again") from None
                self._refused(exc, network, skip=entry_id)
                raise
        return outputs(entry_id, network, description or olds.get("description"), news,
                       bool(olds.get("adopted")))

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live entry as (outputs, inputs); None if gone. Works from the id alone."""
        entry_id = normalize_id(olds.get("sip_whitelist_id")) or 0
        try:
            found = next((e for e in self.client.list_sip_whitelist(sip_whitelist_id=entry_id)
                          if e["sip_whitelist_id"] == entry_id), None)
        except VoximplantError as exc:
            if exc.code == GONE:
                return None
            raise
        if found is None:
            return None
        importing = "declared" not in olds
        inputs = dict(olds.get("declared") or {})
        inputs["network"] = str(found["sip_whitelist_network"])
        description = found.get("description") or None
        if description is not None:
            inputs["description"] = description
        else:
            inputs.pop("description", None)
        outs = outputs(entry_id, inputs["network"], description, inputs,
                       bool(olds.get("adopted")) or importing)
        return outs, inputs

    def delete(self, _resource_id: str, olds: dict[str, Any]) -> None:
        """DelSipWhiteListItem, unless the deployment still declares the network."""
        entry_id = normalize_id(olds.get("sip_whitelist_id")) or 0
        network = str(olds.get("network") or "")
        if ownership.still_declared(KIND, (network,), identity):
            log.warning("SipWhitelistEntry %s (id %s) is still declared by this deployment; "
                        "not removing it", network, entry_id)
            return
        try:
            self.client.del_sip_whitelist_item(entry_id)
        except VoximplantError as exc:
            if exc.code != GONE:
                raise
