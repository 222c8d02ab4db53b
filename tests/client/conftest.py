"""Fixtures for client tests: throwaway RSA keys, key files and a loopback API server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pulumi_voxbind import Credentials, VoximplantClient

from .apiserver import ApiServer

ACCOUNT_ID = 4242
KEY_ID = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc"
EMAIL = "ci@example.com"


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """One RSA key per test session (generation is the slow part)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def pem(rsa_key: rsa.RSAPrivateKey) -> str:
    """The key as unencrypted PKCS#8 PEM, as the control panel writes it."""
    return rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def key_data(pem: str) -> dict[str, Any]:
    """A valid key-file object (top-level shape)."""
    return {"account_email": EMAIL, "account_id": ACCOUNT_ID, "key_id": KEY_ID, "private_key": pem}


@pytest.fixture(scope="session")
def credentials(pem: str) -> Credentials:
    """Credentials loaded from valid JSON (once: loading validates the RSA key, ~50 ms)."""
    data = {"account_email": EMAIL, "account_id": ACCOUNT_ID, "key_id": KEY_ID, "private_key": pem}
    return Credentials.from_json(json.dumps(data))


@pytest.fixture
def key_file(tmp_path: Path, key_data: dict[str, Any]) -> Path:
    """A valid key file on disk."""
    path = tmp_path / "credentials.json"
    path.write_text(json.dumps(key_data))
    return path


@pytest.fixture
def server() -> Iterator[ApiServer]:
    """A fresh loopback server per test."""
    srv = ApiServer()
    yield srv
    srv.close()


class SleepRecorder:
    """Stands in for time.sleep: records delays without waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    """The delays the client asked to sleep."""
    return SleepRecorder()


@pytest.fixture
def make_client(
    credentials: Credentials, server: ApiServer, sleeps: SleepRecorder
) -> Iterator[Callable[..., VoximplantClient]]:
    """Build clients against the loopback server with no real backoff sleeping."""
    clients: list[VoximplantClient] = []

    def make(**kwargs: Any) -> VoximplantClient:
        kwargs.setdefault("sleep", sleeps)
        kwargs.setdefault("backoff_base", 0.01)
        kwargs.setdefault("backoff_max", 0.05)
        kwargs.setdefault("connect_timeout", 2.0)
        kwargs.setdefault("read_timeout", 5.0)
        kwargs.setdefault("deadline", 10.0)
        client = VoximplantClient(credentials, kwargs.pop("endpoint", server.url), **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
