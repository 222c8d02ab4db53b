"""What a release ships and how users install it, each run as its page says.

One run of `tools/release` (every artifact built, checksummed and smoke-tested in a fresh
virtualenv) serves the module: the README's three install lines are then run with its wheel,
and `pulumi new <clone>/templates/<name>` finds the same wheel through `PIP_FIND_LINKS`
(pulumi-voxbind is not on PyPI yet) before the new project's own test deploys it to the
emulator and destroys it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT, pulumi_bin_dir, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

VERSION = version("pulumi-voxbind")
WHEEL = f"pulumi_voxbind-{VERSION}-py3-none-any.whl"
ARTIFACTS = {f"pulumi_voxbind-{VERSION}.tar.gz", WHEEL}
TEMPLATES = sorted(p.name for p in (REPO_ROOT / "templates").iterdir() if p.is_dir())
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "dist",
                                     "__pycache__", ".*_cache", ".hypothesis", ".work",
                                     "node_modules")


def _run(args: list[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900,
                          stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(dist directory, output) of one `tools/release` run."""
    pulumi_bin_dir()  # the CLI is ready before the release's bootstrap looks for it
    dist = tmp_path_factory.mktemp("release") / "dist"
    out = _run([str(REPO_ROOT / "tools" / "release"), "--dist", str(dist)], cwd=REPO_ROOT)
    return dist, out


def test_release_builds_checksums_and_smoke_tests_every_artifact(
        release: tuple[Path, str]) -> None:
    dist, out = release
    assert {p.name for p in dist.iterdir()} == {*ARTIFACTS, "SHA256SUMS"}
    sums = dict(reversed(line.split("  ")) for line in (dist / "SHA256SUMS").read_text()
                .splitlines())
    assert set(sums) == ARTIFACTS
    for name, digest in sums.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest
    for name in sorted(ARTIFACTS):
        assert f"smoke-tested {name}: installed in a fresh virtualenv, deployed" in out


def readme_install_lines() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    found = re.search(r"<!-- install:[^>]*-->\n```sh\n(.*?)```", text, re.DOTALL)
    assert found, "README.md has no marked install block"
    return found.group(1).strip().splitlines()


def test_each_install_line_of_the_readme_works(release: tuple[Path, str],
                                               tmp_path: Path) -> None:
    """The three lines in a fresh virtualenv, the package uninstalled between them; pip's
    record of where the installed copy came from (direct_url.json, PEP 610) must name the
    source each time."""
    dist, _ = release
    clone = tmp_path / "pulumi-voxbind"
    shutil.copytree(REPO_ROOT, clone, ignore=NOT_SOURCES)
    commit = _run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT).strip()
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    pip, python = venv / "bin" / "pip", venv / "bin" / "python"

    filled = {"<path to a clone of pulumi-voxbind>": str(clone),
              "<dist directory>": str(dist), "<version>": VERSION,
              "<repository URL>": REPO_ROOT.as_uri(), "<tag or commit>": commit}
    expected_source = [("dir_info", clone.as_uri()), ("archive_info", (dist / WHEEL).as_uri()),
                       ("vcs_info", REPO_ROOT.as_uri())]
    lines = readme_install_lines()
    assert len(lines) == len(expected_source)
    for line, (kind, url) in zip(lines, expected_source, strict=True):
        for placeholder, value in filled.items():
            line = line.replace(placeholder, value)
        assert "<" not in line, f"unfilled placeholder in {line!r}"
        _run(["bash", "-c", line.replace("pip install", f"{pip} install --quiet "
                                         f"--disable-pip-version-check -c "
                                         f"{REPO_ROOT / 'tools' / 'constraints.txt'}", 1)],
             cwd=tmp_path)
        probe = ("import json, importlib.metadata as m, pulumi_voxbind; "
                 "d = m.distribution('pulumi-voxbind'); "
                 "print(json.dumps([pulumi_voxbind.__version__, "
                 "json.loads(d.read_text('direct_url.json'))]))")
        installed, direct_url = json.loads(_run([str(python), "-c", probe], cwd=tmp_path))
        assert installed == VERSION
        assert kind in direct_url and direct_url["url"] == url, (line, direct_url)
        assert (venv / "bin" / "voxbind-emulator").is_file()
        _run([str(pip), "uninstall", "--quiet", "--yes", "pulumi-voxbind"])


def test_templates_are_listed_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    assert TEMPLATES == ["python-inbound"]
    for name in TEMPLATES:
        assert f"templates/{name}" in readme


@pytest.mark.parametrize("template", TEMPLATES)
def test_pulumi_new_from_the_template_then_its_own_test(
        template: str, release: tuple[Path, str], tmp_path: Path) -> None:
    dist, _ = release
    env = pulumi_env(tmp_path, PYTHONPATH=None, PULUMI_PYTHON_CMD=None,
                     PIP_FIND_LINKS=str(dist),
                     PATH=os.pathsep.join([str(pulumi_bin_dir()), "/usr/bin", "/bin"]))
    run_pulumi(["new", str(REPO_ROOT / "templates" / template), "--dir", "proj", "--name",
                "my-routing", "--description", "inbound routing", "--yes",
                "--non-interactive"], cwd=tmp_path, env=env, timeout=600)
    project = tmp_path / "proj"
    assert (project / "Pulumi.yaml").read_text().startswith("name: my-routing\n")
    # The user's next step: the template's test, in the virtualenv pulumi new made.
    venv_bin = project / "venv" / "bin"
    env = {**env, "PATH": os.pathsep.join([str(venv_bin), env["PATH"]])}
    for key in ("PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"):
        env.pop(key)  # the template's test sets its own
    proc = subprocess.run([str(venv_bin / "python"), "-m", "pytest", "-q", "-p",
                           "no:cacheprovider"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout
