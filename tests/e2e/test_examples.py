"""The examples and the quick start's main job run for real, so neither can go stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT, pulumi_bin_dir

pytestmark = pytest.mark.e2e

EXPECTED = {
    "by-names": ["1. greeting", "2. menu"],
    "by-ids": ["1. greeting", "2. menu"],
    "voxfiles": ["1. greeting", "2. menu"],
}
# What the demo prints once the stack is destroyed: bindings undone, or adopted objects deleted.
AFTER_DESTROY = {
    "by-names": "(nothing bound)",
    "by-ids": "(nothing bound)",
    "voxfiles": "Application ivr.emulator.voximplant.com is gone",
}


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_demo_deploys_and_destroys_the_example(example: str, tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{pulumi_bin_dir()}{os.pathsep}{os.environ['PATH']}",
           "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "demo.py"),
                           "--example", example], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    after_up, after_destroy = out.split("$ pulumi destroy", 1)
    lines = [line.strip() for line in after_up.splitlines()]
    start = lines.index(next(line for line in lines if line.startswith("Rule ")))
    assert lines[start + 1:start + 3] == EXPECTED[example]
    assert AFTER_DESTROY[example] in after_destroy
    assert "emulator stopped" in out
    assert not list(Path(tmp_path).glob("voxbind-demo-*")), "the demo cleans up after itself"


def test_demo_of_full_routing_shows_the_one_call_script_update(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{pulumi_bin_dir()}{os.pathsep}{os.environ['PATH']}",
           "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "demo.py"),
                           "--example", "full-routing"], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    lines = [line.strip() for line in out.splitlines()]
    start = lines.index(next(line for line in lines if "routes calls" in line))
    assert lines[start + 1:start + 3] == [
        r"1. vip: \+1555\d+ -> greeting, menu",
        r"2. inbound: .* unless \+1900\d+ -> voicemail",
    ]
    assert "API calls made by that pulumi up: {'SetScenarioInfo': 1}" in lines
    assert "emulator left as seeded" in lines
    assert not list(Path(tmp_path).glob("voxbind-demo-*")), "the demo cleans up after itself"


def test_demo_of_the_inbound_line(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{pulumi_bin_dir()}{os.pathsep}{os.environ['PATH']}",
           "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "tools" / "demo.py"),
                           "--example", "inbound-line"], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    after_up, after_destroy = out.split("$ pulumi destroy", 1)
    assert "Number +15551230001 rings application line.emulator.voximplant.com, rule 'main'" \
        in after_up
    assert "SIP white list: 198.51.100.0/24, 203.0.113.0/24" in after_up
    assert "Number +15551230001: owned, bound to no application" in after_destroy
    assert "emulator left as seeded" in after_destroy
    assert "demo-token-not-real" not in out + proc.stderr
    assert not list(Path(tmp_path).glob("voxbind-demo-*")), "the demo cleans up after itself"
