"""What Secret does to the API on create, update, read and delete.

AddSecret creates, SetSecretInfo changes the value, description and name in place (one call),
DelSecret deletes. The value goes to the API and nowhere else: outputs carry its keyed digest
(secret/digest.py), refresh compares the live value's digest in memory and reports a change
without storing the value, and the next `up` sets the declared value again.
"""

from __future__ import annotations

import logging
from typing import Any

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import InvalidParameterError, NotFoundError
from pulumi_voxbind.resources import cache, ownership
from pulumi_voxbind.resources.binding.resolver import Application
from pulumi_voxbind.resources.common import ResourceError, held_back, normalize_id
from pulumi_voxbind.resources.secret.digest import digest_like
from pulumi_voxbind.resources.secret.inputs import KIND, declared

log = logging.getLogger("pulumi_voxbind.provider")
APPLICATION_GONE_CODES = {107, 116, 558}
INVALID = 496  # what the API answers for an unknown or taken secret id / name (no own code)


def declared_identity(client: VoximplantClient, inputs: dict[str, Any]) -> tuple[Any, ...] | None:
    """(application id, secret name) a checked declaration names; None while unknown."""
    name = inputs.get("secret_name")
    app_id = cache.declared_application_id(client, inputs)
    if not isinstance(name, str) or app_id in (None, cache.UNKNOWN_APPLICATION):
        return None
    return (app_id, name)


def outputs(secret_id: int, name: str, app: Application, description: str | None,
            digest: str | None, news: dict[str, Any], adopted: bool) -> dict[str, Any]:
    """The resource outputs (pinned: secret_id, secret_name, application_id, description)."""
    return {
        "secret_id": secret_id,
        "secret_name": name,
        "application_id": app.id,
        "application_name": app.name,
        "description": description,
        "value_digest": digest,
        "declared": declared(news),
        "adopted": adopted,
    }


def describe(name: str, app: Application, secret_id: int | None = None) -> str:
    ident = f" (id {secret_id})" if secret_id else ""
    return f"secret {name!r}{ident} of application {app.name!r}"


class SecretOperations:
    """Create, update, read and delete of one application secret."""

    def __init__(self, client: VoximplantClient, digest_key: bytes | None = None) -> None:
        self.client = client
        self._digest_key = digest_key

    def digest_key(self) -> bytes:
        """The HMAC key for value digests (from the configured credentials)."""
        if self._digest_key is None:
            raise ResourceError("Secret: no digest key (the provider sets one from the "
                                "credentials)")
        return self._digest_key

    def _application(self, props: dict[str, Any]) -> Application:
        return cache.application_for(self.client, normalize_id(props.get("application_id")),
                                     props.get("application_name"))

    def create(self, news: dict[str, Any]) -> dict[str, Any]:
        """AddSecret, or take over an existing secret of that name with adopt (value set)."""
        app = self._application(news)
        name = str(news["secret_name"])
        existing = self.client.find_secret(app.id, secret_name=name)
        if existing is None:
            try:
                secret_id = self.client.add_secret(app.id, name, str(news["secret_value"]),
                                                   description=news.get("description"))
            except InvalidParameterError as exc:  # maybe taken meanwhile (no own error code)
                existing = self.client.find_secret(app.id, secret_name=name)
                if existing is None or exc.code != INVALID:
                    raise
            else:
                return outputs(secret_id, name, app, news.get("description"),
                               news.get("value_digest"), news, adopted=False)
        secret_id = int(existing["secret_id"])
        if not news.get("adopt"):
            raise ResourceError(
                f"Secret: {describe(name, app, secret_id)} already exists and Pulumi does not "
                f"take over existing objects silently. To manage it from now on, set "
                f"adopt=True on this Secret (its value is then replaced by yours; pulumi "
                f"destroy deletes it; add retain_on_delete=True to keep it). If you renamed "
                f"the Pulumi resource, add aliases=[pulumi.Alias(name=<old name>)] instead.")
        self.client.set_secret_info(app.id, secret_id, secret_value=str(news["secret_value"]),
                                    description=news.get("description"))
        log.warning("Secret: adopted the existing %s", describe(name, app, secret_id))
        description = news.get("description") or existing.get("description")
        return outputs(secret_id, name, app, description, news.get("value_digest"), news,
                       adopted=True)

    def update(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """One SetSecretInfo with what changed: new_secret_name, secret_value, description."""
        app = Application(normalize_id(olds.get("application_id")) or 0,
                          str(olds.get("application_name") or ""))
        secret_id = normalize_id(olds.get("secret_id")) or 0
        old_name = str(olds.get("secret_name") or "")
        name = str(news["secret_name"])
        if name != old_name and ownership.still_declared(
                KIND, (app.id, old_name), lambda d: declared_identity(self.client, d)):
            raise ResourceError(held_back(describe(old_name, app, secret_id), name))
        digest = news.get("value_digest")
        value = str(news["secret_value"]) if digest is None or \
            digest != olds.get("value_digest") else None
        description = news.get("description")
        if description == olds.get("description"):
            description = None
        try:
            self.client.set_secret_info(app.id, secret_id,
                                        new_secret_name=name if name != old_name else None,
                                        secret_value=value, description=description)
        except InvalidParameterError as exc:
            if exc.code in APPLICATION_GONE_CODES or (
                    exc.code == INVALID and self.client.find_secret(
                        app.id, secret_id=secret_id) is None):
                raise ResourceError(
                    f"Secret: {describe(old_name, app, secret_id)} no longer exists; run "
                    f"`pulumi refresh` to drop it from the state, then `pulumi up` creates it "
                    f"again") from None
            if exc.code == INVALID and name != old_name:
                raise ResourceError(
                    f"Secret: cannot rename {describe(old_name, app, secret_id)} to "
                    f"{name!r}: the application may already have a secret of that name; "
                    f"rename or delete it first, or choose another secret_name ({exc})"
                ) from None
            raise
        return outputs(secret_id, name, app, news.get("description") or olds.get("description"),
                       digest, news, bool(olds.get("adopted")))

    def read(self, olds: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live secret as (outputs, inputs); None if gone. The value is read only to
        digest it in memory; it is returned nowhere. Works from the state, or for an import
        from `application_id` and `secret_name` alone."""
        app_id = normalize_id(olds.get("application_id")) or 0
        secret_id = normalize_id(olds.get("secret_id"))
        try:
            if olds.get("application_name"):
                app = Application(app_id, str(olds["application_name"]))
            else:
                app = cache.application_for(self.client, app_id, None)
            found = None
            if secret_id is not None:
                found = self.client.find_secret(app_id, secret_id=secret_id)
            elif olds.get("secret_name"):
                found = self.client.find_secret(app_id, secret_name=str(olds["secret_name"]))
            if found is None:
                return None
            secret_id = int(found["secret_id"])
            value = self.client.get_secret_value(app_id, secret_id)
        except NotFoundError as exc:
            if exc.code in APPLICATION_GONE_CODES:
                return None
            raise
        importing = "declared" not in olds
        inputs = dict(olds.get("declared") or {})
        if importing:
            inputs["application_id"] = app_id
        inputs["secret_name"] = str(found["secret_name"])
        live_description = found.get("description") or None
        if live_description is not None or "description" in inputs:
            inputs["description"] = live_description
        inputs = {k: v for k, v in inputs.items() if v is not None}
        digest = digest_like(olds.get("value_digest"), self.digest_key(), value)
        del value
        inputs["value_digest"] = digest
        outs = outputs(secret_id, str(found["secret_name"]), app, live_description, digest,
                       inputs, bool(olds.get("adopted")) or importing)
        return outs, inputs

    def delete(self, resource_id: str, olds: dict[str, Any]) -> None:
        """DelSecret, unless the deployment still declares the secret; gone is fine."""
        app_id = normalize_id(olds.get("application_id")) or 0
        secret_id = normalize_id(olds.get("secret_id")) or 0
        name = str(olds.get("secret_name") or "")
        if not ownership.is_delete_before_replace(KIND, resource_id) and \
                ownership.still_declared(KIND, (app_id, name),
                                         lambda d: declared_identity(self.client, d)):
            log.warning("Secret %r (id %s) is still declared by this deployment; not deleting "
                        "it", name, secret_id)
            return
        try:
            self.client.del_secret(app_id, secret_id)
        except InvalidParameterError as exc:
            if exc.code in APPLICATION_GONE_CODES:
                return
            if exc.code == INVALID and self.client.find_secret(app_id,
                                                               secret_id=secret_id) is None:
                return
            raise
