"""What PhoneNumberBinding does to the API on create, update, read and delete.

Money and lines are never touched: only BindPhoneNumberToApplication and GetPhoneNumbers are
called, never AttachPhoneNumber (buys) or DeactivatePhoneNumber (releases). Rules:
- a number the account does not own is an error, not a purchase;
- a number bound to an application is not taken without adopt=True (the message names the
  application and rule it serves now);
- a move to another application or rule is one bind naming the new place, never an unbind
  first, so the number always serves somewhere. Whether the real API moves a number bound to
  application A to application B in that one call is UNCONFIRMED (routing reference §10.1):
  if it refuses (182 occupied, or anything else), the number stays where it was and the error
  says so; nothing falls back to unbind-then-bind;
- delete unbinds only if the number is still bound where this resource bound it, and not while
  another PhoneNumberBinding of the deployment declares the number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import VoximplantError
from pulumi_voxbind.resources import cache, declarations
from pulumi_voxbind.resources.binding.resolver import Application
from pulumi_voxbind.resources.common import (
    ResourceError,
    normalize_id,
    short_application_name,
)
from pulumi_voxbind.resources.phone_number.inputs import KIND, number_identity, phone_digits

log = logging.getLogger("pulumi_voxbind.provider")
NUMBER_GONE_CODES = {121, 181}  # the account no longer owns the number
APPLICATION_GONE_CODES = {107, 116, 558}
OCCUPIED = 182


@dataclass(frozen=True)
class Target:
    """Where the program wants the number: an application and, optionally, one of its rules."""

    application: Application
    rule_id: int | None = None
    rule_name: str | None = None

    def describe(self) -> str:
        rule = f", rule {self.rule_name!r} (id {self.rule_id})" if self.rule_id else ""
        return f"application {self.application.name!r} (id {self.application.id}){rule}"


def where(live: dict[str, Any]) -> str:
    """Where a live number (GetPhoneNumbers item) is bound, for messages."""
    if live.get("application_id") is None:
        return "no application"
    rule = f", rule {live.get('rule_name')!r} (id {live['rule_id']})" \
        if live.get("rule_id") is not None else " (no rule: the application's rules match)"
    return f"application {live.get('application_name')!r} (id {live['application_id']}){rule}"


def outputs(live_number: str, phone_id: int, target: Target | None, declared: dict[str, Any],
            adopted: bool) -> dict[str, Any]:
    """The resource outputs (pinned names; rule_id/rule_name None when no rule is given)."""
    return {
        "phone_id": phone_id,
        "phone_number": live_number,
        "application_id": target.application.id if target else None,
        "application_name": target.application.name if target else None,
        "rule_id": target.rule_id if target else None,
        "rule_name": target.rule_name if target else None,
        "declared": dict(declared),
        "adopted": adopted,
    }


def _describe_number(props: dict[str, Any]) -> str:
    if props.get("phone_number") is not None:
        return f"number +{phone_digits(str(props['phone_number'])) or props['phone_number']}"
    return f"number with phone_id {normalize_id(props.get('phone_id'))}"


def declared_elsewhere(phone_id: int, digits: str | None) -> bool:
    """Whether a PhoneNumberBinding checked in this deployment names this number."""
    for inputs in declarations.declared(KIND):
        ident = number_identity(inputs)
        if ident == ("phone_id", phone_id) or (digits and ident == ("phone_number", digits)):
            return True
    return False


class PhoneNumberOperations:
    """Create (bind), update (move), read and delete (unbind) of one owned number's binding."""

    def __init__(self, client: VoximplantClient) -> None:
        self.client = client

    def _target(self, props: dict[str, Any], olds: dict[str, Any] | None = None) -> Target:
        """The application and rule the inputs name, resolved (state's names reused)."""
        app_id = normalize_id(props.get("application_id"))
        if olds and app_id is not None and app_id == normalize_id(olds.get("application_id")):
            app = Application(app_id, str(olds.get("application_name") or ""))
        else:
            app = cache.application_for(self.client, app_id, props.get("application_name"))
        rule_id, rule_name = normalize_id(props.get("rule_id")), props.get("rule_name")
        if rule_id is None and rule_name is None:
            return Target(app)
        if olds and normalize_id(olds.get("application_id")) == app.id and (
                (rule_id is not None and rule_id == normalize_id(olds.get("rule_id")))
                or (rule_name is not None and rule_name == olds.get("rule_name"))):
            return Target(app, normalize_id(olds.get("rule_id")), str(olds.get("rule_name")))
        resolver = cache.resolver_for(self.client)
        rule = resolver.rule_by_id(rule_id, app) if rule_id is not None else \
            resolver.rule_by_name(app, str(rule_name))
        return Target(app, rule.id, rule.name)

    def _live(self, props: dict[str, Any]) -> dict[str, Any]:
        """The owned number the inputs name; an error if the account does not own it."""
        phone_id = normalize_id(props.get("phone_id"))
        try:
            if phone_id is not None:
                live = self.client.find_phone_number(phone_id=phone_id)
            else:
                live = self.client.find_phone_number(phone_number=str(props["phone_number"]))
        except VoximplantError as exc:
            if exc.code not in NUMBER_GONE_CODES:
                raise
            live = None
        if live is None:
            key = "phone_id" if phone_id else "phone_number"
            raise ResourceError(
                f"PhoneNumberBinding: the {_describe_number(props)} is not a number this "
                f"account owns (GetPhoneNumbers does not list it). pulumi-voxbind binds "
                f"numbers the account already has and never buys one: buy or port it in the "
                f"Voximplant control panel first, or fix {key}")
        return live

    def _bind(self, live: dict[str, Any], target: Target) -> None:
        """One BindPhoneNumberToApplication naming the target: a bind or an in-place move."""
        try:
            self.client.bind_phone_number(int(live["phone_id"]), target.application.id,
                                          rule_id=target.rule_id)
        except VoximplantError as exc:
            if exc.code in APPLICATION_GONE_CODES or exc.code in NUMBER_GONE_CODES or \
                    exc.code in (147, 156):
                raise
            occupied = " (182: the API calls it occupied)" if exc.code == OCCUPIED else ""
            raise ResourceError(
                f"PhoneNumberBinding: the API refused to bind number +{live['phone_number']} "
                f"to {target.describe()}{occupied}: {exc}. Nothing changed: the number still "
                f"serves {where(live)}. pulumi-voxbind never unbinds a live number first to "
                f"move it (calls would fail in between); unbind it in the control panel if "
                f"that is acceptable, then run pulumi up again") from None

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """Bind the owned number; a number bound elsewhere needs adopt=True."""
        live = self._live(news)
        target = self._target(news)
        bound_to = normalize_id(live.get("application_id"))
        adopted = False
        if bound_to is not None:
            if not news.get("adopt"):
                raise ResourceError(
                    f"PhoneNumberBinding: number +{live['phone_number']} (phone_id "
                    f"{live['phone_id']}) is bound to {where(live)} and takes its calls now; "
                    f"Pulumi does not take a live number from an application silently. To "
                    f"move it to {target.describe()}, set adopt=True on this "
                    f"PhoneNumberBinding (one call moves it; pulumi destroy then unbinds it). "
                    f"If you renamed the Pulumi resource, add aliases=[pulumi.Alias(name=<old "
                    f"name>)] instead.")
            adopted = True
            log.warning("PhoneNumberBinding: took over number +%s from %s", live["phone_number"],
                        where(live))
        here = bound_to == target.application.id and \
            normalize_id(live.get("rule_id")) == target.rule_id
        if not here:
            self._bind(live, target)
        return outputs(str(live["phone_number"]), int(live["phone_id"]), target, news, adopted)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """Move the number in place: one bind naming the new application and rule."""
        phone_id = normalize_id(olds.get("phone_id")) or 0
        number = str(olds.get("phone_number") or "")
        target = self._target(news, olds)
        live = {"phone_id": phone_id, "phone_number": number,
                "application_id": normalize_id(olds.get("application_id")),
                "application_name": olds.get("application_name"),
                "rule_id": normalize_id(olds.get("rule_id")), "rule_name": olds.get("rule_name")}
        moved = (live["application_id"], live["rule_id"]) != (target.application.id,
                                                              target.rule_id)
        if moved:
            try:
                self._bind(live, target)
            except VoximplantError as exc:
                if exc.code not in NUMBER_GONE_CODES:
                    raise
                raise ResourceError(
                    f"PhoneNumberBinding: number +{number} (phone_id {phone_id}) is no longer "
                    f"owned by this account; run `pulumi refresh` to drop it from the "
                    f"state") from None
            if live["rule_id"] is not None and target.rule_id is None:
                self._check_unpinned(phone_id, number, target)
        return outputs(number, phone_id, target, news, bool(olds.get("adopted")))

    def _check_unpinned(self, phone_id: int, number: str, target: Target) -> None:
        """Binding without a rule is read as "no rule" by the emulator; whether the real API
        clears an existing pin that way is UNCONFIRMED, so read back and say so if it kept it."""
        found = self.client.find_phone_number(phone_id=phone_id) or {}
        if found.get("rule_id") is not None:
            raise ResourceError(
                f"PhoneNumberBinding: number +{number} is bound to {target.describe()} but "
                f"the API kept its pin to rule {found.get('rule_name')!r}: it cannot remove "
                f"a rule pin this way. Pin it to a rule (rule_id or rule_name), or remove the "
                f"pin in the control panel and run pulumi refresh")

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Where the number is bound now, as (outputs, inputs); None if no longer owned.

        Works from the state, or for an import from the number's digits alone.
        """
        phone_id = normalize_id(olds.get("phone_id"))
        try:
            if phone_id is not None:
                live = self.client.find_phone_number(phone_id=phone_id)
            else:
                live = self.client.find_phone_number(phone_number=str(olds.get("phone_number")))
        except VoximplantError as exc:
            if exc.code in NUMBER_GONE_CODES:
                return None
            raise
        if live is None:
            return None
        importing = "declared" not in olds
        declared = dict(olds.get("declared") or {})
        inputs = {k: v for k, v in declared.items() if k in ("phone_number", "phone_id",
                                                              "adopt")}
        if not inputs:
            inputs["phone_number"] = str(live["phone_number"])
        target = None
        app_id = normalize_id(live.get("application_id"))
        if app_id is not None:
            full = str(live.get("application_name") or "")
            rule_id = normalize_id(live.get("rule_id"))
            target = Target(Application(app_id, full), rule_id,
                            str(live.get("rule_name")) if rule_id is not None else None)
            written = declared.get("application_name")
            if isinstance(written, str):
                inputs["application_name"] = full if "." in written else \
                    short_application_name(full)
            else:
                inputs["application_id"] = app_id
            if rule_id is not None:
                if "rule_name" in declared:
                    inputs["rule_name"] = target.rule_name
                else:
                    inputs["rule_id"] = rule_id
        outs = outputs(str(live["phone_number"]), int(live["phone_id"]), target, inputs,
                       bool(olds.get("adopted")) or importing)
        return outs, inputs

    def delete(self, _resource_id: str, olds: dict[str, Any]) -> None:
        """Unbind the number if it is still bound where this resource bound it."""
        phone_id = normalize_id(olds.get("phone_id")) or 0
        number = str(olds.get("phone_number") or "")
        if declared_elsewhere(phone_id, phone_digits(number)):
            log.warning("PhoneNumberBinding: number +%s is still declared by this deployment; "
                        "not unbinding it", number)
            return
        try:
            live = self.client.find_phone_number(phone_id=phone_id)
        except VoximplantError as exc:
            if exc.code in NUMBER_GONE_CODES:
                return
            raise
        if live is None:
            return
        app_id = normalize_id(olds.get("application_id"))
        if app_id is None or normalize_id(live.get("application_id")) != app_id or \
                normalize_id(live.get("rule_id")) != normalize_id(olds.get("rule_id")):
            log.warning("PhoneNumberBinding: number +%s now serves %s, not where this "
                        "resource bound it; left as it is", number, where(live))
            return
        try:
            self.client.unbind_phone_number(phone_id, app_id)
        except VoximplantError as exc:
            if exc.code not in NUMBER_GONE_CODES | APPLICATION_GONE_CODES:
                raise
