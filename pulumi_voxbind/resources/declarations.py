"""What the current deployment declares: every resource input checked in this provider process.

Pulumi runs one provider process per command and sends every resource of the program through
`check` before it creates, updates or deletes anything for that resource. Deletes of removed
and replaced resources run after the program's registrations. So when a delete or an update
is about to remove something from the account, the declarations recorded here say whether
another resource of the same deployment still wants it: a renamed resource, the new half of a
replace, a second binding sharing a scenario, a scenario moved between bindings. Removing it
then would silently drop routing the program still declares.

`destroy` and `refresh` run no program, so nothing is declared and nothing is held back.
Checks of values still unknown at preview are recorded too; callers skip what is unknown.

Declared is not yet applied: a declaration is *held* once its resource is known to be in
place on the account (its diff found no change, or its create or update succeeded). A step
that fails rolls back only what no held declaration wants, so a failure elsewhere in the run
cannot leave something bound that no resource in state owns.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

_lock = threading.Lock()
_declared: dict[str, dict[str, dict[str, Any]]] = {}
_held: dict[str, dict[str, dict[str, Any]]] = {}


def _canonical(value: Any) -> Any:
    """Numbers cross gRPC as floats: 5.0 and 5 are the same input."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """A stable key for one set of inputs, so a resource checked twice is recorded once."""
    return repr(sorted((k, repr(_canonical(v))) for k, v in inputs.items()
                       if not k.startswith("__")))


def _add(table: dict[str, dict[str, dict[str, Any]]], kind: str,
         inputs: Mapping[str, Any]) -> None:
    entry = {k: v for k, v in inputs.items() if not k.startswith("__")}
    with _lock:
        table.setdefault(kind, {})[fingerprint(entry)] = entry


def _list(table: dict[str, dict[str, dict[str, Any]]], kind: str) -> list[dict[str, Any]]:
    with _lock:
        return [dict(entry) for entry in table.get(kind, {}).values()]


def record(kind: str, inputs: Mapping[str, Any]) -> None:
    """Remember that a resource of `kind` in this deployment declares these checked inputs."""
    _add(_declared, kind, inputs)


def declared(kind: str) -> list[dict[str, Any]]:
    """Every distinct set of inputs of `kind` checked in this process so far (copies)."""
    return _list(_declared, kind)


def hold(kind: str, inputs: Mapping[str, Any]) -> None:
    """Remember that a resource with these inputs is in place on the account."""
    _add(_held, kind, inputs)


def held(kind: str) -> list[dict[str, Any]]:
    """Every distinct set of inputs of `kind` known to be in place (copies)."""
    return _list(_held, kind)


def forget_all() -> None:
    """Clear the record (tests that reuse one process for several deployments)."""
    from pulumi_voxbind.resources import follow
    from pulumi_voxbind.resources.rule_order import claims

    with _lock:
        _declared.clear()
        _held.clear()
    follow.forget_all()
    claims.forget_all()
