"""The Pulumi dynamic provider behind Secret (class path pinned in pulumi_voxbind.provider).

Everything it does is in `ObjectProvider` (resources/base.py); `check` also puts the value's
keyed digest (secret/digest.py) into the checked inputs, keeping the previous digest's salt, so
that `diff` stays offline and a changed value shows as a change without being shown. Without
credentials (a preview may run without them) there is no digest and the value shows as
changing.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CheckResult

from pulumi_voxbind.resources.base import ObjectOperations, ObjectProvider, user_inputs
from pulumi_voxbind.resources.common import is_unknown
from pulumi_voxbind.resources.secret.inputs import KIND, check_inputs
from pulumi_voxbind.resources.secret.planning import plan_diff


class SecretProvider(ObjectProvider):
    """Creates (AddSecret), changes in place (SetSecretInfo), reads and deletes one secret."""

    # Pickled by reference under this path (see pulumi_voxbind/provider.py): never change it.
    __module__ = "pulumi_voxbind.provider"

    kind = KIND
    id_output = "secret_id"
    operations = "pulumi_voxbind.resources.secret.operations:SecretOperations"
    check_inputs = staticmethod(check_inputs)
    plan_diff = staticmethod(plan_diff)

    def _digest_key(self) -> bytes:
        from pulumi_voxbind.resources.secret.digest import key_for

        return key_for(self._settings)

    def _operations(self) -> ObjectOperations:
        from pulumi_voxbind.resources.secret.operations import SecretOperations
        from pulumi_voxbind.resources.settings import client_for

        return SecretOperations(client_for(self._settings), self._digest_key())

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The shared check, then the value's digest (salt kept from the old inputs)."""
        result = super().check(olds, news)
        inputs = dict(result.inputs)
        failures = list(result.failures or [])
        value = inputs.get("secret_value")
        if isinstance(value, str) and value and not is_unknown(value) and not failures:
            from pulumi_voxbind.resources.secret.digest import digest_like

            try:
                key = self._digest_key()
            except Exception:
                # Preview needs no credentials: without the key the value cannot be compared,
                # so the plan says it changes (never "unchanged" when that may be false);
                # create and update fail on the credentials anyway.
                pass
            else:
                inputs["value_digest"] = digest_like(user_inputs(olds).get("value_digest"),
                                                     key, value)
        return CheckResult(inputs, failures)
