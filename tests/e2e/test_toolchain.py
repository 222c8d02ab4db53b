"""Smoke tests of the Pulumi toolchain that tools/ensure-pulumi provides.

They prove the pieces every other end-to-end test relies on: the CLI reports the pinned
version (the Automation API needs a parseable version >= 3.181 for inline refresh/destroy), a
Python project directory runs through pulumi-language-python, and an inline program's dynamic
resource (a provider imported by reference from an installed module) goes up, refreshes and
goes down, all offline against a local file backend.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.support.pulumi_cli import (
    PULUMI_VERSION,
    pulumi_bin_dir,
    pulumi_env,
    run_pulumi,
    workspace_options,
)

pytestmark = pytest.mark.e2e


def test_pulumi_version_is_pinned(tmp_path: Path) -> None:
    proc = run_pulumi(["version"], cwd=tmp_path, env=pulumi_env(tmp_path))
    assert proc.stdout.strip() == PULUMI_VERSION
    for name in (
        "pulumi-language-python",
        "pulumi-language-python-exec",
        "pulumi-resource-pulumi-python",
    ):
        assert (pulumi_bin_dir() / name).is_file(), name


def _stack_resources(cwd: Path, env: dict[str, str]) -> list[dict]:
    exported = json.loads(run_pulumi(["stack", "export"], cwd=cwd, env=env).stdout)
    return exported["deployment"].get("resources") or []


def test_directory_project_up_refresh_destroy(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: toolchain-smoke\nruntime: python\n")
    (project / "__main__.py").write_text(
        textwrap.dedent(
            """
            import pulumi
            from tests.support.echo_provider import Echo

            echo = Echo("echo", pulumi.Config().get("value") or "one")
            pulumi.export("value", echo.value)
            """
        )
    )
    env = pulumi_env(tmp_path)
    ni = "--non-interactive"

    run_pulumi(["stack", "init", "dev", ni], cwd=project, env=env)
    preview = run_pulumi(["preview", ni], cwd=project, env=env)
    assert "+ 2 to create" in preview.stdout

    run_pulumi(["up", "--yes", ni], cwd=project, env=env)
    assert run_pulumi(["stack", "output", "value"], cwd=project, env=env).stdout.strip() == "one"
    run_pulumi(["preview", "--expect-no-changes", ni], cwd=project, env=env)

    run_pulumi(["config", "set", "value", "two"], cwd=project, env=env)
    up = run_pulumi(["up", "--yes", ni], cwd=project, env=env)
    assert "1 updated" in up.stdout
    run_pulumi(["refresh", "--yes", ni], cwd=project, env=env)

    types = [r["type"] for r in _stack_resources(project, env)]
    assert "pulumi-python:dynamic:Resource" in types

    run_pulumi(["destroy", "--yes", ni], cwd=project, env=env)
    assert _stack_resources(project, env) == []


def test_program_error_fails_the_update(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: toolchain-error\nruntime: python\n")
    (project / "__main__.py").write_text('raise RuntimeError("broken program")\n')
    env = pulumi_env(tmp_path)

    run_pulumi(["stack", "init", "dev", "--non-interactive"], cwd=project, env=env)
    proc = run_pulumi(["preview", "--non-interactive"], cwd=project, env=env, check=False)
    assert proc.returncode != 0
    assert "RuntimeError: broken program" in proc.stdout + proc.stderr


def test_inline_program_dynamic_resource_up_and_down(tmp_path: Path) -> None:
    from pulumi import automation as auto

    def program() -> None:
        import pulumi

        from tests.support.echo_provider import Echo

        echo = Echo("echo", pulumi.Config().get("value") or "inline")
        pulumi.export("value", echo.value)

    opts = workspace_options(tmp_path, "toolchain-inline")
    stack = auto.create_or_select_stack(
        "dev", project_name="toolchain-inline", program=program, opts=opts
    )
    try:
        up = stack.up()
        assert up.summary.result == "succeeded"
        assert up.outputs["value"].value == "inline"

        assert stack.preview().change_summary == {"same": 2}
        assert stack.refresh().summary.result == "succeeded"

        down = stack.destroy()
        assert down.summary.result == "succeeded"
        assert down.summary.resource_changes == {"delete": 2}
    finally:
        stack.workspace.remove_stack("dev", force=True)
