"""Fixtures: a Lab per test (emulators, stacks, teardown) and the figures of the report.

Set VOXBIND_RELIABILITY_REPORT=/path/figures.json to write what each test measured (the
numbers in docs/reliability.md come from such a run).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import Lab


@pytest.fixture(scope="session")
def figures() -> Iterator[dict[str, dict[str, Any]]]:
    data: dict[str, dict[str, Any]] = {}
    yield data
    target = os.environ.get("VOXBIND_RELIABILITY_REPORT")
    if target:
        Path(target).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


@pytest.fixture
def record(figures: dict[str, dict[str, Any]], request: pytest.FixtureRequest) -> dict[str, Any]:
    """A dict for this test's measured figures."""
    return figures.setdefault(request.node.name, {})


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    """Emulator processes and stacks for one test; every process is stopped afterwards."""
    environment = Lab(tmp_path)
    try:
        yield environment
    finally:
        environment.close()
