"""Stable import paths of every provider class that Pulumi state stores by reference.

Pulumi pickles a dynamic provider by class path, so the state of every stack deployed with
pulumi-voxbind names these paths; they must import forever, whatever the package's layout.
Each class pins its `__module__` to this module, so new state names this path as well.
"""

from __future__ import annotations

from pulumi_voxbind.resources.application.provider import ApplicationProvider
from pulumi_voxbind.resources.binding.provider import ScenarioBindingProvider
from pulumi_voxbind.resources.phone_number.provider import PhoneNumberBindingProvider
from pulumi_voxbind.resources.rule.provider import RuleProvider
from pulumi_voxbind.resources.rule_order.provider import RuleOrderProvider
from pulumi_voxbind.resources.scenario.provider import ScenarioProvider
from pulumi_voxbind.resources.secret.provider import SecretProvider
from pulumi_voxbind.resources.sip_whitelist.provider import SipWhitelistEntryProvider

__all__ = [
    "ApplicationProvider",
    "PhoneNumberBindingProvider",
    "RuleOrderProvider",
    "RuleProvider",
    "ScenarioBindingProvider",
    "ScenarioProvider",
    "SecretProvider",
    "SipWhitelistEntryProvider",
]
