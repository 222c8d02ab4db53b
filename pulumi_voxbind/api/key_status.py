"""Fail fast on a refused key: one view per client of whether the API accepts its key.

A provider process runs up to four operations at a time. When the key is revoked, belongs to
another account or the clock is off, every operation would make its own call, get the same
refusal and print the same error, once per resource. Like EndpointHealth for a dead endpoint,
the first definite refusal is remembered and the client's later calls fail at once, without a
request, naming that refusal. A refusal that may depend on the method is not remembered:
104 (the role may not call it), and 100 from a write method, because which code the real API
gives a key that lacks the role (say, DelApplication without Owner) is UNCONFIRMED (routing
reference §1.5); a 100 from a read (Get*, which every role may call) is the key itself. A new
key means a new client, so a fixed key is used at once.
"""

from __future__ import annotations

import threading

from pulumi_voxbind.api.errors import AUTH_CODES, AuthError

__all__ = ["DEFINITE_AUTH_CODES", "KeyStatus", "is_definite"]

# 104 FORBIDDEN_COMMAND may be specific to one method (the key's role); the others are not.
DEFINITE_AUTH_CODES = AUTH_CODES - {104}
_ROLE_DEPENDENT_WRITES = ("Add", "Set", "Del", "Bind", "Reorder")


def is_definite(error: AuthError) -> bool:
    """Whether this refusal is of the key itself, not of the key's role for one method."""
    if error.code not in DEFINITE_AUTH_CODES:
        return False
    return not (error.code == 100 and (error.method or "").startswith(_ROLE_DEPENDENT_WRITES))


class KeyStatus:
    """Thread-safe record of the first definite refusal of one client's key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._refusal: AuthError | None = None

    def refused(self, error: AuthError) -> bool:
        """Record a refusal; True if it is the first definite one (later calls will not be sent)."""
        if not is_definite(error):
            return False
        with self._lock:
            if self._refusal is not None:
                return False
            self._refusal = error
            return True

    def refusal(self) -> AuthError | None:
        """The remembered definite refusal, if any."""
        with self._lock:
            return self._refusal
