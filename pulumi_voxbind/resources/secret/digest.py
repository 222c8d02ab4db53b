"""The digest of a secret value kept in state, so that refresh can tell a changed value
without the value ever being stored.

A bare SHA-256 of a low-entropy secret (a short token, a PIN) can be brute-forced by anyone
who reads the state. The digest is therefore an HMAC-SHA256 keyed with a key derived from the
stack's Voximplant service-account private key (never in state) plus a random per-secret salt:
whoever can recompute it can read the secret through the API anyway. Format:
`hmac-sha256:v1:<key id>:<salt hex>:<mac hex>`; the key id (8 hex digits of a hash of the
derived key) tells a digest made with other credentials apart, which then reads as "changed"
and the next `up` sets the value again (one SetSecretInfo, harmless).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pulumi_voxbind.resources.settings import ProviderSettings

PREFIX = "hmac-sha256:v1"
_CONTEXT = b"pulumi-voxbind secret value digest v1"
_keys: dict[str, bytes] = {}
_lock = threading.Lock()


def key_from_private_key(der: bytes) -> bytes:
    """The digest key for one service-account key (its DER bytes never leave this function)."""
    return hmac.new(der, _CONTEXT, hashlib.sha256).digest()


def key_for(settings: ProviderSettings) -> bytes:
    """The digest key of the configured credentials (loaded once per process and source)."""
    import os

    from cryptography.hazmat.primitives import serialization

    from pulumi_voxbind.resources.settings import ENV_CREDENTIALS, load_credentials

    source = ("config:" + hashlib.sha256(settings.credentials_json.encode()).hexdigest()
              if settings.credentials_json else "env:" + os.environ.get(ENV_CREDENTIALS, ""))
    with _lock:
        found = _keys.get(source)
    if found is not None:
        return found
    der = load_credentials(settings).private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    key = key_from_private_key(der)
    with _lock:
        _keys[source] = key
    return key


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"key id\0" + key).hexdigest()[:8]


def salt_of(digest: object, key: bytes) -> bytes | None:
    """The salt of a digest made with this key; None for another key or no digest."""
    if not isinstance(digest, str):
        return None
    parts = digest.split(":")
    if len(parts) != 5 or ":".join(parts[:2]) != PREFIX or parts[2] != key_id(key):
        return None
    try:
        return bytes.fromhex(parts[3])
    except ValueError:
        return None


def value_digest(key: bytes, value: str, salt: bytes | None = None) -> str:
    """The digest of a value (a fresh salt unless one is given)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    mac = hmac.new(key, salt + value.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{PREFIX}:{key_id(key)}:{salt.hex()}:{mac}"


def digest_like(previous: object, key: bytes, value: str) -> str:
    """The value's digest with the previous digest's salt where it has one (so an unchanged
    value gives the same digest); a fresh salt otherwise."""
    return value_digest(key, value, salt_of(previous, key))
