"""The JWT rejection matrix: every way a token can be wrong, and the code it earns."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .support import Api, private_key, sign


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header: dict[str, Any], claims: Any, signature: bytes = b"") -> str:
    head = b64(json.dumps(header).encode())
    body = b64(json.dumps(claims).encode())
    return f"{head}.{body}.{b64(signature)}"


def valid_claims(creds: dict[str, Any]) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": str(creds["account_id"]), "iat": now - 5, "exp": now + 60}


def hs256_with_public_key(creds: dict[str, Any]) -> str:
    """The classic algorithm-confusion forgery: HMAC keyed with the RSA public key PEM."""
    public_pem = (
        private_key(creds["private_key"])
        .public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": creds["key_id"]}
    unsigned = raw_token(header, valid_claims(creds)).rsplit(".", 1)[0]
    mac = hmac.new(public_pem, unsigned.encode(), hashlib.sha256).digest()
    return f"{unsigned}.{b64(mac)}"


def rs256_raw(creds: dict[str, Any], header: dict[str, Any]) -> str:
    """A correctly RS256-signed token with a header PyJWT would refuse to produce."""
    unsigned = raw_token({"alg": "RS256", **header}, valid_claims(creds)).rsplit(".", 1)[0]
    key = private_key(creds["private_key"])
    signature = key.sign(unsigned.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{unsigned}.{b64(signature)}"


def foreign_key() -> Any:
    """An RSA key the emulator has never seen."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def tampered(creds: dict[str, Any]) -> str:
    head, _, sig = sign(creds).split(".")
    claims = {**valid_claims(creds), "exp": int(time.time()) + 120}
    return f"{head}.{b64(json.dumps(claims).encode())}.{sig}"


def now() -> int:
    return int(time.time())


SECRET = "a-shared-secret-of-at-least-32-bytes"

# (case id, token factory, expected code)
CASES: list[tuple[str, Callable[[dict[str, Any]], str], int]] = [
    ("garbage", lambda c: "not-a-jwt", 447),
    ("two-segments", lambda c: ".".join(sign(c).split(".")[:2]), 447),
    ("bad-base64", lambda c: "%%%." + sign(c).split(".", 1)[1], 447),
    ("alg-none", lambda c: raw_token({"alg": "none", "kid": c["key_id"]}, valid_claims(c)), 447),
    ("hs256-secret", lambda c: sign(c, key=SECRET, algorithm="HS256"), 447),
    ("hs256-public-key-pem", hs256_with_public_key, 447),
    ("rs512", lambda c: sign(c, algorithm="RS512"), 447),
    ("ps256", lambda c: sign(c, algorithm="PS256"), 447),
    (
        "es256",
        lambda c: sign(c, key=ec.generate_private_key(ec.SECP256R1()), algorithm="ES256"),
        447,
    ),
    ("kid-missing", lambda c: rs256_raw(c, {"typ": "JWT"}), 447),
    ("kid-number", lambda c: rs256_raw(c, {"kid": 7}), 447),
    ("kid-unknown", lambda c: sign(c, header={"kid": "00000000-dead-beef-0000-000000000000"}), 433),
    ("foreign-key", lambda c: sign(c, key=foreign_key()), 100),
    ("tampered-payload", tampered, 100),
    ("iss-other-account", lambda c: sign(c, claims={"iss": "999"}), 100),
    ("iss-zero", lambda c: sign(c, claims={"iss": "0"}), 100),
    ("iss-float", lambda c: sign(c, claims={"iss": float(c["account_id"])}), 100),
    ("iss-missing", lambda c: sign(c, claims={"iss": None}), 447),
    ("iat-missing", lambda c: sign(c, claims={"iat": None}), 447),
    ("exp-missing", lambda c: sign(c, claims={"exp": None}), 447),
    ("iat-string", lambda c: sign(c, claims={"iat": str(now())}), 447),
    ("claims-not-object", lambda c: raw_token({"alg": "RS256"}, [1, 2]), 447),
    ("ttl-3601", lambda c: sign(c, claims={"iat": now() - 5, "exp": now() + 3596}), 454),
    ("iat-future", lambda c: sign(c, claims={"iat": now() + 60, "exp": now() + 120}), 455),
    ("expired", lambda c: sign(c, claims={"iat": now() - 120, "exp": now() - 1}), 456),
]

MESSAGES = {
    100: "Authorization failed",
    433: "Invalid key id.",
    447: "Invalid token format.",
    454: "The token TTL exceeds the maximum limit.",
    455: "Token issued in the future.",
    456: "The token has expired.",
}


@pytest.mark.parametrize(("factory", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_tokens_are_rejected(api: Api, factory: Callable[..., str], code: int) -> None:
    token = factory(api.credentials)
    for form in ("post", "cmd"):
        assert api.error("GetApplications", form=form, token=token) == (code, MESSAGES[code])


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"]
)
def test_missing_or_non_bearer_authorization_is_100(api: Api, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = requests.post(f"{api.url}/GetApplications", headers=headers, timeout=10)
    assert response.status_code == 200
    assert response.json() == {"error": {"code": 100, "msg": "Authorization failed"}}


@pytest.mark.parametrize(
    "claims",
    [
        {},  # PyJWT-style: iss as a decimal string (the official Python client)
        {"iss": "INT"},  # iss as a number (the official Node and Go clients)
        {"iat": "NOW-5", "exp": "NOW+3595"},  # exactly the 3600 s maximum
        {"iat": "NOW+5"},  # iat slightly ahead: within the clock-skew allowance
    ],
    ids=["iss-string", "iss-number", "ttl-3600", "iat-skew"],
)
def test_good_tokens_are_accepted(api: Api, claims: dict[str, Any]) -> None:
    if claims.get("iss") == "INT":
        claims = {"iss": api.credentials["account_id"]}
    offsets = {"NOW-5": -5, "NOW+5": 5, "NOW+3595": 3595}
    claims = {k: now() + offsets[v] if v in offsets else v for k, v in claims.items()}
    token = sign(api.credentials, claims=claims)
    assert api.ok("GetApplications", token=token)["total_count"] == 2


def test_lowercase_bearer_scheme_is_accepted(api: Api) -> None:
    response = requests.post(
        f"{api.url}/GetApplications",
        headers={"Authorization": f"bearer {sign(api.credentials)}"},
        timeout=10,
    )
    assert response.json()["total_count"] == 2


def test_auth_is_checked_for_every_method(api: Api) -> None:
    for method in ("AddApplication", "BindScenario", "ReorderScenarios", "DelScenario"):
        assert api.error(method, token="x.y.z")[0] == 447
    assert api.ok("GetApplications")["total_count"] == 2  # nothing was changed


def test_hand_signed_tokens_are_accepted_when_valid(api: Api) -> None:
    """The raw signing helper behind kid-missing/kid-number produces otherwise valid tokens."""
    token = rs256_raw(api.credentials, {"kid": api.credentials["key_id"]})
    assert api.ok("GetApplications", token=token)["total_count"] == 2
