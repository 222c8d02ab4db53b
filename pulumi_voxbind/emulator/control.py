"""Control endpoints under ``/_emulator/``, apart from the emulated API (like moto's /moto-api).

    GET  /_emulator/stats        {"total": n, "requests": {"Method": n}}
    POST /_emulator/reset-stats  {"result": 1} (also resets /_emulator/clients)
    GET  /_emulator/clients      {"connections": n, "tokens": n}: connections that carried
                                 API requests and distinct tokens, since start or reset
    GET  /_emulator/faults       {"fail_rate": f, "latency_ms": n, "random_seed": n}
    POST /_emulator/faults       JSON body with any of those keys; returns the new settings
    GET  /_emulator/lost-replies  per write method: how its replies are lost, and how many were
    POST /_emulator/lost-replies  {"AddRule": {"count": 1, "reply": "close"}, ...} adds rules
                                 (see lost_replies.py); {"clear": true} drops them all
    GET  /_emulator/snapshot     applications with rules in routing order (bound scenario ids
                                 in execution order), scenarios with script SHA-256s, phone
                                 numbers (where bound), secrets (names only) and the SIP
                                 white list
    POST /_emulator/keys         a new key (of this account, or of another); see key_control
    POST /_emulator/keys/revoke  revoke a key id: its tokens get 433

They need no token. Bad input gets HTTP 400 with ``{"error": "<text>"}``; unknown paths 404.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .app import Emulator, Reply, json_reply
from .key_control import handle_keys

_FAULT_KEYS = {"fail_rate", "latency_ms", "random_seed"}


def handle_control(emulator: Emulator, verb: str, path: str, body: bytes) -> Reply:
    """Serve one control request."""
    route = (verb, path.rstrip("/"))
    if route == ("GET", "/_emulator/stats"):
        return json_reply(emulator.stats.snapshot())
    if route == ("POST", "/_emulator/reset-stats"):
        emulator.stats.reset()
        emulator.clients.reset()
        return json_reply({"result": 1})
    if route == ("GET", "/_emulator/clients"):
        return json_reply(emulator.clients.snapshot())
    if route == ("GET", "/_emulator/faults"):
        return json_reply(dataclasses.asdict(emulator.faults.settings))
    if route == ("POST", "/_emulator/faults"):
        return _set_faults(emulator, body)
    if route == ("GET", "/_emulator/lost-replies"):
        return json_reply(emulator.lost_replies.settings())
    if route == ("POST", "/_emulator/lost-replies"):
        return _set_lost_replies(emulator, body)
    if route == ("GET", "/_emulator/snapshot"):
        return json_reply(emulator.backend.snapshot())
    keys = handle_keys(emulator, verb, path, body)
    if keys is not None:
        return keys
    return json_reply({"error": f"no control endpoint {verb} {path}"}, status=404)


def _set_faults(emulator: Emulator, body: bytes) -> Reply:
    try:
        data: Any = json.loads(body or b"{}")
    except ValueError:
        return json_reply({"error": "body must be a JSON object"}, status=400)
    if not isinstance(data, dict) or set(data) - _FAULT_KEYS:
        return json_reply({"error": f"body must be a JSON object with {sorted(_FAULT_KEYS)}"}, 400)
    for name, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return json_reply({"error": f"{name} must be a number"}, status=400)
    try:
        settings = emulator.faults.configure(**data)
    except (ValueError, OverflowError) as err:
        return json_reply({"error": str(err)}, status=400)
    return json_reply(dataclasses.asdict(settings))


def _set_lost_replies(emulator: Emulator, body: bytes) -> Reply:
    try:
        data: Any = json.loads(body or b"{}")
    except ValueError:
        return json_reply({"error": "body must be a JSON object"}, status=400)
    if not isinstance(data, dict):
        return json_reply({"error": "body must be a JSON object of method -> rule"}, 400)
    try:
        return json_reply(emulator.lost_replies.configure(data))
    except ValueError as err:
        return json_reply({"error": str(err)}, status=400)
