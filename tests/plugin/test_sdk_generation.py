"""The committed SDKs are what Pulumi's codegen makes of the schema today (tools/sdkgen).

Python (`pulumi_voxbind.sdk`, in the wheel), Node.js (`sdk/nodejs`, TypeScript sources) and Go
(`sdk/go/voxbind`; `sdk/go/go.mod` and `go.sum` are written by hand, not generated).
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.pulumi_cli import REPO_ROOT

# Runs the Go toolchain: once per suite (with the e2e tests), not under every Python.
pytestmark = pytest.mark.e2e

SDKGEN = REPO_ROOT / "tools" / "sdkgen"
SCHEMA = REPO_ROOT / "pulumi_voxbind" / "plugin" / "schema.json"
PYTHON_SDK = REPO_ROOT / "pulumi_voxbind" / "sdk"
NODEJS_SDK = REPO_ROOT / "sdk" / "nodejs"
GO_SDK = REPO_ROOT / "sdk" / "go"
NOT_GENERATED = {"go.mod", "go.sum"}
# The CLI build's flags (tools/ensure-pulumi), so its compiled packages are reused.
GO_FLAGS = ["-mod=readonly", "-trimpath", "-tags", "osusergo,grpcnotrace"]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and "node_modules" not in p.parts
            and str(p.relative_to(root)) not in NOT_GENERATED}


def same(fresh: Path, committed: Path) -> None:
    assert tree(fresh) == tree(committed), \
        f"{committed}: files differ; regenerate (tools/sdkgen/README.md)"
    stale = [name for name in sorted(tree(fresh))
             if not filecmp.cmp(fresh / name, committed / name, shallow=False)]
    assert stale == [], f"{committed}: regenerate (tools/sdkgen/README.md); stale: {stale}"


def package_version() -> str:
    """pyproject.toml's version: the one the SDKs record (the schema file carries none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - the e2e tests run under the default Python (3.11)
        import tomli as tomllib
    with (REPO_ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def test_committed_sdks_match_a_fresh_generation(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.fail("Go (>= 1.26) is needed to regenerate the SDK; install it from go.dev")
    tool = tmp_path / "voxbind-sdkgen"
    subprocess.run(["go", "build", *GO_FLAGS, "-o", str(tool), "."], cwd=SDKGEN, check=True,
                   timeout=1800)
    out = {lang: tmp_path / lang for lang in ("python", "nodejs", "go")}
    subprocess.run([str(tool), "-schema", str(SCHEMA), "-version", package_version(), *(
        arg for lang, path in out.items() for arg in (f"-{lang}", str(path)))],
        check=True, timeout=120)
    same(out["python"], PYTHON_SDK)
    same(out["nodejs"], NODEJS_SDK)
    same(out["go"], GO_SDK)
