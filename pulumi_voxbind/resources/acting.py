"""Which resource a provider step runs for: its stack and Pulumi name, per gRPC thread.

Operations take and return plain dicts (the plugin layer calls them too), so who declares a
resource (the hidden `__voxbind` input, common.resource_meta) travels beside them: the
create journal keys its entries by stack, and messages name the resource.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

_context = threading.local()


@contextmanager
def acting_as(meta: Mapping[str, str]) -> Iterator[None]:
    """Run a provider step on behalf of one resource ({"stack": ..., "name": ...})."""
    previous = getattr(_context, "meta", None)
    _context.meta = dict(meta)
    try:
        yield
    finally:
        _context.meta = previous


def stack() -> str:
    """The stack ("org/project/stack") the current step runs for; "" when unknown."""
    return str((getattr(_context, "meta", None) or {}).get("stack") or "")


def name() -> str:
    """The Pulumi name of the resource the current step runs for; "" when unknown."""
    return str((getattr(_context, "meta", None) or {}).get("name") or "")
