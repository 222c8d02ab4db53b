"""How long `pulumi` takes to fail against a dead endpoint (figures for docs/reliability.md).

    python bench/dead_endpoint.py --bindings 100

Deploys N ScenarioBindings to the emulator with the real CLI (the bench/run.py stack), then
points VOXIMPLANT_API_URL at a closed loopback port and times `pulumi refresh`, `pulumi
destroy` and, on a fresh stack, `pulumi up`, each of which must fail naming the endpoint.
Prints one JSON object with the wall times. Nothing is asserted about time here: the tests
assert that the message is right and that attempts stop once the endpoint is known down.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # run as a script from the repository root
    COMMAND_TIMEOUT_S,
    Runner,
    cli_env,
    log,
    make_seed,
    pulumi_bin_dir,
    write_project,
)


def closed_port_url() -> str:
    """An endpoint on loopback where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/platform_api"


def failing(project: Path, env: dict[str, str], bin_dir: Path, dead: str, *args: str) -> float:
    """Run a command that must fail naming `dead`; return its wall time."""
    start = time.perf_counter()
    proc = subprocess.run([str(bin_dir / "pulumi"), *args, "--non-interactive"], cwd=project,
                          env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=COMMAND_TIMEOUT_S, check=False)
    elapsed = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    if proc.returncode == 0 or f"cannot reach the Voximplant API at {dead}" not in output:
        raise SystemExit(f"`pulumi {' '.join(args)}` should fail naming {dead}:\n{output[-3000:]}")
    log(f"{' '.join(args[:1])} against a dead endpoint failed in {elapsed:.1f} s")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bindings", type=int, default=100)
    args = parser.parse_args(argv)
    from pulumi_voxbind.emulator import EmulatorProcess

    bin_dir = pulumi_bin_dir()
    with tempfile.TemporaryDirectory(prefix="voxbind-dead-") as tmp:
        work = Path(tmp)
        seed = work / "seed.json"
        seed.write_text(json.dumps(make_seed(args.bindings)))
        emulator = EmulatorProcess(work / "key.json", seed=seed, state=work / "emu.sqlite")
        emulator.start()
        try:
            env = cli_env(work, bin_dir, emulator)
            project = write_project(work / "voxbind", "voxbind", args.bindings)
            fresh = write_project(work / "fresh", "voxbind", args.bindings)
            runner = Runner(project, env, bin_dir, work)
            runner.run("init", "stack", "init", "dev")
            runner.run("up", "up", "--yes", "--skip-preview")
            Runner(fresh, env, bin_dir, work).run("init", "stack", "init", "fresh")
            dead = closed_port_url()
            dead_env = {**env, "VOXIMPLANT_API_URL": dead}
            result = {
                "bindings": args.bindings,
                "refresh_s": round(failing(project, dead_env, bin_dir, dead,
                                           "refresh", "--yes"), 1),
                "destroy_s": round(failing(project, dead_env, bin_dir, dead,
                                           "destroy", "--yes", "--skip-preview"), 1),
                "up_fresh_stack_s": round(failing(fresh, dead_env, bin_dir, dead,
                                                  "up", "--yes", "--skip-preview"), 1),
            }
        finally:
            emulator.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
