"""Opt-in pytest plugin: ``pytest_plugins = ["pulumi_voxbind.emulator.pytest_plugin"]``.

Fixtures:
- ``voxbind_emulator``: a :class:`RunningEmulator` per test (fresh in-memory state).
- ``voxbind_emulator_options``: keyword arguments for :func:`running_emulator`; override it
  in a test module or conftest to seed the emulator or inject faults, e.g.::

      @pytest.fixture
      def voxbind_emulator_options():
          return {"seed": "tests/seed.json", "fail_rate": 0.2, "random_seed": 7}

- ``voxbind_emulator_session``: one emulator for the whole test session (state is shared by
  every test that uses it), for suites whose `pulumi up` is too slow to repeat per test;
  ``voxbind_emulator_session_options`` configures it (override it in a conftest.py).

``RunningEmulator.environment()`` gives the variables a `pulumi` run needs to target it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .inprocess import RunningEmulator, running_emulator


@pytest.fixture
def voxbind_emulator_options() -> dict[str, Any]:
    """Keyword arguments for ``running_emulator`` (none by default)."""
    return {}


@pytest.fixture
def voxbind_emulator(voxbind_emulator_options: dict[str, Any]) -> Iterator[RunningEmulator]:
    """An emulator serving on a free loopback port for the duration of one test."""
    with running_emulator(**voxbind_emulator_options) as emu:
        yield emu


@pytest.fixture(scope="session")
def voxbind_emulator_session_options() -> dict[str, Any]:
    """Keyword arguments for the session emulator (none by default)."""
    return {}


@pytest.fixture(scope="session")
def voxbind_emulator_session(
    voxbind_emulator_session_options: dict[str, Any],
) -> Iterator[RunningEmulator]:
    """One emulator for the whole session, started on first use and stopped at the end."""
    with running_emulator(**voxbind_emulator_session_options) as emu:
        yield emu
