"""A Python stack moves from the dynamic resources to the voxbind plugin, then lives on it.

It comes up on `pulumi_voxbind` (dynamic), the plugin is installed with `pulumi plugin install
resource voxbind <the package's version> --file <its plugin directory>` (ambient plugins off), the
program switches to `pulumi_voxbind.sdk` (whose classes alias the dynamic types) and the next
`up` replaces nothing and calls no API; then the steps of tests/support/plugin_stack.walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from pulumi_voxbind.plugin.provider import plugin_version
from tests.support.plugin_stack import (
    PLUGIN_DIR,
    SEED,
    Routing,
    Stack,
    python_program,
    summary,
    walk,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def emu() -> Iterator[RunningEmulator]:
    with running_emulator(seed=SEED) as running:
        yield running


def test_python_program_moves_from_dynamic_to_plugin(tmp_path: Path,
                                                      emu: RunningEmulator) -> None:
    seeded = emu.snapshot()
    stack = Stack(tmp_path, emu, "python", python_program("pulumi_voxbind"))
    routing = Routing()
    stack.write(routing)
    stack.pulumi("stack", "init", "dev")
    assert stack.up() == {"created": 9}
    dynamic = {r["urn"]: r for r in stack.state() if "dynamic/voxbind" in r["type"]}
    assert len(dynamic) == 8

    # the plugin, installed from the package's plugin directory (no ambient plugins)
    stack.pulumi("plugin", "install", "resource", "voxbind", plugin_version(), "--file",
                 str(PLUGIN_DIR))

    # the same program on the plugin's classes: the generated classes carry the dynamic types
    # as aliases, so nothing is replaced and no API call is made
    stack.render = python_program("pulumi_voxbind.sdk")
    stack.write(routing)
    stack.emu.reset_stats()
    preview = stack.pulumi("preview")
    assert "replace" not in preview and "to create" not in preview, preview
    out = stack.pulumi("up", "--yes", "--skip-preview")
    assert "replaced" not in summary(out) and "created" not in summary(out), out
    assert stack.calls() == {}
    moved = {r["urn"]: r for r in stack.state() if r["type"].startswith("voxbind:index:")}
    assert len(moved) == 8
    assert {r["id"] for r in moved.values()} == {r["id"] for r in dynamic.values()}
    walk(stack, routing, seeded)
