"""pulumi-voxbind: Voximplant scenario-to-rule bindings as Pulumi resources.

Every public name is loaded on first use: the emulator (`python -m pulumi_voxbind.emulator`)
starts without importing requests or Pulumi, and the client works without the Pulumi runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pulumi_voxbind.api.client import VoximplantClient
    from pulumi_voxbind.api.credentials import Credentials, CredentialsError
    from pulumi_voxbind.api.errors import (
        AuthError,
        ConflictError,
        EndpointUnreachableError,
        InvalidParameterError,
        NotFoundError,
        RateLimitedError,
        TransientError,
        TransportError,
        VoximplantError,
    )
    from pulumi_voxbind.provider import ScenarioBindingProvider
    from pulumi_voxbind.resources.binding.resource import ScenarioBinding, ScenarioBindingArgs
    from pulumi_voxbind.voxfiles.component import VoxfilesProject

__version__ = "0.1.0"

__all__ = [
    "AuthError",
    "ConflictError",
    "Credentials",
    "CredentialsError",
    "EndpointUnreachableError",
    "InvalidParameterError",
    "NotFoundError",
    "RateLimitedError",
    "ScenarioBinding",
    "ScenarioBindingArgs",
    "ScenarioBindingProvider",
    "TransientError",
    "TransportError",
    "VoxfilesProject",
    "VoximplantClient",
    "VoximplantError",
]

_LAZY = {
    "AuthError": "pulumi_voxbind.api.errors",
    "ConflictError": "pulumi_voxbind.api.errors",
    "Credentials": "pulumi_voxbind.api.credentials",
    "CredentialsError": "pulumi_voxbind.api.credentials",
    "EndpointUnreachableError": "pulumi_voxbind.api.errors",
    "InvalidParameterError": "pulumi_voxbind.api.errors",
    "NotFoundError": "pulumi_voxbind.api.errors",
    "RateLimitedError": "pulumi_voxbind.api.errors",
    "TransientError": "pulumi_voxbind.api.errors",
    "TransportError": "pulumi_voxbind.api.errors",
    "VoximplantClient": "pulumi_voxbind.api.client",
    "VoximplantError": "pulumi_voxbind.api.errors",
    "ScenarioBinding": "pulumi_voxbind.resources.binding.resource",
    "ScenarioBindingArgs": "pulumi_voxbind.resources.binding.resource",
    "ScenarioBindingProvider": "pulumi_voxbind.provider",
    "VoxfilesProject": "pulumi_voxbind.voxfiles.component",
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
