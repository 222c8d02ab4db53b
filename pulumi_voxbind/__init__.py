"""pulumi-voxbind: Voximplant scenario-to-rule bindings as Pulumi resources.

Every public name is loaded on first use: the emulator (`python -m pulumi_voxbind.emulator`)
starts without importing requests or Pulumi, and the client works without the Pulumi runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pulumi_voxbind.client import VoximplantClient
    from pulumi_voxbind.credentials import Credentials, CredentialsError
    from pulumi_voxbind.errors import (
        AuthError,
        ConflictError,
        InvalidParameterError,
        NotFoundError,
        RateLimitedError,
        TransientError,
        TransportError,
        VoximplantError,
    )
    from pulumi_voxbind.provider import ScenarioBindingProvider
    from pulumi_voxbind.resource import ScenarioBinding, ScenarioBindingArgs

__version__ = "0.1.0"

__all__ = [
    "AuthError",
    "ConflictError",
    "Credentials",
    "CredentialsError",
    "InvalidParameterError",
    "NotFoundError",
    "RateLimitedError",
    "ScenarioBinding",
    "ScenarioBindingArgs",
    "ScenarioBindingProvider",
    "TransientError",
    "TransportError",
    "VoximplantClient",
    "VoximplantError",
]

_LAZY = {
    "AuthError": "pulumi_voxbind.errors",
    "ConflictError": "pulumi_voxbind.errors",
    "Credentials": "pulumi_voxbind.credentials",
    "CredentialsError": "pulumi_voxbind.credentials",
    "InvalidParameterError": "pulumi_voxbind.errors",
    "NotFoundError": "pulumi_voxbind.errors",
    "RateLimitedError": "pulumi_voxbind.errors",
    "TransientError": "pulumi_voxbind.errors",
    "TransportError": "pulumi_voxbind.errors",
    "VoximplantClient": "pulumi_voxbind.client",
    "VoximplantError": "pulumi_voxbind.errors",
    "ScenarioBinding": "pulumi_voxbind.resource",
    "ScenarioBindingArgs": "pulumi_voxbind.resource",
    "ScenarioBindingProvider": "pulumi_voxbind.provider",
}


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


def __getattr__(name: str) -> Any:
    """Import a public name's module only when the name is first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pulumi_voxbind' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
