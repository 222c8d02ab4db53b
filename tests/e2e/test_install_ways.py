"""The README's Install section, run as written: from a clone, from a wheel, from a git URL.

The three lines under `<!-- install: ... -->` are taken from README.md, their placeholders
filled in, and run one after another in a fresh virtualenv (the package is uninstalled
between them). After each, pip's own record of where the installed copy came from
(`direct_url.json`, PEP 610) must name that source, and the installed package must import,
report its version and provide `voxbind-emulator`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT

pytestmark = pytest.mark.e2e

VERSION = version("pulumi-voxbind")
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "dist",
                                     "__pycache__", ".*_cache", ".hypothesis", ".work",
                                     "node_modules")


def readme_install_lines() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text()
    found = re.search(r"<!-- install:[^>]*-->\n```sh\n(.*?)```", text, re.DOTALL)
    assert found, "README.md has no marked install block"
    return found.group(1).strip().splitlines()


def _run(args: list[str], cwd: Path | None = None) -> str:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, f"{args} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def test_each_install_line_of_the_readme_works(tmp_path: Path) -> None:
    clone = tmp_path / "pulumi-voxbind"
    shutil.copytree(REPO_ROOT, clone, ignore=NOT_SOURCES)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(clone)])
    commit = _run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT).strip()
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    pip, python = venv / "bin" / "pip", venv / "bin" / "python"

    filled = {"<path to a clone of pulumi-voxbind>": str(clone),
              "<dist directory>": str(dist), "<version>": VERSION,
              "<repository URL>": REPO_ROOT.as_uri(), "<tag or commit>": commit}
    expected_source = [("dir_info", clone.as_uri()),
                       ("archive_info", (dist / f"pulumi_voxbind-{VERSION}-py3-none-any.whl")
                        .as_uri()),
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
