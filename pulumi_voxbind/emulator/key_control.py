"""Control endpoints for keys: make one (of this account or another), revoke one.

    POST /_emulator/keys         body {} or {"account_id": n, "account_email": "..."}: a new
                                 key; returns the key file (private key included: these
                                 endpoints are for tests on loopback). With another account's
                                 id the key signs valid tokens that the emulator refuses (100).
    POST /_emulator/keys/revoke  body {"key_id": "..."}: tokens of that key get 433 from now on
                                 (and after restarts with --state); 404 for an unknown key id
"""

from __future__ import annotations

import json
from typing import Any

from .app import Emulator, Reply, json_reply
from .keys import create_credentials


def handle_keys(emulator: Emulator, verb: str, path: str, body: bytes) -> Reply | None:
    """Serve a key control request, or None if the route is not one of these."""
    route = (verb, path.rstrip("/"))
    if route == ("POST", "/_emulator/keys"):
        return _create(emulator, body)
    if route == ("POST", "/_emulator/keys/revoke"):
        return _revoke(emulator, body)
    return None


def _object(body: bytes) -> dict[str, Any] | None:
    try:
        data: Any = json.loads(body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _create(emulator: Emulator, body: bytes) -> Reply:
    data = _object(body)
    if data is None or set(data) - {"account_id", "account_email"}:
        return json_reply({"error": "body must be {} or {\"account_id\": n, "
                                    "\"account_email\": \"...\"}"}, status=400)
    account = None
    own = emulator.backend.account
    account_id = data.get("account_id", own["account_id"])
    if isinstance(account_id, bool) or not isinstance(account_id, int) or account_id <= 0:
        return json_reply({"error": "account_id must be a positive integer"}, status=400)
    if account_id != own["account_id"]:
        email = data.get("account_email", f"account{account_id}@example.com")
        if not isinstance(email, str):
            return json_reply({"error": "account_email must be a string"}, status=400)
        account = {"account_id": account_id, "account_email": email}
    return json_reply(create_credentials(emulator.backend, emulator.keyring, account))


def _revoke(emulator: Emulator, body: bytes) -> Reply:
    data = _object(body)
    key_id = data.get("key_id") if data is not None else None
    if not isinstance(key_id, str) or set(data or {}) != {"key_id"}:
        return json_reply({"error": "body must be {\"key_id\": \"...\"}"}, status=400)
    if not emulator.keyring.revoke(key_id):
        return json_reply({"error": "no such key id"}, status=404)
    emulator.backend.delete_key(key_id)
    return json_reply({"result": 1})
