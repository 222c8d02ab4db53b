"""A user's install: the released artifacts, installed normally, with plugin downloads on.

The sdist and wheel are built as a release would build them (`python -m build`: the sdist
first, the wheel from the sdist), checked for what must ship (LICENSE in both,
pulumi-plugin.json and py.typed in the package), and the wheel is installed, not editable,
into a fresh virtualenv inside a copy of examples/by-names. `pulumi up` of that project
against the emulator then has to bind the scenarios while Pulumi requests no plugin named
`voxbind`: that is what pulumi-plugin.json ({"resource": false}) is for. The check is shown to
be able to fail on every run: with the file deleted from the installed package, the same
project makes Pulumi request (and try to download) `voxbind`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import EmulatorProcess
from tests.support.plugin_requests import VERBOSE_LOG_ARGS, download_recorder, required_packages
from tests.support.pulumi_cli import REPO_ROOT, pulumi_bin_dir, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

NI = "--non-interactive"
VERSION = version("pulumi-voxbind")  # pyproject.toml's, via the dev install's metadata
DIST_NAME = "pulumi_voxbind-" + VERSION
LICENSE = (REPO_ROOT / "LICENSE").read_text()
# What is left out of the copy the release is built from: local environments and outputs.
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "dist",
                                     "__pycache__", ".*_cache", ".hypothesis", ".work")


def _run(args: list[str], cwd: Path | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600, check=False)
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc


@dataclass
class Dists:
    sdist: Path
    wheel: Path


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist and the wheel built from a copy of the sources (the checkout stays clean)."""
    work = tmp_path_factory.mktemp("release")
    shutil.copytree(REPO_ROOT, work / "src", ignore=NOT_SOURCES)
    _run([sys.executable, "-m", "build", "--outdir", str(work / "dist"), str(work / "src")])
    return Dists(sdist=work / "dist" / f"{DIST_NAME}.tar.gz",
                 wheel=work / "dist" / f"{DIST_NAME}-py3-none-any.whl")


def test_sdist_and_wheel_ship_the_license_and_the_plugin_marker(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as sdist:
        names = set(sdist.getnames())
        license_file = sdist.extractfile(f"{DIST_NAME}/LICENSE")
        assert license_file is not None
        assert license_file.read().decode() == LICENSE
    assert {f"{DIST_NAME}/pulumi_voxbind/pulumi-plugin.json",
            f"{DIST_NAME}/pulumi_voxbind/py.typed"} <= names

    with zipfile.ZipFile(dists.wheel) as wheel:
        names = set(wheel.namelist())
        assert wheel.read(f"{DIST_NAME}.dist-info/licenses/LICENSE").decode() == LICENSE
        metadata = wheel.read(f"{DIST_NAME}.dist-info/METADATA").decode()
        assert json.loads(wheel.read("pulumi_voxbind/pulumi-plugin.json"))["resource"] is False
    assert "pulumi_voxbind/py.typed" in names
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()
    assert LICENSE.lstrip().startswith("Apache License\n")


@dataclass
class Install:
    project: Path
    python: Path
    package_dir: Path


@pytest.fixture(scope="module")
def install(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Install:
    """examples/by-names with its own virtualenv (`venv`, as Pulumi's templates make it)
    holding the wheel and its dependencies, pinned by tools/constraints.txt."""
    work = tmp_path_factory.mktemp("user")
    project = work / "project"
    shutil.copytree(REPO_ROOT / "examples" / "by-names", project)
    settings = (project / "Pulumi.yaml").read_text()
    assert settings.endswith("    toolchain: pip\n"), settings
    (project / "Pulumi.yaml").write_text(settings + "    virtualenv: venv\n")

    _run([sys.executable, "-m", "venv", str(project / "venv")])
    python = project / "venv" / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-c", str(REPO_ROOT / "tools" / "constraints.txt"), str(dists.wheel)])
    probe = ("import json, pulumi_voxbind; "
             "print(json.dumps([pulumi_voxbind.__file__, pulumi_voxbind.__version__]))")
    # Run from the project, with no PYTHONPATH: only the installed copy can be imported.
    found, installed_version = json.loads(
        _run([str(python), "-c", probe], cwd=project, env={"PATH": "/usr/bin:/bin"}).stdout)
    package_dir = Path(found).parent
    assert package_dir.parent.name == "site-packages", found
    assert package_dir.is_relative_to(project / "venv"), found
    assert installed_version == VERSION
    return Install(project=project, python=python, package_dir=package_dir)


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    work = tmp_path_factory.mktemp("emulator")
    process = EmulatorProcess(work / "key.json", seed=REPO_ROOT / "examples" / "by-names" /
                              "seed.json", stderr_log=work / "emulator.log")
    process.start()
    try:
        yield process
    finally:
        process.stop()


def _user_env(workdir: Path, emulator: EmulatorProcess, overrides: dict[str, str]) -> dict:
    """The offline CLI environment minus everything that points at this checkout: no
    PYTHONPATH, no PULUMI_PYTHON_CMD and no development virtualenv on PATH (the project's
    `virtualenv` option decides), and plugin downloads left on."""
    path = os.pathsep.join([str(pulumi_bin_dir()), "/usr/local/bin", "/usr/bin", "/bin"])
    return pulumi_env(workdir, PYTHONPATH=None, PULUMI_PYTHON_CMD=None, PATH=path,
                      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=None,
                      VOXIMPLANT_API_URL=emulator.url,
                      VOXIMPLANT_CREDENTIALS=str(emulator.credentials_path), **overrides)


def _rule_scenarios(emulator: EmulatorProcess) -> list[str]:
    with VoximplantClient(Credentials.from_file(emulator.credentials_path),
                          endpoint=emulator.url) as client:
        app = client.find_application(application_name="ivr")
        assert app is not None
        rule = client.find_rule(app["application_id"], rule_name="inbound", with_scenarios=True)
    return [s["scenario_name"] for s in (rule or {}).get("scenarios") or []]


def test_wheel_install_up_requests_no_voxbind_plugin(
    install: Install, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    with download_recorder() as downloads:
        env = _user_env(tmp_path, emulator, downloads.env())
        run_pulumi(["stack", "init", "dev", NI], cwd=install.project, env=env)
        up = run_pulumi(["up", "--yes", NI, *VERBOSE_LOG_ARGS], cwd=install.project, env=env)

    assert [p for p in required_packages(up.stderr) if "voxbind" in p] == []
    assert downloads.paths == []
    assert "2 created" in up.stdout, up.stdout
    assert _rule_scenarios(emulator) == ["greeting", "menu"]


def test_without_pulumi_plugin_json_the_voxbind_plugin_is_requested(
    install: Install, emulator: EmulatorProcess, tmp_path: Path
) -> None:
    """The control: the same checks see the request once the marker file is gone."""
    marker = install.package_dir / "pulumi-plugin.json"
    kept = marker.read_bytes()
    marker.unlink()
    try:
        with download_recorder() as downloads:
            env = _user_env(tmp_path, emulator, downloads.env())
            run_pulumi(["stack", "init", "control", NI], cwd=install.project, env=env)
            preview = run_pulumi(["preview", NI, *VERBOSE_LOG_ARGS], cwd=install.project,
                                 env=env, check=False)
    finally:
        marker.write_bytes(kept)

    assert f"voxbind-{VERSION}" in required_packages(preview.stderr)
    assert any("voxbind" in path for path in downloads.paths), downloads.paths


def test_wheel_ships_the_voxbind_plugin(install: Install) -> None:
    """The console script on the environment's PATH and the plugin directory both start the
    provider (it prints its port, as the engine expects), and the plugin's Python classes and
    schema are in the package."""
    import os
    import subprocess

    venv_bin = install.python.parent
    plugin_dir = install.package_dir / "plugin" / "bin"
    assert (install.package_dir / "plugin" / "schema.json").is_file()
    assert (install.package_dir / "sdk" / "scenario_binding.py").is_file()
    # The generated package's pulumi-plugin.json is in the subpackage: the top-level one,
    # which the language host reads, still says "no plugin" (see the tests above).
    assert json.loads((install.package_dir / "sdk" / "pulumi-plugin.json").read_text()) == {
        "resource": True, "name": "voxbind", "version": VERSION}
    for exe in (venv_bin / "pulumi-resource-voxbind", plugin_dir / "pulumi-resource-voxbind"):
        assert os.access(exe, os.X_OK), exe
        # No venv on PATH: the plugin directory finds the environment it is installed in.
        proc = subprocess.Popen([str(exe), "127.0.0.1:1"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={"PATH": "/usr/bin:/bin"},
                                cwd=install.project)
        try:
            assert proc.stdout is not None
            port = proc.stdout.readline().strip()
            assert port.isdigit(), (exe, port, proc.stderr.read() if proc.stderr else b"")
        finally:
            proc.kill()
            proc.communicate()
