"""`pulumi new <clone>/templates/<name>` offline, as the README says, then the template's test.

The wheel is built from a copy of the sources; `PIP_FIND_LINKS` lets the virtualenv `pulumi
new` makes find it (pulumi-voxbind is not on PyPI yet) while its dependencies come from the
index. The new project's own test then deploys it to the emulator and destroys it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT, pulumi_bin_dir, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

TEMPLATES = sorted(p.name for p in (REPO_ROOT / "templates").iterdir() if p.is_dir())
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "dist",
                                     "__pycache__", ".*_cache", ".hypothesis", ".work",
                                     "node_modules")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(REPO_ROOT, work / "src", ignore=NOT_SOURCES)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"),
                    str(work / "src")], check=True, capture_output=True, timeout=600)
    return work / "dist"


def test_templates_are_listed_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    assert TEMPLATES == ["python-inbound"]
    for name in TEMPLATES:
        assert f"templates/{name}" in readme


@pytest.mark.parametrize("template", TEMPLATES)
def test_pulumi_new_from_the_template_then_its_own_test(
        template: str, dist: Path, tmp_path: Path) -> None:
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
