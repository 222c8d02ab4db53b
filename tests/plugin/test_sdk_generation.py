"""The committed SDK is what Pulumi's codegen makes of the schema today (tools/sdkgen)."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT

SDKGEN = REPO_ROOT / "tools" / "sdkgen"
SCHEMA = REPO_ROOT / "pulumi_voxbind" / "plugin" / "schema.json"
PYTHON_SDK = REPO_ROOT / "pulumi_voxbind" / "sdk"
# The CLI build's flags (tools/ensure-pulumi), so its compiled packages are reused.
GO_FLAGS = ["-mod=readonly", "-trimpath", "-tags", "osusergo,grpcnotrace"]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_committed_python_sdk_matches_a_fresh_generation(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.fail("Go (>= 1.26) is needed to regenerate the SDK; install it from go.dev")
    tool = tmp_path / "voxbind-sdkgen"
    subprocess.run(["go", "build", *GO_FLAGS, "-o", str(tool), "."], cwd=SDKGEN, check=True,
                   timeout=1800)
    fresh = tmp_path / "python"
    subprocess.run([str(tool), "-schema", str(SCHEMA), "-python", str(fresh)], check=True,
                   timeout=120)
    assert tree(fresh) == tree(PYTHON_SDK), "files differ: regenerate (tools/sdkgen/README.md)"
    stale = [name for name in sorted(tree(fresh))
             if not filecmp.cmp(fresh / name, PYTHON_SDK / name, shallow=False)]
    assert stale == [], f"regenerate the SDK (tools/sdkgen/README.md); stale: {stale}"
