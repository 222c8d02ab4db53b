"""Which resource kinds the plugin serves, and what serves each: one registry.

Each kind is served by the same Python class as its dynamic resource (`pulumi_voxbind.
provider.*Provider`): that class already is a plain-dict adapter over the kind's offline check
and diff plan (`inputs.check_inputs`, `planning.plan_diff`) and its operations, with the
declarations, ownership marks and error wording both front doors must share. The plugin adds
only what a dynamic resource never needed: an `importer` that rebuilds state from an import id.

To serve another kind (its dynamic provider class already written, as for every kind):
1. schema.json: its resource `voxbind:index:<Kind>` with camelCase inputs/outputs, doc
   strings (with the import id format) and the alias `pulumi-python:dynamic/voxbind:<Kind>`;
2. imports.py: a function from the import id to the state stub its `read` needs;
3. one `Kind("<Kind>", <Kind>Provider, imports.<kind>)` line below (with the inputs that are
   always secrets, as Secret's `secret_value`);
4. regenerate the SDKs (tools/sdkgen/README.md) and add the kind to the README's import table.
The components the plugin builds (VoxfilesProject) are in component.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from pulumi_voxbind.plugin import imports
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
from pulumi_voxbind.resources.base import VoxbindProvider

PACKAGE = "voxbind"


@dataclass(frozen=True)
class Kind:
    """One resource kind: its name, the class that runs it, how to import it, and the inputs
    that are secrets whatever the program passes (never plain in state, diffs or outputs)."""

    name: str
    provider: type[VoxbindProvider]
    importer: imports.Importer
    secret_inputs: frozenset[str] = frozenset()

    @property
    def token(self) -> str:
        """The schema's type token, e.g. 'voxbind:index:Rule'."""
        return f"{PACKAGE}:index:{self.name}"


KINDS: dict[str, Kind] = {kind.token: kind for kind in (
    Kind("Application", ApplicationProvider, imports.application),
    Kind("Rule", RuleProvider, imports.rule),
    Kind("Scenario", ScenarioProvider, imports.scenario),
    Kind("RuleOrder", RuleOrderProvider, imports.rule_order),
    Kind("ScenarioBinding", ScenarioBindingProvider, imports.scenario_binding),
    Kind("PhoneNumberBinding", PhoneNumberBindingProvider, imports.phone_number_binding),
    Kind("Secret", SecretProvider, imports.secret, frozenset({"secret_value"})),
    Kind("SipWhitelistEntry", SipWhitelistEntryProvider, imports.sip_whitelist_entry),
)}
