"""`pulumi import`: the state stub each kind's read needs, rebuilt from an import id alone.

The operations' `read` refreshes from the state a resource already has (its ids, its
application, what was declared). An import has only the id the user typed, so each function
here turns that id into the smallest state from which `read` reconstructs the live outputs and
the inputs a program would write (ids, not names: `applicationId: app.applicationId` is what
the README's programs write). None means "no such object"; a malformed id is an error that
shows the format. The formats are in the schema's descriptions and in the README.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import NotFoundError
from pulumi_voxbind.resources.common import ResourceError, normalize_id

Importer = Callable[[VoximplantClient, str], "dict[str, Any] | None"]


def _ids(kind: str, text: str, parts: int, fmt: str) -> list[list[int]]:
    """Split 'a/b/c+d' into [[a], [b], [c, d]]; every piece a positive integer."""
    pieces = text.strip().split("/")
    if len(pieces) != parts:
        raise ResourceError(f"{kind}: import id {text!r} is not in the form {fmt}")
    out: list[list[int]] = []
    for piece in pieces:
        numbers = [normalize_id(p) for p in piece.split("+")]
        if not piece or any(n is None for n in numbers):
            raise ResourceError(f"{kind}: import id {text!r} is not in the form {fmt} "
                                f"(positive integer ids)")
        out.append([n for n in numbers if n is not None])
    return out


def _application(client: VoximplantClient, app_id: int) -> dict[str, Any] | None:
    try:
        return client.find_application(application_id=app_id)
    except NotFoundError:
        return None


def application(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'10001'. The short name comes back as the input, as programs write it."""
    [[app_id]] = _ids("Application", text, 1, "<applicationId>")
    # A short written name makes read hand back the short name (see its `read`).
    return {"application_id": app_id, "declared": {"application_name": "imported"}}


def rule(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'10001/2005', or a bare '2005' (then every application's rules are listed)."""
    fmt = "<applicationId>/<ruleId>"
    if "/" in text:
        [[app_id], [rule_id]] = _ids("Rule", text, 2, fmt)
        app = _application(client, app_id)
        candidates = [app] if app else []
    else:
        [[rule_id]] = _ids("Rule", text, 1, fmt)
        candidates = client.list_applications()
    for app in candidates:
        app_id = int(app["application_id"])
        if client.find_rule(app_id, rule_id=rule_id, with_scenarios=False) is not None:
            return {"rule_id": rule_id, "application_id": app_id,
                    "application_name": str(app["application_name"]),
                    "declared": {"application_id": app_id}}
    return None


def scenario(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'10001/3001' in an application; a bare '3001' is looked for in every application,
    then in the Shared folder."""
    fmt = "<applicationId>/<scenarioId> or <scenarioId>"
    if "/" in text:
        [[app_id], [sid]] = _ids("Scenario", text, 2, fmt)
        app = _application(client, app_id)
        candidates = [app] if app else []
    else:
        [[sid]] = _ids("Scenario", text, 1, fmt)
        candidates = client.list_applications()
    for app in candidates:
        app_id = int(app["application_id"])
        if client.get_scenario(sid, application_id=app_id) is not None:
            return {"scenario_id": sid, "application_id": app_id,
                    "application_name": str(app["application_name"]),
                    "declared": {"application_id": app_id}}
    if "/" not in text and client.get_scenario(sid) is not None:
        return {"scenario_id": sid, "declared": {}}  # the Shared folder
    return None


def rule_order(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'10001/2005+2006': the rules that take the first positions, in order."""
    [[app_id], rule_ids] = _ids("RuleOrder", text, 2, "<applicationId>/<ruleId>+<ruleId>...")
    app = _application(client, app_id)
    if app is None:
        return None
    return {"application_id": app_id, "application_name": str(app["application_name"]),
            "rule_ids": rule_ids, "declared": {"application_id": app_id}}


def scenario_binding(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'10001/2005/3001+3002': application, rule, and the bound scenarios in order."""
    [[app_id], [rule_id], scenario_ids] = _ids(
        "ScenarioBinding", text, 3, "<applicationId>/<ruleId>/<scenarioId>+<scenarioId>...")
    app = _application(client, app_id)
    if app is None:
        return None
    found = client.find_rule(app_id, rule_id=rule_id, with_scenarios=False)
    if found is None:
        return None
    return {"application_id": app_id, "application_name": str(app["application_name"]),
            "rule_id": rule_id, "rule_name": str(found["rule_name"]),
            "scenario_ids": scenario_ids, "scenario_names": [],
            "declared_keys": ["application_id", "rule_id", "scenario_ids"],
            "declared_inputs": {"application_id": app_id, "rule_id": rule_id}}


def _from_import_props(kind: str, import_props: Callable[[str], dict[str, Any]],
                       text: str) -> dict[str, Any]:
    """A kind's own `inputs.import_props` (id -> what its `read` needs), errors as ours."""
    try:
        return import_props(text)
    except ValueError as exc:
        raise ResourceError(f"{kind}: {exc}") from None


def phone_number_binding(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'15551230001' (or '+15551230001'): the number by its digits; read finds where it
    is bound (an unowned number is None)."""
    from pulumi_voxbind.resources.phone_number.inputs import import_props

    return _from_import_props("PhoneNumberBinding", import_props, text)


def secret(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'10001/CRM_TOKEN': the application id and the secret's name (read says None for a
    gone application or secret)."""
    from pulumi_voxbind.resources.secret.inputs import import_props

    return _from_import_props("Secret", import_props, text)  # a gone application: read's None


def sip_whitelist_entry(client: VoximplantClient, text: str) -> dict[str, Any] | None:
    """'700001': the entry's id (`sipWhitelistId`)."""
    from pulumi_voxbind.resources.sip_whitelist.inputs import import_props

    return _from_import_props("SipWhitelistEntry", import_props, text)
