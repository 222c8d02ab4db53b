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
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

_lock = threading.Lock()
_declared: dict[str, dict[str, dict[str, Any]]] = {}


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """A stable key for one set of inputs, so a resource checked twice is recorded once."""
    return repr(sorted((k, repr(v)) for k, v in inputs.items() if not k.startswith("__")))


def record(kind: str, inputs: Mapping[str, Any]) -> None:
    """Remember that a resource of `kind` in this deployment declares these checked inputs."""
    entry = {k: v for k, v in inputs.items() if not k.startswith("__")}
    with _lock:
        _declared.setdefault(kind, {})[fingerprint(entry)] = entry


def declared(kind: str) -> list[dict[str, Any]]:
    """Every distinct set of inputs of `kind` checked in this process so far (copies)."""
    with _lock:
        return [dict(entry) for entry in _declared.get(kind, {}).values()]


def forget_all() -> None:
    """Clear the record (tests that reuse one process for several deployments)."""
    with _lock:
        _declared.clear()
