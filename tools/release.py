"""Build every artifact a release publishes into dist/, checksum them, and smoke-test each.

    tools/release [--dist DIR] [--no-smoke]

1. The sources are copied (without local environments and outputs) and built as a release
   builds them: `python -m build` (the sdist, then the wheel from the sdist).
2. `dist/SHA256SUMS` lists every artifact in `sha256sum` format (`sha256sum -c SHA256SUMS`).
3. Each artifact is installed into a fresh virtualenv of its own, and a copy of
   examples/full-routing is deployed with that virtualenv to the emulator that the same
   install provides (`voxbind-emulator`): `pulumi up`, an empty `pulumi preview
   --expect-no-changes`, `pulumi destroy`, and the emulator must then hold exactly its seed.
Publishing (PyPI upload) is not done here: .github/workflows/release.yml does it from a tag.
Run through `tools/release`, which prepares the virtualenv and the Pulumi CLI first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "build", "dist",
                                     "__pycache__", ".*_cache", ".hypothesis", ".work",
                                     "node_modules")
SMOKE_EXAMPLE = ROOT / "examples" / "full-routing"


def run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run one command; on failure, stop the release with its output."""
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        sys.exit(f"release: `{' '.join(args)}` exited {proc.returncode}\n{proc.stdout}"
                 f"{proc.stderr}")
    return proc.stdout


def build(dist: Path, work: Path) -> list[Path]:
    """The sdist and the wheel, built from a clean copy of the sources into `dist`."""
    source = work / "src"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    dist.mkdir(parents=True, exist_ok=True)
    for old in dist.glob("pulumi_voxbind-*"):
        old.unlink()
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)])
    artifacts = sorted(dist.glob("pulumi_voxbind-*.tar.gz")) + sorted(dist.glob("*.whl"))
    if len(artifacts) != 2:
        sys.exit(f"release: expected one sdist and one wheel in {dist}, found {artifacts}")
    return artifacts


def write_checksums(dist: Path, artifacts: list[Path]) -> Path:
    """`<sha256>  <file name>` per artifact, the format `sha256sum -c` reads."""
    lines = [f"{hashlib.sha256(a.read_bytes()).hexdigest()}  {a.name}\n" for a in artifacts]
    path = dist / "SHA256SUMS"
    path.write_text("".join(lines))
    return path


def _snapshot(base_url: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base_url}/_emulator/snapshot", timeout=30) as response:
        answer: dict[str, object] = json.loads(response.read())
    return answer


def smoke(artifact: Path, work: Path) -> None:
    """Install `artifact` into a fresh virtualenv and deploy the example with it."""
    project = work / "project"
    shutil.copytree(SMOKE_EXAMPLE, project)
    settings = (project / "Pulumi.yaml").read_text()
    (project / "Pulumi.yaml").write_text(settings.rstrip("\n") + "\n    virtualenv: venv\n")
    venv = project / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", "-c", str(ROOT / "tools" / "constraints.txt"),
         str(artifact)])
    env_file = work / "emulator.env"
    emulator = subprocess.Popen(
        [str(venv / "bin" / "voxbind-emulator"), "--seed", str(project / "seed.json"),
         "--credentials-out", str(work / "key.json"), "--env-file", str(env_file)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    try:
        assert emulator.stdout is not None
        url = emulator.stdout.readline().strip()
        if not url.startswith("http"):
            sys.exit(f"release: the emulator of {artifact.name} did not start")
        base_url = url.removesuffix("/platform_api")
        seeded = _snapshot(base_url)
        pulumi_bin = os.environ["PULUMI_BIN_DIR"]
        env = {"PATH": os.pathsep.join([pulumi_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
               "HOME": os.environ.get("HOME", str(work)),
               "PULUMI_HOME": str(work / "pulumi-home"),
               "PULUMI_BACKEND_URL": (work / "state").as_uri(),
               "PULUMI_CONFIG_PASSPHRASE": "", "PULUMI_SKIP_UPDATE_CHECK": "true",
               "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING": "true"}
        for line in env_file.read_text().splitlines():  # VOXIMPLANT_API_URL, _CREDENTIALS
            name, _, value = line.partition("=")
            env[name] = value.strip("'")
        (work / "state").mkdir()
        for args in (["stack", "init", "smoke"], ["up", "--yes", "--skip-preview"],
                     ["preview", "--expect-no-changes"], ["destroy", "--yes"]):
            run([f"{pulumi_bin}/pulumi", *args, "--non-interactive"], cwd=project, env=env)
        if _snapshot(base_url) != seeded:
            sys.exit(f"release: destroy with {artifact.name} did not leave the emulator as "
                     f"seeded")
    finally:
        emulator.terminate()
        emulator.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/release", description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the artifacts go (default: dist/ of the checkout)")
    parser.add_argument("--no-smoke", action="store_true",
                        help="build and checksum only, no install-and-deploy test")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="voxbind-release-") as tmp:
        work = Path(tmp)
        started = time.monotonic()
        artifacts = build(args.dist.resolve(), work)
        sums = write_checksums(args.dist.resolve(), artifacts)
        for artifact in artifacts:
            print(f"built {artifact}", flush=True)
        print(f"wrote {sums}", flush=True)
        if not args.no_smoke:
            for index, artifact in enumerate(artifacts):
                smoke(artifact, work / f"smoke-{index}")
                print(f"smoke-tested {artifact.name}: installed in a fresh virtualenv, "
                      f"deployed, no changes left, destroyed to the seed", flush=True)
        print(f"release: done in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
