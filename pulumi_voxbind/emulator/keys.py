"""Service-account keys: generation, registration, and the ``--credentials-out`` key file.

The key file has the control panel's shape (``account_email``, ``account_id``, ``key_id``,
``private_key`` as PKCS#8 PEM) and is written with mode 0600. Private keys are never logged.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .auth import KeyRing
from .backend import Backend


def generate_key() -> tuple[str, str]:
    """Return a new RSA-2048 key pair as ``(private PKCS#8 PEM, public SPKI PEM)``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def create_credentials(backend: Backend, keyring: KeyRing,
                       account: dict[str, Any] | None = None) -> dict[str, Any]:
    """Generate and register a new key; return the key-file contents.

    With `account` (``account_id`` and ``account_email``) the key belongs to that other
    account: it signs valid tokens, which the emulator, serving one account, refuses with 100
    (see ``Emulator.call``). Such keys live in memory only, never in the state file.
    """
    private, public = generate_key()
    key_id = str(uuid.uuid4())
    owner = account or backend.account
    if account is None:
        backend.add_key(key_id, public)
    keyring.add(key_id, owner["account_id"], public)
    return {
        "account_email": owner["account_email"],
        "account_id": owner["account_id"],
        "key_id": key_id,
        "private_key": private,
    }


def read_credentials(path: Path) -> dict[str, Any] | None:
    """Read a key file (top level or nested under ``"result"``); None if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("result"), dict):
        data = data["result"]
    needed = ("account_email", "account_id", "key_id", "private_key")
    if not isinstance(data, dict) or not all(name in data for name in needed):
        return None
    return data


def write_credentials(path: Path, credentials: dict[str, Any]) -> None:
    """Write the key file atomically with mode 0600 (never readable by others, even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(credentials, handle, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o600)  # in case the file already existed with a wider mode
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def ensure_credentials(path: str | Path, backend: Backend, keyring: KeyRing) -> dict[str, Any]:
    """Reuse the key file at ``path`` if the state knows its key, else write a new one."""
    path = Path(path)
    existing = read_credentials(path) if path.exists() else None
    if (
        existing is not None
        and existing["key_id"] in keyring
        and str(existing["account_id"]) == str(backend.account["account_id"])
    ):
        return existing
    credentials = create_credentials(backend, keyring)
    write_credentials(path, credentials)
    return credentials
