"""The voxbind provider plugin through the real CLI, from YAML programs.

One stack walks a routing setup through its life against the emulator (the steps are in
tests/support/plugin_stack.walk): up of an application, two ordered rules, scenarios from
files and two bindings; a no-change preview with no API call; a script edit as one
SetScenarioInfo; renames in place; refresh after outside edits, then up; `pulumi import` of a
rule, a scenario and a binding, then a clean preview; destroy, leaving the emulator as seeded.
Then the provider's settings from stack config and from an explicit provider with no
environment, and the VoxfilesProject component. The projects name the package's plugin
directory under `packages:`, with PULUMI_IGNORE_AMBIENT_PLUGINS so the console script on PATH
cannot stand in for it. The Python program is in test_plugin_migration_cli.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.support.plugin_stack import (
    FULL,
    PLUGIN_DIR,
    SEED,
    Routing,
    Stack,
    summary,
    walk,
    yaml_program,
)
from tests.support.pulumi_cli import REPO_ROOT, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e


@pytest.fixture
def emu() -> Iterator[RunningEmulator]:
    with running_emulator(seed=SEED) as running:
        yield running


def test_yaml_program(tmp_path: Path, emu: RunningEmulator) -> None:
    seeded = emu.snapshot()
    stack = Stack(tmp_path, emu, "yaml", yaml_program)
    routing = Routing()
    stack.write(routing)
    stack.pulumi("stack", "init", "dev")
    assert stack.up() == {"created": 9}
    types = {r["type"] for r in stack.state()}
    assert "pulumi:providers:voxbind" in types and "voxbind:index:ScenarioBinding" in types
    walk(stack, routing, seeded)


def test_explicit_provider_and_stack_config_with_no_environment(
        tmp_path: Path, emu: RunningEmulator) -> None:
    """Settings from `voxbind:credentials`/`voxbind:endpoint` (the default provider) and from
    an explicit `pulumi:providers:voxbind` resource, with no VOXIMPLANT_* variables; the key
    reaches state only encrypted."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(f"""\
name: voxbind-accounts
runtime: yaml
packages:
  voxbind: {PLUGIN_DIR}
config:
  secondKey:
    type: string
    secret: true
resources:
  second:
    type: pulumi:providers:voxbind
    properties:
      endpoint: {emu.url}
      credentials: ${{secondKey}}
  first:
    type: voxbind:index:Application
    properties: {{applicationName: first}}
  other:
    type: voxbind:index:Application
    properties: {{applicationName: other}}
    options: {{provider: "${{second}}"}}
""")
    env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=None, VOXIMPLANT_CREDENTIALS=None,
                     PULUMI_IGNORE_AMBIENT_PLUGINS="true")
    key = Path(emu.credentials_path).read_text()
    key_line = json.loads(key)["private_key"].splitlines()[1]

    def pulumi(*args: str) -> str:
        proc = run_pulumi(["--non-interactive", *args], cwd=project, env=env)
        return proc.stdout + proc.stderr

    pulumi("stack", "init", "dev")
    pulumi("config", "set", "voxbind:endpoint", emu.url)
    pulumi("config", "set", "--secret", "voxbind:credentials", "--", key)
    pulumi("config", "set", "--secret", "secondKey", "--", key)
    out = pulumi("up", "--yes", "--skip-preview")
    assert summary(out) == {"created": 4}, out
    names = {a["application_name"] for a in emu.snapshot()["applications"]}
    assert {FULL.format("first"), FULL.format("other")} <= names
    exported = pulumi("stack", "export")
    assert key_line not in exported and key_line not in out
    provider = next(r for r in json.loads(exported)["deployment"]["resources"]
                    if r["urn"].endswith("pulumi:providers:voxbind::second"))
    assert is_ciphertext(provider["inputs"]["credentials"])
    pulumi("destroy", "--yes")
    assert {a["application_name"] for a in emu.snapshot()["applications"]}.isdisjoint(
        {FULL.format("first"), FULL.format("other")})


def is_ciphertext(value: Any) -> bool:
    return isinstance(value, dict) and "ciphertext" in value


def test_yaml_voxfiles_project_component(tmp_path: Path) -> None:
    """examples/voxfiles' tree from a YAML program: the plugin builds the component (reading
    the tree relative to the program) and its children; they adopt what voxengine-ci made."""
    example = REPO_ROOT / "examples" / "voxfiles"
    project = tmp_path / "project"
    shutil.copytree(example / "voxfiles", project / "voxfiles")
    (project / "Pulumi.yaml").write_text(f"""\
name: voxbind-voxfiles
runtime: yaml
packages:
  voxbind: {PLUGIN_DIR}
resources:
  routing:
    type: voxbind:index:VoxfilesProject
    properties: {{path: voxfiles}}
outputs:
  rules: ${{routing.rules}}
""")
    with running_emulator(seed=example / "seed.json") as emu:
        env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=emu.url,
                         VOXIMPLANT_CREDENTIALS=str(emu.credentials_path),
                         PULUMI_IGNORE_AMBIENT_PLUGINS="true")

        def pulumi(*args: str) -> str:
            proc = run_pulumi(["--non-interactive", *args], cwd=project, env=env)
            return proc.stdout + proc.stderr

        before = {(a["application_name"], r["rule_name"]): r["rule_id"]
                  for a in emu.snapshot()["applications"] for r in a["rules"]}
        pulumi("stack", "init", "dev")
        out = pulumi("up", "--yes", "--skip-preview")
        assert summary(out) == {"created": 16}, out
        rules = json.loads(pulumi("stack", "output", "rules", "--json"))
        after = {(app, rule): rule_id for app, named in rules.items()
                 for rule, rule_id in named.items()}
        assert after == before, "adopted: the rules voxengine-ci made, not new ones"
        types = {r["type"] for r in json.loads(pulumi("stack", "export"))["deployment"][
            "resources"]}
        assert "voxbind:index:VoxfilesProject" in types
        assert "voxbind:index:ScenarioBinding" in types
        emu.reset_stats()
        pulumi("preview", "--expect-no-changes")
        assert dict(emu.stats()["requests"]) == {}
        pulumi("destroy", "--yes")
