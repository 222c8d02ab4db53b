"""What Pulumi's Python language host does for users, checked through the real CLI.

These hold for Pulumi's own host (>= v3.229) and for the stand-in that tools/ensure-pulumi
builds when it cannot fetch that one (tools/pulumi-cli/README.md):

* pulumi-plugin.json is found through Python's import system, so an editable install of
  pulumi-voxbind (the development virtualenv) makes Pulumi request no `voxbind` plugin;
* cancelling a command (the first Ctrl-C) interrupts the program with SIGINT, and kills it
  5 s later if it is still running.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sysconfig
import textwrap
import time
from importlib.metadata import Distribution, distributions
from pathlib import Path

import pytest

from tests.support.plugin_requests import VERBOSE_LOG_ARGS, download_recorder, required_packages
from tests.support.pulumi_cli import pulumi_bin_dir, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

NI = "--non-interactive"


def _project(root: Path, name: str, program: str) -> Path:
    project = root / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    (project / "__main__.py").write_text(textwrap.dedent(program))
    return project


def _installed_distribution() -> Distribution:
    """pulumi-voxbind as installed in this virtualenv's site-packages (not a source egg-info)."""
    found = list(distributions(name="pulumi-voxbind", path=[sysconfig.get_paths()["purelib"]]))
    assert len(found) == 1, found
    return found[0]


def test_editable_install_requests_no_voxbind_plugin(tmp_path: Path) -> None:
    dist = _installed_distribution()
    direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    assert direct_url.get("dir_info", {}).get("editable"), "the dev virtualenv must be editable"
    site_copy = Path(str(dist.locate_file("pulumi_voxbind/pulumi-plugin.json")))
    assert not site_copy.exists(), "an editable install has no pulumi-plugin.json in site-packages"

    project = _project(tmp_path, "host-editable", """
        import pulumi
        import pulumi_voxbind

        pulumi.export("version", pulumi_voxbind.__version__)
    """)
    with download_recorder() as downloads:
        # As in a user's project: the package comes from the editable install alone (no
        # PYTHONPATH to the checkout, whose egg-info would answer metadata lookups instead).
        env = pulumi_env(tmp_path, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=None,
                         PYTHONPATH=None, **downloads.env())
        run_pulumi(["stack", "init", "dev", NI], cwd=project, env=env)
        preview = run_pulumi(["preview", NI, *VERBOSE_LOG_ARGS], cwd=project, env=env)

    assert [p for p in required_packages(preview.stderr) if "voxbind" in p] == []
    assert downloads.paths == []


# The program records its pid, then sleeps; on SIGINT it records the time and either stops
# (KeyboardInterrupt) or, with PROBE_IGNORE_SIGINT set, carries on sleeping. It leaves the
# language host's process group first: when the engine shuts a plugin down it interrupts, and
# 5 s later kills, the plugin's whole group, which would hide what the host itself does. Only
# signals sent to the program's own pid reach it.
CANCEL_PROBE = """
    import os
    import signal
    import time
    from pathlib import Path

    os.setpgid(0, 0)
    markers = Path(os.environ["PROBE_MARKERS"])

    def on_sigint(signum, frame):
        (markers / "sigint").write_text(repr(time.time()))
        if not os.environ.get("PROBE_IGNORE_SIGINT"):
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    (markers / "pid").write_text(str(os.getpid()))
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (Linux /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(predicate, timeout: float, what: str) -> float:
    """Poll until predicate() is true; return the time it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return time.time()
        time.sleep(0.05)
    raise AssertionError(f"{what} within {timeout} s")


def _cancel_preview(tmp_path: Path, ignore_sigint: bool) -> dict[str, float | int | str]:
    """Start `pulumi preview` of the probe, press Ctrl-C once when the program runs, and
    report when the program got SIGINT, when it was gone and how the CLI ended."""
    markers = tmp_path / "markers"
    markers.mkdir()
    project = _project(tmp_path, "host-cancel", CANCEL_PROBE)
    env = pulumi_env(tmp_path, PROBE_MARKERS=str(markers),
                     PROBE_IGNORE_SIGINT="1" if ignore_sigint else None)
    run_pulumi(["stack", "init", "dev", NI], cwd=project, env=env)

    # A session of its own: the SIGINT below reaches the CLI only, never the program directly.
    cli = subprocess.Popen([str(pulumi_bin_dir() / "pulumi"), "preview", NI], cwd=project,
                           env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    pid = 0
    try:
        _wait_for(lambda: (markers / "pid").exists() or cli.poll() is not None, 120,
                  "the program did not start")
        assert cli.poll() is None, f"pulumi ended before the program ran:\n{cli.communicate()[0]}"
        pid = int((markers / "pid").read_text())
        cli.send_signal(signal.SIGINT)
        gone_at = _wait_for(lambda: not _alive(pid), 60, "the program was still running")
        output, _ = cli.communicate(timeout=60)
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
            cli.wait()
        if pid and _alive(pid):
            os.kill(pid, signal.SIGKILL)
    sigint = markers / "sigint"
    assert sigint.exists(), f"the program never got SIGINT (it was killed outright):\n{output}"
    return {"sigint_at": float(sigint.read_text()), "gone_at": gone_at,
            "exit_code": cli.returncode, "output": output}


def test_cancel_interrupts_the_program(tmp_path: Path) -> None:
    result = _cancel_preview(tmp_path, ignore_sigint=False)  # got SIGINT, then ended
    assert result["exit_code"] != 0, result["output"]


def test_cancel_kills_a_program_that_ignores_sigint_after_the_grace(tmp_path: Path) -> None:
    result = _cancel_preview(tmp_path, ignore_sigint=True)
    survived = float(result["gone_at"]) - float(result["sigint_at"])
    assert survived >= 4.5, f"killed {survived:.1f} s after SIGINT; the host waits 5 s"
    assert result["exit_code"] != 0
