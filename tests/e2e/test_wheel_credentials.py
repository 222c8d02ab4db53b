"""Credentials and settings as operators use them, with the real CLI, from a project outside
the repository with only the wheel installed (the wheel-install test's machinery: one build
and one install shared by every case of this module).

One stack, `ops`, goes through a key's life: the key as JSON text in VOXIMPLANT_CREDENTIALS,
as a path, then in secret stack config, rotated through config (refresh and destroy see the
config saved by the last `up`, and say so when that key is refused; `refresh --run-program`
uses the new one), `config rm` with the environment set (the refused saved key gives way to
the environment's key of the same account), and `destroy` (refused with the saved key, then
run with --run-program). A second stack, `bad`, never gets deployed: plaintext config, each
bad setting (all refused at preview, with no API call), a revoked key and a key of another
account. Every CLI transcript, the emulator's log, the stack files and both stacks' `stack
export` and `stack export --show-secrets` are scanned for key material.

What the --show-secrets scan asserts: the decrypted key appears only where Pulumi keeps the
stack config it gave the default provider (its inputs/outputs `voxbind:credentials`; Pulumi's
design since 3.139, see docs/reliability.md), never in a resource's state, and the plain
export shows it only as a secret (ciphertext).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind.emulator import EmulatorProcess
from tests.e2e.test_wheel_install import (  # noqa: F401 (fixtures: dists, install, emulator)
    Install,
    _rule_scenarios,
    _user_env,
    dists,
    emulator,
    install,
)
from tests.support.pulumi_cli import pulumi_bin_dir, run_pulumi

pytestmark = pytest.mark.e2e

NI = "--non-interactive"
JWT_RE = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")
PROVIDER_TYPE = "pulumi:providers:pulumi-python"


class Operator:
    """The project, the emulator, the keys made so far and every CLI output, for scanning."""

    def __init__(self, project: Path, emu: EmulatorProcess, work: Path) -> None:
        self.project = project
        self.emulator = emu
        self.work = work
        self.keys: list[dict[str, Any]] = []
        self.transcript: list[str] = []
        self.stdout = ""
        self.exports: dict[str, tuple[str, str]] = {}  # label -> (plain, --show-secrets)

    def export(self, env: dict[str, str], label: str) -> None:
        self.pulumi(env, "stack", "export", NI)
        plain = self.stdout
        self.pulumi(env, "stack", "export", "--show-secrets", NI)
        self.exports[label] = (plain, self.stdout)

    def new_key(self, **body: Any) -> tuple[dict[str, Any], Path]:
        key = self.emulator.control("keys", body)
        self.keys.append(key)
        path = self.work / f"key-{len(self.keys)}.json"
        path.write_text(json.dumps(key, indent=2))
        return key, path

    def revoke(self, key: dict[str, Any]) -> None:
        assert self.emulator.control("keys/revoke", {"key_id": key["key_id"]}) == {"result": 1}

    def env(self, stack: str, **overrides: str | None) -> dict[str, str]:
        """The user's environment for `stack` (one backend for all stacks), no key unless given."""
        env = _user_env(self.work, self.emulator, {})
        for name, value in {"VOXIMPLANT_CREDENTIALS": None, **overrides}.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        env["VOXBIND_TEST_STACK"] = stack
        return env

    def pulumi(self, env: dict[str, str], *args: str, ok: bool = True,
               stdin: Path | None = None) -> str:
        if args[:2] != ("stack", "init"):
            args = (*args, "--stack", env["VOXBIND_TEST_STACK"])
        if stdin is not None:
            with stdin.open() as handle:
                proc = subprocess.run([str(pulumi_bin_dir() / "pulumi"), *args],
                                      cwd=self.project, env=env, stdin=handle, text=True,
                                      capture_output=True, timeout=120, check=False)
        else:
            proc = run_pulumi([*args], cwd=self.project, env=env, check=False)
        self.stdout = proc.stdout
        text = proc.stdout + proc.stderr
        self.transcript.append(f"$ pulumi {' '.join(args)}\n{text}")
        assert (proc.returncode == 0) is ok, f"pulumi {' '.join(args)} exited " \
                                             f"{proc.returncode}:\n{text}"
        return text

    def bound(self) -> list[str]:
        return _rule_scenarios(self.emulator)

    def calls(self) -> int:
        return int(self.emulator.stats()["total"])


@pytest.fixture(scope="module")
def operator(install: Install, emulator: EmulatorProcess,  # noqa: F811 (the fixtures)
             tmp_path_factory: pytest.TempPathFactory) -> Operator:
    return Operator(install.project, emulator, tmp_path_factory.mktemp("operator"))


def _one_error(text: str, start: str) -> str:
    """A diagnostic line holding `start`, from there on (Pulumi prefixes "error: " and, in a
    refresh's preview, "Preview failed: ")."""
    lines = [line[line.index(start):] for line in text.splitlines() if start in line]
    assert lines, f"no line holds {start!r}:\n{text}"
    assert "Traceback" not in text, text
    return lines[0]


def test_a_keys_life_on_one_stack(operator: Operator) -> None:
    op = operator
    key_text = op.emulator.credentials_path.read_text()
    text_env = op.env("ops", VOXIMPLANT_CREDENTIALS=key_text)
    op.pulumi(text_env, "stack", "init", "ops", NI)

    # 1. The key as JSON text, as CI systems hand secrets over.
    assert "+ 2 created" in op.pulumi(text_env, "up", "--yes", NI)
    assert op.bound() == ["greeting", "menu"]
    # 2. The key as a path.
    path_env = op.env("ops", VOXIMPLANT_CREDENTIALS=str(op.emulator.credentials_path))
    op.pulumi(path_env, "refresh", "--yes", "--expect-no-changes", NI)

    # 3. The key in secret stack config; the environment has none from now on.
    env = op.env("ops")
    k1, k1_path = op.new_key()
    op.pulumi(env, "config", "set", "--secret", "voxbind:credentials", NI, stdin=k1_path)
    assert "secure: v1:" in (op.project / "Pulumi.ops.yaml").read_text()
    op.pulumi(env, "up", "--yes", NI)  # saves the config (with k1) in state
    op.export(env, "ops with the key in config")

    # 4. Rotation through config: k2 in config, k1 revoked. Refresh gets the config saved by
    # the last `up` (k1): it says so, with the key id and the fix.
    k2, k2_path = op.new_key()
    op.pulumi(env, "config", "set", "--secret", "voxbind:credentials", NI, stdin=k2_path)
    op.revoke(k1)
    failed = op.pulumi(env, "refresh", "--yes", NI, ok=False)
    line = _one_error(failed, "ScenarioBinding: GetRules failed: API error 433")
    assert f"The key '{k1['key_id']}' of account {k1['account_id']} (from stack config " \
           "'voxbind:credentials' as Pulumi gave it to this command: for `pulumi refresh` and " \
           "`pulumi destroy` without --run-program, as of the last `pulumi up`)" in line
    assert ("run `pulumi up` (or the command again with --run-program: `pulumi refresh "
            "--run-program`, `pulumi destroy --run-program`)") in line
    op.pulumi(env, "refresh", "--yes", "--run-program", "--expect-no-changes", NI)
    op.pulumi(env, "refresh", "--yes", "--expect-no-changes", NI)  # --run-program saved k2

    # 5. `config rm` with the environment set: the saved config still holds k2 (Pulumi gives
    # refresh the last saved copy); revoked, it gives way to the environment's key (k3).
    k3, k3_path = op.new_key()
    op.pulumi(env, "config", "rm", "voxbind:credentials", NI)
    op.revoke(k2)
    env_k3 = op.env("ops", VOXIMPLANT_CREDENTIALS=str(k3_path))
    moved = op.pulumi(env_k3, "refresh", "--yes", "--expect-no-changes", NI)
    assert f"the key '{k2['key_id']}' (from stack config 'voxbind:credentials'" in moved
    assert f"using the key '{k3['key_id']}' from VOXIMPLANT_CREDENTIALS={k3_path} instead" in moved

    # 6. Destroy without the environment: the saved key (k2) is refused, and said so.
    failed = op.pulumi(env, "destroy", "--yes", NI, ok=False)
    line = _one_error(failed, "API error 433: Invalid key id. The key")
    assert f"The key '{k2['key_id']}'" in line and "as of the last `pulumi up`" in line
    assert op.bound() == ["greeting", "menu"], "a failed destroy unbinds nothing"
    # With --run-program, destroy gets the config as it is now (no key there: the
    # environment's k3 is used, no fallback needed).
    op.pulumi(env_k3, "destroy", "--yes", "--run-program", NI)
    assert op.bound() == []



def test_refused_at_preview_and_refused_keys(operator: Operator) -> None:
    op = operator
    path = str(op.emulator.credentials_path)
    env = op.env("bad", VOXIMPLANT_CREDENTIALS=path)
    op.pulumi(env, "stack", "init", "bad", NI)
    before = op.calls()

    # Plaintext config: refused in the program, before any API call.
    op.pulumi(env, "config", "set", "voxbind:credentials", NI, stdin=op.emulator.credentials_path)
    assert "PRIVATE KEY" in (op.project / "Pulumi.bad.yaml").read_text()  # what was refused
    failed = op.pulumi(env, "preview", NI, ok=False)
    line = _one_error(failed, "the stack config 'voxbind:credentials' is stored in plain")
    assert "pulumi config set --secret voxbind:credentials < key.json" in line
    op.pulumi(env, "config", "rm", "voxbind:credentials", NI)

    # Each bad setting: one line naming it, its source and a right value; no API call.
    bad = [
        ({"VOXIMPLANT_API_URL": f"127.0.0.1:{op.emulator.port}/platform_api"}, None,
         "ScenarioBinding: environment variable VOXIMPLANT_API_URL has no http:// or "
         "https:// scheme; it must be the Management API URL, for example "
         "VOXIMPLANT_API_URL=https://api.voximplant.com/platform_api (the value is not shown)"),
        ({"VOXIMPLANT_API_URL": op.emulator.base_url}, None,
         "ScenarioBinding: environment variable VOXIMPLANT_API_URL does not end in the "
         "API path /platform_api; "),
        ({}, "api.voximplant.com",
         "ScenarioBinding: stack config 'voxbind:endpoint' has no http:// or https:// "
         "scheme; it must be the Management API URL, for example pulumi config set "
         "voxbind:endpoint https://api.voximplant.com/platform_api"),
        ({"VOXBIND_API_DEADLINE": "abc"}, None,
         "ScenarioBinding: environment variable VOXBIND_API_DEADLINE is not a number "
         "(the value is not shown); it must be a positive number of seconds, for example "
         "VOXBIND_API_DEADLINE=120"),
    ]
    for overrides, endpoint, expected in bad:
        if endpoint is not None:
            op.pulumi(env, "config", "set", "voxbind:endpoint", endpoint, NI)
        failed = op.pulumi(op.env("bad", VOXIMPLANT_CREDENTIALS=path, **overrides), "preview",
                           NI, ok=False)
        assert _one_error(failed, expected[:60]).startswith(expected), failed
        if endpoint is not None:
            op.pulumi(env, "config", "rm", "voxbind:endpoint", NI)
    assert op.calls() == before, "settings are checked before any API call"

    # A revoked key and a key of another account: `up` fails once with the key and the cause.
    revoked, revoked_path = op.new_key()
    op.revoke(revoked)
    failed = op.pulumi(op.env("bad", VOXIMPLANT_CREDENTIALS=str(revoked_path)), "up", "--yes",
                       NI, ok=False)
    line = _one_error(failed, "ScenarioBinding: ")
    assert "API error 433: Invalid key id. The key " \
           f"'{revoked['key_id']}' of account {revoked['account_id']} (from " \
           f"VOXIMPLANT_CREDENTIALS={revoked_path}) was refused: the API knows no key with this " \
           "id: it was deleted or revoked, or it belongs to another account" in line
    other, other_path = op.new_key(account_id=200002)
    failed = op.pulumi(op.env("bad", VOXIMPLANT_CREDENTIALS=str(other_path)), "up", "--yes",
                       NI, ok=False)
    line = _one_error(failed, "ScenarioBinding: ")
    assert f"API error 100: Authorization failed. The key '{other['key_id']}' of account " \
           "200002" in line and "belong to another account" in line
    assert op.bound() == [], "nothing was deployed by the refused keys"


def test_no_key_material_in_any_transcript_or_state(operator: Operator) -> None:
    """Runs after the two above (same module): scans all they printed and stored."""
    op = operator
    assert len(op.transcript) >= 25, "the scenarios above ran first"
    keys = [json.loads(op.emulator.credentials_path.read_text()), *op.keys]
    needles = [line for key in keys for line in key["private_key"].splitlines()[1:-1]]
    for stack in ("ops", "bad"):
        op.export(op.env(stack), f"{stack} at the end")
    exports = op.exports
    # Exports are scanned below, not as transcripts.
    transcripts = [t for t in op.transcript if "$ pulumi stack export" not in t]

    texts = {f"transcript {i}": t for i, t in enumerate(transcripts)}
    texts.update({f"plain export of {s}": e[0] for s, e in exports.items()})
    texts.update({f"stack file {p.name}": p.read_text() for p in op.project.glob("Pulumi.*.yaml")})
    if op.emulator.stderr_log is not None and Path(op.emulator.stderr_log).exists():
        texts["emulator log"] = Path(op.emulator.stderr_log).read_text()
    found = [(where, needle[:12]) for where, text in texts.items() for needle in needles
             if needle in text]
    found += [(where, "PRIVATE KEY") for where, text in texts.items() if "PRIVATE KEY" in text]
    found += [(where, "JWT") for where, text in texts.items() if JWT_RE.search(text)]
    assert found == []

    # The plain export shows the config key only as a secret; decrypted, it is only where
    # Pulumi keeps the config it gave the default provider, never in a resource's state.
    in_config = json.loads(exports["ops with the key in config"][0])["deployment"]["resources"]
    provider = next(r for r in in_config if r["type"] == PROVIDER_TYPE)
    assert provider["inputs"]["voxbind:credentials"]["ciphertext"]
    places = []
    for label, (_, revealed) in exports.items():
        for resource in json.loads(revealed)["deployment"].get("resources") or []:
            for section in ("inputs", "outputs"):
                for name, value in (resource.get(section) or {}).items():
                    if any(n in json.dumps(value) for n in needles):
                        places.append((label, resource["type"], section, name))
    assert sorted(places) == [
        ("ops with the key in config", PROVIDER_TYPE, "inputs", "voxbind:credentials"),
        ("ops with the key in config", PROVIDER_TYPE, "outputs", "voxbind:credentials")], places
    shutil.rmtree(op.work, ignore_errors=True)
