"""References by name that follow their object through one deployment.

A resource that names another object by name (a ScenarioBinding's `rule_name` or
`scenario_names`, a Rule's or Scenario's `application_name`) holds, in state, the id that
name meant when it was last applied. When the same deployment replaces the object (a new
id) or renames it (a new name, the same id), the dependent must follow it, or routing is
lost while its state still looks right.

Pulumi runs one provider process per command and sends a resource with `depends_on` (or an
input from another resource) to `check`/`diff` only after that resource's own step: after
its `diff` at preview, after its create/update at `up`. So this process records:

- `plan`: an object's `diff` found that it is replaced or renamed (its old id, the new
  name, the fingerprint of the inputs its new half will be created with);
- `observe`: a dependent's `diff` or create/update resolved the object by name. If a change
  is recorded, the dependent follows it (its diff says so, its step waits for the change to
  finish, then resolves again). If none is, the dependent is recorded as having looked.

An object whose `diff` finds dependents that already looked (they registered before it, so
they cannot see the change) refuses the change, naming them and the output to reference
instead: never silently. Both steps take one lock, so whichever comes first, exactly one of
the two notices the other.

Everything here is in memory: `destroy` and `refresh` run no program and record nothing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from pulumi_voxbind.resources.declarations import fingerprint

# A dependent without depends_on waits at most this long for the change it follows (then it
# resolves names as they are: the change's step did not run, so nothing moved).
WAIT_SECONDS = 120.0

_lock = threading.Lock()


@dataclass
class Change:
    """A replace or rename of one object that this deployment plans or has made."""

    kind: str
    old_id: int
    old_name: str
    new_name: str | None  # what a rename (or the replacement) is called
    replace: bool
    inputs: str | None = None  # fingerprint of the replacement's inputs
    new_id: int | None = None
    failed: bool = False
    done: threading.Event = field(default_factory=threading.Event)

    def describe(self) -> str:
        verb = "replaced" if self.replace else f"renamed to {self.new_name!r}"
        return f"{self.kind} {self.old_name!r} (id {self.old_id}) is {verb}"


_changes: dict[tuple[str, int], Change] = {}
_looked: dict[tuple[str, int], list[str]] = {}


class CannotFollow(Exception):
    """Dependents already resolved this object by name and will not look again."""

    def __init__(self, change: Change, dependents: list[str]) -> None:
        super().__init__(change.describe())
        self.change = change
        self.dependents = dependents


def plan(kind: str, old_id: int | None, old_name: str, *, replace: bool,
         new_name: str | None, inputs: dict[str, Any] | None = None) -> None:
    """An object's diff plans a replace or a rename; raise CannotFollow if dependents already
    resolved it by name in this deployment (they registered first and cannot follow)."""
    if old_id is None:
        return
    key = (kind, old_id)
    with _lock:
        existing = _changes.get(key)
        if existing is None or existing.done.is_set():
            _changes[key] = Change(kind, old_id, old_name, new_name, replace,
                                   fingerprint(inputs) if inputs is not None else None)
        dependents = list(_looked.get(key, []))
    if dependents:
        raise CannotFollow(_changes[key], dependents)


def observe(kind: str, object_id: int | None, who: str) -> Change | None:
    """A dependent resolves the object by name: the change to follow, or None (recorded)."""
    if object_id is None:
        return None
    key = (kind, object_id)
    with _lock:
        change = _changes.get(key)
        if change is None:
            seen = _looked.setdefault(key, [])
            if who not in seen:
                seen.append(who)
        return change


def change_of(kind: str, object_id: int | None) -> Change | None:
    """The change this deployment plans or made to the object, if any (no recording)."""
    if object_id is None:
        return None
    with _lock:
        return _changes.get((kind, object_id))


def renamed_to(kind: str, object_id: int | None) -> str | None:
    """The new name of an object this deployment renames (not replaces), else None."""
    change = change_of(kind, object_id)
    return change.new_name if change is not None and not change.replace else None


def created(kind: str, inputs: dict[str, Any], new_id: int) -> None:
    """A create succeeded: if it is the new half of a planned replace, the change is done."""
    key = fingerprint(inputs)
    with _lock:
        for change in _changes.values():
            if change.kind == kind and change.replace and change.inputs == key and \
                    not change.done.is_set():
                change.new_id = new_id
                change.done.set()


def updated(kind: str, object_id: int) -> None:
    """An update (a rename) succeeded."""
    change = change_of(kind, object_id)
    if change is not None and not change.replace:
        change.new_id = object_id
        change.done.set()


def failed(kind: str, *, object_id: int | None = None,
           inputs: dict[str, Any] | None = None) -> None:
    """The step that was to make a change failed: whoever waits for it stops waiting."""
    key = fingerprint(inputs) if inputs is not None else None
    with _lock:
        for change in _changes.values():
            if change.kind != kind or change.done.is_set():
                continue
            if (object_id is not None and change.old_id == object_id and not change.replace) \
                    or (key is not None and change.replace and change.inputs == key):
                change.failed = True
                change.done.set()


def wait(change: Change, timeout: float = WAIT_SECONDS) -> bool:
    """Wait until the change is made (True) or its step failed or took too long (False)."""
    return change.done.wait(timeout) and not change.failed


def forget_all() -> None:
    """Clear the record (tests that reuse one process for several deployments)."""
    with _lock:
        _changes.clear()
        _looked.clear()
