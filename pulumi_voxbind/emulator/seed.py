"""The ``--seed`` file: applications, rules (with ordered bindings) and scenarios.

Format (docs/CONTRACTS.md)::

    {"applications": [{"name": "ivr", "rules": [
         {"name": "inbound", "pattern": ".*", "pattern_exclude": "7.*",
          "video_conference": false, "scenarios": ["greeting", "menu"]}]}],
     "scenarios": [{"name": "greeting", "application": "ivr", "script": "..."},
                   {"name": "shared-hello"}]}

Applications are created first, then scenarios (no ``application`` = Shared folder), then rules
with their scenarios bound in the order listed. An application's rules take the routing order
in which they are listed (new rules go last, as AddRule puts them).

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
from .refs import ListRef, Ref

_KEYS = {
    "top": {"applications", "scenarios"},
    "application": {"name", "rules"},
    "rule": {"name", "pattern", "pattern_exclude", "video_conference", "scenarios"},
    "scenario": {"name", "application", "script"},
}


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
    seed: dict[str, Any] = data  # _check("top") made sure it is an object
    return seed


def _check(item: Any, kind: str, where: str) -> None:
    if not isinstance(item, dict):
        raise SeedError(f"seed: {where} must be a JSON object")
    unknown = set(item) - _KEYS[kind]
    if unknown:
        raise SeedError(f"seed: {where} has unknown keys {sorted(unknown)}")
    if kind != "top" and not isinstance(item.get("name"), str):
        raise SeedError(f"seed: every {kind} needs a string 'name' ({where})")


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


def _create(what: str, exists: type[exc.ApiError], call: Any, *args: Any) -> None:
    """Create one object; "already exists" is fine, any other refusal is a seed error."""
    try:
        call(*args)
    except exists:
        pass
    except exc.ApiError as err:
        raise SeedError(f"seed: {what}: API error {err.code}: {err.msg}") from err
    except (TypeError, AttributeError) as err:
        raise SeedError(f"seed: {what}: a value has the wrong type ({err})") from err
