"""pulumi-voxbind: Voximplant scenario-to-rule bindings as Pulumi resources.

The API client and the emulator import without Pulumi; the resource classes are loaded on
first use so `python -m pulumi_voxbind.emulator` starts fast and needs no Pulumi runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi_voxbind.client import VoximplantClient
from pulumi_voxbind.credentials import Credentials, CredentialsError
from pulumi_voxbind.errors import (
    AuthError,
    InvalidParameterError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    TransportError,
    VoximplantError,
)

if TYPE_CHECKING:
    from pulumi_voxbind.provider import ScenarioBindingProvider
    from pulumi_voxbind.resource import ScenarioBinding, ScenarioBindingArgs

__version__ = "0.1.0"

__all__ = [
    "AuthError",
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
    "ScenarioBinding": "pulumi_voxbind.resource",
    "ScenarioBindingArgs": "pulumi_voxbind.resource",
    "ScenarioBindingProvider": "pulumi_voxbind.provider",
}


def __getattr__(name: str) -> Any:
    """Import the Pulumi-dependent classes only when they are asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pulumi_voxbind' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
