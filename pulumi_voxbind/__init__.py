"""pulumi-voxbind: Voximplant call routing as Pulumi resources.

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
    from pulumi_voxbind.provider import (
        ApplicationProvider,
        PhoneNumberBindingProvider,
        RuleOrderProvider,
        RuleProvider,
        ScenarioBindingProvider,
        ScenarioProvider,
        SecretProvider,
        SipWhitelistEntryProvider,
    )
    from pulumi_voxbind.resources.application.resource import Application, ApplicationArgs
    from pulumi_voxbind.resources.binding.resource import ScenarioBinding, ScenarioBindingArgs
    from pulumi_voxbind.resources.phone_number.resource import (
        PhoneNumberBinding,
        PhoneNumberBindingArgs,
    )
    from pulumi_voxbind.resources.rule.resource import Rule, RuleArgs
    from pulumi_voxbind.resources.rule_order.resource import RuleOrder, RuleOrderArgs
    from pulumi_voxbind.resources.scenario.resource import Scenario, ScenarioArgs
    from pulumi_voxbind.resources.secret.resource import Secret, SecretArgs
    from pulumi_voxbind.resources.sip_whitelist.resource import (
        SipWhitelistEntry,
        SipWhitelistEntryArgs,
    )
    from pulumi_voxbind.voxfiles.component import VoxfilesProject

    __version__: str

__all__ = [
    "Application",
    "ApplicationArgs",
    "ApplicationProvider",
    "AuthError",
    "ConflictError",
    "Credentials",
    "CredentialsError",
    "EndpointUnreachableError",
    "InvalidParameterError",
    "NotFoundError",
    "PhoneNumberBinding",
    "PhoneNumberBindingArgs",
    "PhoneNumberBindingProvider",
    "RateLimitedError",
    "Rule",
    "RuleArgs",
    "RuleOrder",
    "RuleOrderArgs",
    "RuleOrderProvider",
    "RuleProvider",
    "Scenario",
    "ScenarioArgs",
    "ScenarioBinding",
    "ScenarioBindingArgs",
    "ScenarioBindingProvider",
    "ScenarioProvider",
    "Secret",
    "SecretArgs",
    "SecretProvider",
    "SipWhitelistEntry",
    "SipWhitelistEntryArgs",
    "SipWhitelistEntryProvider",
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
    "Application": "pulumi_voxbind.resources.application.resource",
    "ApplicationArgs": "pulumi_voxbind.resources.application.resource",
    "ApplicationProvider": "pulumi_voxbind.provider",
    "Rule": "pulumi_voxbind.resources.rule.resource",
    "RuleArgs": "pulumi_voxbind.resources.rule.resource",
    "RuleProvider": "pulumi_voxbind.provider",
    "RuleOrder": "pulumi_voxbind.resources.rule_order.resource",
    "RuleOrderArgs": "pulumi_voxbind.resources.rule_order.resource",
    "RuleOrderProvider": "pulumi_voxbind.provider",
    "Scenario": "pulumi_voxbind.resources.scenario.resource",
    "ScenarioArgs": "pulumi_voxbind.resources.scenario.resource",
    "ScenarioProvider": "pulumi_voxbind.provider",
    "VoxfilesProject": "pulumi_voxbind.voxfiles.component",
    "PhoneNumberBinding": "pulumi_voxbind.resources.phone_number.resource",
    "PhoneNumberBindingArgs": "pulumi_voxbind.resources.phone_number.resource",
    "PhoneNumberBindingProvider": "pulumi_voxbind.provider",
    "Secret": "pulumi_voxbind.resources.secret.resource",
    "SecretArgs": "pulumi_voxbind.resources.secret.resource",
    "SecretProvider": "pulumi_voxbind.provider",
    "SipWhitelistEntry": "pulumi_voxbind.resources.sip_whitelist.resource",
    "SipWhitelistEntryArgs": "pulumi_voxbind.resources.sip_whitelist.resource",
    "SipWhitelistEntryProvider": "pulumi_voxbind.provider",
}


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__, "__version__"])


def _installed_version() -> str:
    """The version pip installed, from the package metadata (pyproject.toml is its one source)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pulumi-voxbind")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """Import a public name's module only when the name is first asked for."""
    if name == "__version__":
        globals()["__version__"] = found = _installed_version()
        return found
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pulumi_voxbind' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
