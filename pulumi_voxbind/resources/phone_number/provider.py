"""The Pulumi dynamic provider behind PhoneNumberBinding (class path pinned in
pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); `check` also refuses a second
PhoneNumberBinding of the same number in the deployment (a number serves one application).
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult

from pulumi_voxbind.resources import declarations
from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.phone_number.inputs import KIND, check_inputs, number_identity
from pulumi_voxbind.resources.phone_number.planning import plan_diff


def duplicate_failure(inputs: dict[str, Any]) -> CheckFailure | None:
    """A failure if another PhoneNumberBinding checked in this deployment names the number
    with other inputs (identical inputs are one declaration; the program side refuses those)."""
    ident = number_identity(inputs)
    if ident is None:
        return None
    mine = declarations.fingerprint(inputs)
    for other in declarations.declared(KIND):
        if number_identity(other) == ident and declarations.fingerprint(other) != mine:
            place = other.get("application_name") or other.get("application_id")
            rule = other.get("rule_name") or other.get("rule_id")
            also = f" (to application {place!r}{f', rule {rule!r}' if rule else ''})"
            key, value = ident
            shown = f"+{value}" if key == "phone_number" else f"phone_id {value}"
            return CheckFailure(key, f"another PhoneNumberBinding of this program binds "
                                     f"{shown} too{also}; a number serves one application "
                                     f"and rule, so declare it once")
    return None


class PhoneNumberBindingProvider(ObjectProvider):
    """Binds an owned number to an application (and rule), moves it in place, unbinds it."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    id_output = "phone_id"
    operations = "pulumi_voxbind.resources.phone_number.operations:PhoneNumberOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The shared check, then: is this number declared twice?"""
        result = super().check(olds, news)
        duplicate = duplicate_failure(dict(result.inputs))
        failures = list(result.failures or [])
        if duplicate is not None:
            failures.append(duplicate)
        return CheckResult(result.inputs, failures)
