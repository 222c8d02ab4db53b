"""docs/testing.md, run as a user would: every file it shows, every command it gives.

The page marks each snippet with an HTML comment: `<!-- file: NAME -->` before a block writes
that file into a fresh project directory; `<!-- run: NAME -->` before a block runs it with
bash there, in order, and it must succeed. A snippet the page adds is run without editing
this test, and one that stops working fails it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT, pulumi_env

pytestmark = pytest.mark.e2e

GUIDE = REPO_ROOT / "docs" / "testing.md"
SNIPPET = re.compile(r"<!-- (file|run): (\S+) -->\n```[a-z]*\n(.*?)```", re.DOTALL)


def snippets() -> list[tuple[str, str, str]]:
    """(kind, name, text) of every marked block, in page order."""
    found = SNIPPET.findall(GUIDE.read_text())
    assert found, "docs/testing.md has no marked snippets"
    return found


def test_every_fenced_block_is_marked() -> None:
    text = GUIDE.read_text()
    assert text.count("```") // 2 == len(snippets()), \
        "every code block of docs/testing.md must be a file or a run snippet"


def test_the_guide_runs_as_written(tmp_path: Path) -> None:
    project = tmp_path / "my-routing"
    project.mkdir()
    # The user's shell: the Pulumi CLI and this virtualenv (pulumi-voxbind, pytest) on PATH,
    # Pulumi's home in the sandbox; nothing of the repository on PYTHONPATH.
    env = pulumi_env(tmp_path, PYTHONPATH=None, PULUMI_BACKEND_URL=None,
                     PULUMI_CONFIG_PASSPHRASE=None, VOXIMPLANT_API_URL=None,
                     VOXIMPLANT_CREDENTIALS=None, PULUMI_PYTHON_CMD=None)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    ran = []
    for kind, name, text in snippets():
        if kind == "file":
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            continue
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", text], cwd=project, env=env,
                              capture_output=True, text=True, timeout=420, check=False)
        assert proc.returncode == 0, f"{name} failed:\n{proc.stdout}\n{proc.stderr}"
        ran.append(name)
    assert ran == ["ci-job.sh", "pytest.sh", "unit.sh"]


MOCK_WITH_NAMES = """
import pulumi


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return args.name + "_id", args.inputs

    def call(self, args):
        return {}


pulumi.runtime.set_mocks(Mocks(), preview=False)

from pulumi_voxbind import Rule  # noqa: E402

rule = Rule("inbound", application_id=1, rule_name="inbound", rule_pattern=".*")


@pulumi.runtime.test
def test_rule_id():
    return rule.rule_id.apply(lambda value: value)
"""


def test_a_non_numeric_mock_id_says_what_to_return(tmp_path: Path) -> None:
    (tmp_path / "test_names.py").write_text(MOCK_WITH_NAMES)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "test_names.py"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert ("Rule 'inbound': its Pulumi id must be the object's numeric Voximplant id, got "
            "'inbound_id'") in proc.stdout
    assert "return a numeric id such as '2001' from Mocks.new_resource" in proc.stdout
