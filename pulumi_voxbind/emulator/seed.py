"""The ``--seed`` file: applications, rules (with ordered bindings) and scenarios.

Format (docs/CONTRACTS.md)::

    {"applications": [{"name": "ivr", "rules": [
         {"name": "inbound", "pattern": ".*", "pattern_exclude": "7.*",
          "video_conference": false, "scenarios": ["greeting", "menu"]}]}],
     "scenarios": [{"name": "greeting", "application": "ivr", "script": "..."},
                   {"name": "shared-hello"}],
     "phone_numbers": [{"phone_number": "15551230001", "application": "ivr",
                        "rule": "inbound"}, {"phone_number": "15551230002"}],
     "sip_whitelist": [{"network": "198.51.100.0/24", "description": "HQ PBX"}]}

Applications are created first, then scenarios (no ``application`` = Shared folder), then rules
with their scenarios bound in the order listed. An application's rules take the routing order
in which they are listed (new rules go last, as AddRule puts them). Phone numbers are the
numbers the account owns (E.164, '+' optional), bound after the rules exist to the
`application` (and pinned to its `rule`) when given; SIP white list entries come last.

Seeding is idempotent. The state records each applied seed's digest, and applying the same seed
again does nothing at all, so objects deleted since the first start stay deleted across
restarts. A changed seed creates only what is missing: an object that already exists (same
application name, scenario name, or rule name in its application) is left as it is, and a
rule's bindings are only made when the rule itself is created.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import exceptions as exc
from .backend import Backend
from .refs import ListRef, Page, Ref

_KEYS = {
    "top": {"applications", "scenarios", "phone_numbers", "sip_whitelist"},
    "application": {"name", "rules"},
    "rule": {"name", "pattern", "pattern_exclude", "video_conference", "scenarios"},
    "scenario": {"name", "application", "script"},
    "phone_number": {"phone_number", "application", "rule"},
    "sip_whitelist": {"network", "description"},
}
_IDENTITY = {"phone_number": "phone_number", "sip_whitelist": "network"}


class SeedError(ValueError):
    """The seed file is malformed or contradicts itself."""


def load_seed(source: str | Path | dict[str, Any]) -> dict[str, Any]:
    """Read a seed from a path, or take it as already-parsed JSON; check its shape."""
    data: Any = source
    if isinstance(source, (str, Path)):
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise SeedError(f"cannot read seed file {source}: {err}") from err
    _check(data, "top", "seed")
    for app in data.get("applications", []):
        _check(app, "application", "application")
        for rule in app.get("rules", []):
            _check(rule, "rule", f"rule in application {app['name']!r}")
            if not isinstance(rule.get("video_conference", False), bool):
                raise SeedError(f"seed: rule {rule['name']!r} in application {app['name']!r}: "
                                "video_conference must be true or false")
    for scenario in data.get("scenarios", []):
        _check(scenario, "scenario", "scenario")
    for number in data.get("phone_numbers", []):
        _check(number, "phone_number", "phone number")
        if number.get("rule") is not None and number.get("application") is None:
            raise SeedError(f"seed: phone number {number['phone_number']!r}: a rule needs "
                            "its application")
    for entry in data.get("sip_whitelist", []):
        _check(entry, "sip_whitelist", "SIP white list entry")
    seed: dict[str, Any] = data  # _check("top") made sure it is an object
    return seed


def _check(item: Any, kind: str, where: str) -> None:
    if not isinstance(item, dict):
        raise SeedError(f"seed: {where} must be a JSON object")
    unknown = set(item) - _KEYS[kind]
    if unknown:
        raise SeedError(f"seed: {where} has unknown keys {sorted(unknown)}")
    key = _IDENTITY.get(kind, "name")
    if kind != "top" and not isinstance(item.get(key), str):
        raise SeedError(f"seed: every {kind} needs a string {key!r} ({where})")


def apply_seed(backend: Backend, source: str | Path | dict[str, Any]) -> None:
    """Create what the seed describes and does not exist yet (once per distinct seed)."""
    data = load_seed(source)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    if not backend.mark_seed(digest):
        return
    try:
        _apply(backend, data)
    except BaseException:
        backend.forget_seed(digest)
        raise


def _apply(backend: Backend, data: dict[str, Any]) -> None:
    for app in data.get("applications", []):
        what = f"application {app['name']!r}"
        _create(what, exc.ApplicationNameNotUnique, backend.add_application, app["name"])
    for sc in data.get("scenarios", []):
        app_ref = Ref(name=sc["application"]) if sc.get("application") else Ref()
        script = sc.get("script", "")
        _create(f"scenario {sc['name']!r}", exc.ScenarioNameNotUnique, backend.add_scenario,
                sc["name"], script, app_ref, Ref(), False)
    for app in data.get("applications", []):
        for rule in app.get("rules", []):
            names = tuple(rule.get("scenarios", []))
            args = (
                Ref(name=app["name"]),
                rule["name"],
                rule.get("pattern", ".*"),
                rule.get("pattern_exclude", ""),
                rule.get("video_conference", False),
                ListRef(names=names) if names else ListRef(),
            )
            what = f"rule {rule['name']!r} in application {app['name']!r}"
            _create(what, exc.DuplicateRuleName, backend.add_rule, *args)
    for number in data.get("phone_numbers", []):
        what = f"phone number {number['phone_number']!r}"
        phone_id = _create(what, None, backend.add_owned_number, number["phone_number"])
        if number.get("application") is not None and phone_id is not None:  # new: bind it
            rule = Ref(name=number["rule"]) if number.get("rule") else Ref()
            _create(what, None, backend.bind_phone_numbers, ListRef(ids=(phone_id,)),
                    Ref(name=number["application"]), rule, True)
    listed = {e["sip_whitelist_network"]
              for e in backend.get_sip_whitelist(None, Page(count=1000))["result"]}
    for entry in data.get("sip_whitelist", []):
        if entry["network"] in listed:  # from an earlier seed: left as it is
            continue
        what = f"SIP white list entry {entry['network']!r}"
        _create(what, None, backend.add_sip_whitelist_item, entry["network"],
                entry.get("description"))


def _create(what: str, exists: type[exc.ApiError] | None, call: Any, *args: Any) -> Any:
    """Create one object; "already exists" is fine, any other refusal is a seed error."""
    try:
        return call(*args)
    except exc.ApiError as err:
        if exists is not None and isinstance(err, exists):
            return None
        raise SeedError(f"seed: {what}: API error {err.code}: {err.msg}") from err
    except (TypeError, AttributeError) as err:
        raise SeedError(f"seed: {what}: a value has the wrong type ({err})") from err
