"""The Pulumi dynamic provider behind PhoneNumberBinding (class path pinned in
pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); `check` also refuses a second
PhoneNumberBinding of the same number in the deployment (a number serves one application).
"""

from __future__ import annotations

import threading
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult

from pulumi_voxbind.resources import declarations
from pulumi_voxbind.resources.base import ObjectProvider
from pulumi_voxbind.resources.common import meta_of
from pulumi_voxbind.resources.phone_number.inputs import KIND, check_inputs, number_identity
from pulumi_voxbind.resources.phone_number.planning import plan_diff

_claims: dict[tuple[str, Any], str] = {}  # number -> the resource that declared it first
_claims_lock = threading.Lock()


def duplicate_failure(inputs: dict[str, Any], resource_name: str | None) -> CheckFailure | None:
    """A failure if another PhoneNumberBinding checked in this deployment names the number.

    The engine checks each resource once per command (one provider process), so a second
    resource name claiming a number is a second binding of it. Without a name (a caller that
    does not pass one) a declaration of the number with other inputs counts as a second one.
    """
    ident = number_identity(inputs)
    if ident is None:
        return None
    other: str | None = None
    if resource_name is not None:
        with _claims_lock:
            first = _claims.setdefault(ident, resource_name)
        if first != resource_name:
            other = f"PhoneNumberBinding {first!r}"
    else:
        mine = declarations.fingerprint(inputs)
        if any(number_identity(d) == ident and declarations.fingerprint(d) != mine
               for d in declarations.declared(KIND)):
            other = "another PhoneNumberBinding"
    if other is None:
        return None
    key, value = ident
    shown = f"+{value}" if key == "phone_number" else f"phone_id {value}"
    return CheckFailure(key, f"{other} of this program binds {shown} too; a number serves "
                             f"one application and rule, so declare it once")


def forget_claims() -> None:
    """Clear the record (tests that reuse one process for several deployments)."""
    with _claims_lock:
        _claims.clear()


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
        # Both doors pass the resource's name in the hidden meta input (common.resource_meta).
        name = meta_of(news).get("name")
        duplicate = duplicate_failure(dict(result.inputs), name if isinstance(name, str) else None)
        failures = list(result.failures or [])
        if duplicate is not None:
            failures.append(duplicate)
        return CheckResult(result.inputs, failures)
