"""Who may remove or rename an object: the ownership rule every routing resource follows.

An object (an application, a rule, a scenario) is never deleted or renamed away while another
resource of the same deployment still declares it (resources/declarations.py records every
checked input). That covers a Pulumi resource renamed without `aliases` whose new name adopts
the object (`adopt=True`): the new resource takes the object over in its create, and the old
one's delete, which Pulumi runs after every create, leaves it alone.

One exception: a resource replaced delete-before-replace (its identity is unchanged, so the
new object cannot exist beside the old one) declares its own identity through its new half;
`diff` marks such replacements here and its delete goes ahead.

Objects are compared by identity: application = short name; rule = (application id, name);
scenario = (application id or None for the Shared folder, name). Declarations naming an
application by name are resolved through the process's name cache; unknown values never match.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pulumi_voxbind.resources import declarations

_lock = threading.Lock()
_replacing: set[tuple[str, str]] = set()
_app_locks: dict[int, threading.Lock] = {}


def mark_delete_before_replace(kind: str, resource_id: str) -> None:
    """`diff` chose delete-before-replace for this resource: its delete is its own replace."""
    with _lock:
        _replacing.add((kind, resource_id))


def is_delete_before_replace(kind: str, resource_id: str) -> bool:
    """Whether this delete is the first half of the resource's own delete-before-replace."""
    with _lock:
        return (kind, resource_id) in _replacing


def still_declared(kind: str, identity: tuple[Any, ...],
                   identity_of: Callable[[dict[str, Any]], tuple[Any, ...] | None]) -> bool:
    """Whether any checked declaration of `kind` in this deployment names this object."""
    for inputs in declarations.declared(kind):
        try:
            if identity_of(inputs) == identity:
                return True
        except LookupError:  # a name that resolves to nothing declares nothing that exists
            continue
    return False


@contextmanager
def application_lock(application_id: int) -> Iterator[None]:
    """Serialise this process's rule writes and reorders in one application.

    ReorderRules takes the application's full rule list; a rule added between our read and
    our reorder would be left out of it.
    """
    with _lock:
        lock = _app_locks.setdefault(application_id, threading.Lock())
    with lock:
        yield
