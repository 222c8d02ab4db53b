"""Run the real Pulumi CLI offline in tests.

``pulumi_bin_dir()`` runs ``tools/ensure-pulumi`` once per session (it reuses a cached build;
a first build on a fresh machine takes minutes) and returns the directory holding ``pulumi``,
``pulumi-language-python``, ``pulumi-language-python-exec`` and
``pulumi-resource-pulumi-python``.

``pulumi_env(workdir)`` is the complete offline environment for one test: a local file backend
under ``workdir/state``, ``PULUMI_HOME`` under ``workdir``, an empty passphrase, no update check,
no plugin downloads, this interpreter for programs and dynamic providers, and the repository root
on ``PYTHONPATH`` so that modules under ``tests/`` import in the provider process (which runs with
the project or a temp directory as its cwd).

``run_pulumi`` runs a directory project command; ``workspace_options`` builds Automation API
options for inline programs with the same environment.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENSURE_PULUMI = REPO_ROOT / "tools" / "ensure-pulumi"
PULUMI_VERSION = "v3.274.1"

# A cold build compiles the whole CLI; on 2 cores that is the slow part of a first CI run.
ENSURE_TIMEOUT_S = 3600
DEFAULT_TIMEOUT_S = 300

# Variables from the developer's shell that would point the CLI elsewhere or conflict.
_DROPPED_VARS = (
    "PULUMI_ACCESS_TOKEN",
    "PULUMI_CONFIG_PASSPHRASE_FILE",
    "PULUMI_STACK",
    "PULUMI_RUNTIME_VIRTUALENV",
    "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK",
)


@functools.cache
def pulumi_bin_dir() -> Path:
    """Directory with the Pulumi CLI and its Python plugins (built or found once per session)."""
    try:
        proc = subprocess.run(
            [str(ENSURE_PULUMI)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=ENSURE_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"tools/ensure-pulumi did not finish in {ENSURE_TIMEOUT_S} s") from exc
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(
            f"tools/ensure-pulumi failed (exit {proc.returncode}):\n{proc.stderr}{proc.stdout}"
        )
    bin_dir = Path(lines[-1])
    if not (bin_dir / "pulumi").is_file():
        raise RuntimeError(f"tools/ensure-pulumi printed {bin_dir}, which has no pulumi in it")
    return bin_dir


def pulumi_env(workdir: Path, **extra: str | None) -> dict[str, str]:
    """The full environment for running Pulumi offline against ``workdir``.

    ``extra`` entries override; a value of ``None`` removes the variable.
    """
    workdir = Path(workdir).resolve()
    state = workdir / "state"
    home = workdir / "pulumi-home"
    state.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)

    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_VARS}
    venv_bin = str(Path(sys.executable).parent)
    path = [str(pulumi_bin_dir()), venv_bin]
    env["PATH"] = os.pathsep.join([*path, env.get("PATH", os.defpath)])
    pythonpath = [str(REPO_ROOT)]
    if env.get("PYTHONPATH"):
        pythonpath.append(env["PYTHONPATH"])
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(pythonpath),
            "PULUMI_HOME": str(home),
            "PULUMI_BACKEND_URL": state.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": "",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_PYTHON_CMD": sys.executable,
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING": "true",
            "NO_COLOR": "1",
        }
    )
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_pulumi(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    check: bool = True,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """Run ``pulumi <args>`` (the CLI from ``pulumi_bin_dir()``) with output captured.

    With ``check`` a non-zero exit raises AssertionError showing the command, exit code, stdout
    and stderr.
    """
    cmd = [str(pulumi_bin_dir() / "pulumi"), *args]
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"`pulumi {' '.join(args)}` timed out after {timeout} s in {cwd}\n"
            f"--- stdout ---\n{_text(exc.stdout)}\n--- stderr ---\n{_text(exc.stderr)}"
        ) from exc
    if check and proc.returncode != 0:
        raise AssertionError(
            f"`pulumi {' '.join(args)}` exited {proc.returncode} in {cwd}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def workspace_options(
    workdir: Path,
    project_name: str,
    env_vars: Mapping[str, str | None] | None = None,
    **settings: object,
):
    """``LocalWorkspaceOptions`` for an Automation API inline program with the offline env.

    ``env_vars`` override entries of ``pulumi_env(workdir)``; ``settings`` are passed on to
    ``ProjectSettings`` (for example ``config=...``).
    """
    from pulumi import automation as auto

    env = pulumi_env(workdir, **dict(env_vars or {}))
    bin_dir = pulumi_bin_dir()
    if bin_dir.name != "bin":
        raise RuntimeError(f"PulumiCommand(root=...) needs a .../bin directory, got {bin_dir}")
    work_dir = Path(workdir).resolve() / "workspace"
    work_dir.mkdir(parents=True, exist_ok=True)
    return auto.LocalWorkspaceOptions(
        work_dir=str(work_dir),
        pulumi_home=env["PULUMI_HOME"],
        pulumi_command=auto.PulumiCommand(root=str(bin_dir.parent)),
        env_vars=env,
        project_settings=auto.ProjectSettings(
            name=project_name,
            runtime="python",
            backend=auto.ProjectBackend(url=env["PULUMI_BACKEND_URL"]),
            **settings,
        ),
    )
