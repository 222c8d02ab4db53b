"""Test helpers: a plain HTTP caller (requests), JWT minting with PyJWT, the standard seed."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
import urllib3
from cryptography.hazmat.primitives.serialization import load_pem_private_key

SEED: dict[str, Any] = {
    "applications": [
        {
            "name": "ivr",
            "rules": [
                {"name": "inbound", "pattern": ".*", "scenarios": ["greeting", "menu"]},
                {"name": "outbound", "pattern": "^\\+1.*"},
            ],
        },
        {"name": "other", "rules": [{"name": "inbound", "pattern": "7.*"}]},
    ],
    "scenarios": [
        {"name": "greeting", "application": "ivr", "script": "// greeting"},
        {"name": "menu", "application": "ivr", "script": "// menu"},
        {"name": "goodbye", "application": "ivr"},
        {"name": "other-main", "application": "other"},
        {"name": "shared-hello", "script": "// shared"},
    ],
}


@functools.lru_cache(maxsize=64)
def private_key(pem: str) -> Any:
    """Parse a PEM private key once (parsing validates the RSA key and takes ~40 ms)."""
    return load_pem_private_key(pem.encode(), password=None)


def sign(
    credentials: dict[str, Any],
    *,
    claims: dict[str, Any] | None = None,
    header: dict[str, Any] | None = None,
    key: Any = None,
    algorithm: str = "RS256",
) -> str:
    """Sign a JWT; ``claims``/``header`` override the valid defaults (None values drop a claim).

    PyJWS signs the raw JSON payload, so claims PyJWT's encode() refuses (an integer ``iss``)
    can be tested too.
    """
    now = int(time.time())
    body: dict[str, Any] = {"iss": str(credentials["account_id"]), "iat": now - 5, "exp": now + 60}
    body.update(claims or {})
    body = {name: value for name, value in body.items() if value is not None}
    headers = {"kid": credentials["key_id"], **(header or {})}
    signing_key = private_key(credentials["private_key"]) if key is None else key
    return jwt.PyJWS().encode(
        json.dumps(body).encode(), signing_key, algorithm=algorithm, headers=headers
    )


def wire_value(value: Any) -> str:
    """Encode a parameter the way the official clients do."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(item) for item in value)
    return str(value)


def pieces(body: bytes, size: int = 7) -> Iterator[bytes]:
    """The body in small pieces: requests then sends it chunked, without Content-Length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


class Api:
    """Calls the emulator over real HTTP, in any of the wire forms the official clients use."""

    def __init__(self, url: str, credentials: dict[str, Any]) -> None:
        self.url = url
        self.credentials = credentials
        self.session = requests.Session()

    def response(
        self, method: str, *, form: str = "post", token: str | None = None, **params: Any
    ) -> requests.Response:
        """Send one call; ``form`` is post (path), cmd, get, multipart, or a chunked body:
        chunked (multipart with ``cmd``, as the Node.js client streams it) or chunked-form."""
        fields = {name: wire_value(value) for name, value in params.items()}
        headers = {"Authorization": f"Bearer {token or sign(self.credentials)}"}
        if form == "post":
            return self.session.post(f"{self.url}/{method}", data=fields, headers=headers)
        if form == "cmd":
            return self.session.post(self.url, data={**fields, "cmd": method}, headers=headers)
        if form == "get":
            return self.session.get(f"{self.url}/{method}", params=fields, headers=headers)
        if form == "multipart":
            files = {name: (None, value) for name, value in {**fields, "cmd": method}.items()}
            return self.session.post(self.url, files=files, headers=headers)
        if form == "chunked":
            body, content_type = urllib3.encode_multipart_formdata({**fields, "cmd": method})
            headers["Content-Type"] = content_type
            return self.session.post(self.url, data=pieces(body), headers=headers)
        if form == "chunked-form":
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return self.session.post(f"{self.url}/{method}", data=pieces(body), headers=headers)
        raise ValueError(form)

    def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one call and return the decoded JSON (asserting HTTP 200)."""
        response = self.response(method, **params)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == "application/json"
        return response.json()

    def ok(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one call that must succeed."""
        body = self(method, **params)
        assert "error" not in body, body
        return body

    def error(self, method: str, **params: Any) -> tuple[int, str]:
        """Send one call that must fail; return ``(code, msg)``."""
        body = self(method, **params)
        assert set(body) == {"error"}, body
        return body["error"]["code"], body["error"]["msg"]

    def rule(self, application: str, name: str) -> dict[str, Any]:
        """Look a rule up by exact name, with its scenarios."""
        rules = self.ok("GetRules", application_name=application, with_scenarios=True)["result"]
        return next(r for r in rules if r["rule_name"] == name)

    def scenario_id(self, name: str) -> int:
        """Look a scenario id up by exact name."""
        found = self.ok("GetScenarios", scenario_name=name, count=1000)["result"]
        return next(s["scenario_id"] for s in found if s["scenario_name"] == name)

    def bound(self, application: str, rule: str) -> list[str]:
        """The rule's bound scenario names in order, as GetRules reports them."""
        return [s["scenario_name"] for s in self.rule(application, rule)["scenarios"]]

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()
