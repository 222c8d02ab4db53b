"""Fixtures: a seeded in-process emulator per test and an HTTP caller for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pulumi_voxbind.emulator import RunningEmulator, keys, running_emulator

from .support import SEED, Api


@pytest.fixture(scope="session")
def key_pair() -> tuple[str, str]:
    """One RSA key pair for the whole session."""
    return keys.generate_key()


@pytest.fixture
def emu(key_pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningEmulator]:
    """A fresh emulator with the standard seed; fails the test if any request hit the catch-all.

    RSA key generation takes 50-300 ms, so these emulators register the session's key pair
    (under a new key id each time); test_cli and test_credentials exercise real generation.
    """
    monkeypatch.setattr(keys, "generate_key", lambda: key_pair)
    with running_emulator(seed=SEED) as emulator:
        yield emulator
        assert emulator.fatal_errors == 0, "a request reached the catch-all (code 1)"


@pytest.fixture
def api(emu: RunningEmulator) -> Iterator[Api]:
    """An HTTP caller authenticated with the emulator's key file."""
    caller = Api(emu.url, emu.credentials)
    yield caller
    caller.close()
