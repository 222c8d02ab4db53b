"""`voxbind-emulator --version` and `--env-file`: what a CI shell needs to target the emulator."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pulumi_voxbind import __version__
from pulumi_voxbind.emulator.envfile import shell_assignments

from .process import EmulatorProcess, read_json, run
from .support import Api


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"voxbind-emulator {__version__}")


def test_env_file_is_written_before_the_url_line_and_sources_in_bash(tmp_path: Path) -> None:
    folder = tmp_path / "with space"
    folder.mkdir()
    creds, env_file = folder / "key.json", folder / "emulator.env"
    with EmulatorProcess("--credentials-out", str(creds), "--env-file", str(env_file)) as proc:
        assert env_file.is_file()  # written before the URL line, which the fixture has read
        shown = subprocess.run(
            ["bash", "-c", 'set -a; . "$1"; printf "%s\\n%s\\n" "$VOXIMPLANT_API_URL" '
                           '"$VOXIMPLANT_CREDENTIALS"', "bash", str(env_file)],
            capture_output=True, text=True, check=True)
        url, path = shown.stdout.splitlines()
        assert (url, Path(path)) == (proc.url, creds.resolve())
        api = Api(url, read_json(Path(path)))
        assert api.ok("GetApplications")["total_count"] == 0
        api.close()
        assert proc.stop()[0] == 0
    assert "PRIVATE KEY" not in env_file.read_text()


def test_env_file_needs_the_key_file_it_names(tmp_path: Path) -> None:
    result = run("--env-file", str(tmp_path / "e.env"))
    assert result.returncode == 2
    assert "--env-file needs --credentials-out" in result.stderr
    assert not (tmp_path / "e.env").exists()


def test_unwritable_env_file_exits_2(tmp_path: Path) -> None:
    result = run("--credentials-out", str(tmp_path / "k.json"),
                 "--env-file", str(tmp_path / "missing-dir" / "e.env"))
    assert result.returncode == 2
    assert "cannot write --env-file" in result.stderr and "Traceback" not in result.stderr


def test_values_are_quoted_for_the_shell() -> None:
    assert shell_assignments({"A": "x y", "B": "plain"}) == "A='x y'\nB=plain\n"
