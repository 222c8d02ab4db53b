"""pytest: the pulumi-voxbind emulator, seeded with seed.json, for the whole session."""

from pathlib import Path

import pytest

pytest_plugins = ["pulumi_voxbind.emulator.pytest_plugin"]


@pytest.fixture(scope="session")
def voxbind_emulator_session_options():
    return {"seed": Path(__file__).parent / "seed.json"}
