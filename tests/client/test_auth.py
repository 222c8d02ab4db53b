"""JWT minting: claims and header verified with the public key, caching, re-minting."""

from __future__ import annotations

import pickle
import threading
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from pulumi_voxbind import Credentials
from pulumi_voxbind.api.auth import JWTAuth

from .conftest import ACCOUNT_ID, KEY_ID

NOW = 1_800_000_000


class Clock:
    """A settable wall clock."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def decode(token: str, key: rsa.RSAPrivateKey) -> tuple[dict[str, Any], dict[str, Any]]:
    """Verify the signature with the public key; return (header, claims)."""
    claims = jwt.decode(
        token,
        key.public_key(),
        algorithms=["RS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    return jwt.get_unverified_header(token), claims


def test_token_header_and_claims(credentials: Credentials, rsa_key: rsa.RSAPrivateKey) -> None:
    header, claims = decode(JWTAuth(credentials, clock=Clock()).token(), rsa_key)
    assert header == {"alg": "RS256", "typ": "JWT", "kid": KEY_ID}
    assert claims == {"iss": str(ACCOUNT_ID), "iat": NOW - 5, "exp": NOW - 5 + 300}


def test_token_verifies_against_real_clock(
    credentials: Credentials, rsa_key: rsa.RSAPrivateKey
) -> None:
    token = JWTAuth(credentials).token()
    claims = jwt.decode(token, rsa_key.public_key(), algorithms=["RS256"], issuer=str(ACCOUNT_ID))
    assert claims["exp"] - claims["iat"] <= 3600


def test_max_lifetime_is_exactly_3600(credentials: Credentials, rsa_key: rsa.RSAPrivateKey) -> None:
    _, claims = decode(JWTAuth(credentials, lifetime=3600, clock=Clock()).token(), rsa_key)
    assert claims["exp"] - claims["iat"] == 3600


@pytest.mark.parametrize("lifetime", [0, -1, 3601])
def test_lifetime_out_of_range(credentials: Credentials, lifetime: int) -> None:
    with pytest.raises(ValueError, match="lifetime must be between 1 and 3600"):
        JWTAuth(credentials, lifetime=lifetime)


@pytest.mark.parametrize("lifetime", [True, 300.0, "300"])
def test_lifetime_must_be_int(credentials: Credentials, lifetime: Any) -> None:
    with pytest.raises(TypeError):
        JWTAuth(credentials, lifetime=lifetime)


def test_refresh_margin_must_be_shorter_than_lifetime(credentials: Credentials) -> None:
    with pytest.raises(ValueError, match="refresh_margin"):
        JWTAuth(credentials, lifetime=30, refresh_margin=30)


def test_token_is_reused_until_30s_before_exp(credentials: Credentials) -> None:
    clock = Clock()
    auth = JWTAuth(credentials, clock=clock)
    first = auth.token()
    exp = NOW - 5 + 300
    clock.now = exp - 31
    assert auth.token() == first
    clock.now = exp - 30
    second = auth.token()
    assert second != first
    assert jwt.decode(second, options={"verify_signature": False})["iat"] == exp - 30 - 5


def test_invalidate_forces_new_token(credentials: Credentials) -> None:
    clock = Clock()
    auth = JWTAuth(credentials, clock=clock)
    first = auth.token()
    clock.now += 1
    auth.invalidate("some-other-token")
    assert auth.token() == first  # a stale invalidation does not drop the current token
    auth.invalidate(first)
    assert auth.token() != first


def test_clock_ahead_backdates_further(credentials: Credentials) -> None:
    auth = JWTAuth(credentials, clock=Clock())
    auth.invalidate(auth.token(), clock_ahead=True)
    claims = jwt.decode(auth.token(), options={"verify_signature": False})
    assert claims["iat"] == NOW - 60
    assert claims["exp"] - claims["iat"] == 300


def test_threads_share_one_token(credentials: Credentials) -> None:
    auth = JWTAuth(credentials)
    tokens: list[str] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        tokens.extend(auth.token() for _ in range(20))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tokens) == 160 and len(set(tokens)) == 1


def test_sets_bearer_header(credentials: Credentials) -> None:
    auth = JWTAuth(credentials)
    prepared = requests.Request("POST", "http://127.0.0.1/x").prepare()
    assert auth(prepared).headers["Authorization"] == f"Bearer {auth.token()}"


def test_repr_and_pickle_do_not_leak(credentials: Credentials) -> None:
    auth = JWTAuth(credentials)
    token = auth.token()
    assert token not in repr(auth) and "key_id" in repr(auth)
    with pytest.raises(TypeError):
        pickle.dumps(auth)
