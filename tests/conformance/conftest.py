"""Fixtures: the emulator over HTTPS, and the ids of the standard seed's objects.

The official clients take only a host and always build ``https://<host>/platform_api``, so the
emulator serves TLS here with a throwaway self-signed certificate for 127.0.0.1. Each client is
pointed at it through its own settings only: the host, and the CA file it reads from the
environment (REQUESTS_CA_BUNDLE for Python, NODE_EXTRA_CA_CERTS for Node.js).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pulumi_voxbind.emulator import RunningEmulator, keys, running_emulator
from pulumi_voxbind.emulator.refs import Page, Ref
from tests.emulator.support import SEED
from tests.support.tls import self_signed_certificate


@dataclass(frozen=True)
class Tls:
    """A server certificate for 127.0.0.1 and the PEM file a client must trust for it."""

    ca_file: Path
    server_context: ssl.SSLContext


@dataclass(frozen=True)
class Seeded:
    """Ids of the standard seed's objects, looked up in the emulator's state."""

    rules: dict[str, int]  # rule name in application "ivr" -> id
    scenarios: dict[str, int]  # scenario name -> id


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """A self-signed certificate (its own CA) valid for 127.0.0.1, made once per session."""
    cert_file, key_file = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return Tls(ca_file=cert_file, server_context=context)


@pytest.fixture(scope="session")
def key_pair() -> tuple[str, str]:
    """One RSA key pair for the session (generation takes 50-300 ms)."""
    return keys.generate_key()


@pytest.fixture
def emu(
    tls: Tls, key_pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[RunningEmulator]:
    """A fresh HTTPS emulator with the standard seed; fails the test on any catch-all error."""
    monkeypatch.setattr(keys, "generate_key", lambda: key_pair)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)  # loopback must not go through a proxy
    with running_emulator(seed=SEED, ssl_context=tls.server_context) as emulator:
        yield emulator
        assert emulator.fatal_errors == 0, "a request reached the catch-all (code 1)"


@pytest.fixture
def seeded(emu: RunningEmulator) -> Seeded:
    """The seed's rule ids (application ``ivr``) and scenario ids."""
    everything = Page(count=1000)
    rules = emu.backend.get_rules(Ref(name="ivr"), None, None, None, False, everything)
    scenarios = emu.backend.get_scenarios(None, None, Ref(), False, everything)
    return Seeded(
        rules={r["rule_name"]: r["rule_id"] for r in rules["result"]},
        scenarios={s["scenario_name"]: s["scenario_id"] for s in scenarios["result"]},
    )


def bound_names(emu: RunningEmulator, rule_id: int) -> list[str]:
    """The rule's bound scenario names in execution order, read from the emulator's state."""
    return [name for _, name in emu.rule_scenarios(rule_id)]
