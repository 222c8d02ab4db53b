"""User-facing provider errors, and how they reach the Pulumi CLI: one clear message each.

The Python dynamic-provider server turns every exception into a gRPC error whose text is
`traceback.format_exc()`, so users read a Python traceback above every message. Errors this
package raises on purpose already say what failed and what to do; for those the server is
given the message alone. Anything else (a bug) keeps its full traceback. Set VOXBIND_DEBUG=1
to get the traceback for every error.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any


class ProviderError(RuntimeError):
    """An operation failed for a reason the message explains completely (no traceback)."""


def _is_explained(exc: BaseException | None) -> bool:
    """Whether an exception's message is written for users (ours, or an API/credential error)."""
    if exc is None:
        return False
    from pulumi_voxbind.api.credentials import CredentialsError
    from pulumi_voxbind.api.errors import VoximplantError
    from pulumi_voxbind.resources.binding.resolver import ResolutionError
    from pulumi_voxbind.resources.settings import SettingsError

    return isinstance(exc, (ProviderError, VoximplantError, CredentialsError,
                            SettingsError, ResolutionError))


@contextmanager
def clear_errors(kind: str) -> Iterator[None]:
    """Let an explained failure out as one ProviderError naming the resource kind.

    API, credential and settings errors get the kind in front ("Rule: AddRule failed: …"),
    and so does a ProviderError that does not start with it. Anything else is a bug and
    keeps its traceback.
    """
    try:
        yield
    except ProviderError as exc:
        if str(exc).startswith(kind):
            raise
        raise type(exc)(f"{kind}: {exc}") from None
    except Exception as exc:
        if not _is_explained(exc):
            raise
        raise ProviderError(f"{kind}: {exc}") from None


class _CleanTraceback(ModuleType):
    """Stands in for the `traceback` module inside the dynamic-provider server only."""

    def __init__(self) -> None:
        super().__init__("traceback")

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)

    @staticmethod
    def format_exc(limit: int | None = None, chain: bool = True) -> str:
        exc = sys.exc_info()[1]
        if _is_explained(exc) and not os.environ.get("VOXBIND_DEBUG"):
            return str(exc)
        return traceback.format_exc(limit=limit, chain=chain)


def install_clean_errors() -> bool:
    """In the provider process, let explained errors reach the CLI without a traceback.

    Only the SDK's server module is touched (its module-global `traceback`), and only when it
    is the running server and still has the shape this was written against (pulumi 3.27x);
    otherwise nothing changes and errors keep their tracebacks.
    """
    server = sys.modules.get("__main__")
    spec = getattr(server, "__spec__", None)
    if server is None or getattr(spec, "name", None) != "pulumi.dynamic.__main__":
        return False
    if getattr(server, "traceback", None) is not traceback:
        return isinstance(getattr(server, "traceback", None), _CleanTraceback)
    if not hasattr(server, "_abort_with_traceback"):
        return False
    server.traceback = _CleanTraceback()  # type: ignore[attr-defined]
    return True
