"""Reliability harness: the emulator as its own process, a directory project, the real CLI.

``EmulatorProc`` runs ``python -m pulumi_voxbind.emulator`` with a SQLite ``--state``, so it
can be SIGKILLed and restarted on the same port with nothing lost. ``Stack`` is a directory
project whose ``__main__.py`` declares the ScenarioBindings listed in ``bindings.json`` and
runs ``pulumi`` commands with the offline environment of ``tests.support.pulumi_cli``; every
byte of CLI output is kept in ``Stack.transcript`` so the secret scan can read all of it.
``reality`` reads what the emulator has bound through plain HTTP with a PyJWT token (the
emulator tests' caller), not through the client under test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import textwrap
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi_voxbind.emulator import EmulatorProcess
from tests.emulator.support import Api
from tests.support.pulumi_cli import pulumi_bin_dir, pulumi_env, run_pulumi

APP = "ivr"
BINDING_TYPE = "pulumi-python:dynamic/voxbind:ScenarioBinding"
NI = "--non-interactive"
JWT_RE = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")

PROGRAM = textwrap.dedent(
    '''\
    """ScenarioBindings from $BINDINGS (default bindings.json): [{"name":, "args": {}}, ...]."""
    import json
    import os
    from pathlib import Path

    from pulumi_voxbind import ScenarioBinding, ScenarioBindingArgs

    for item in json.loads(Path(os.environ.get("BINDINGS", "bindings.json")).read_text()):
        if "args_object" in item:  # ScenarioBindingArgs plus keywords (a program error)
            args = ScenarioBindingArgs(**item["args_object"])
            ScenarioBinding(item["name"], args, **item["args"])
        else:
            ScenarioBinding(item["name"], **item["args"])
    '''
)


def seed(rules: int) -> dict[str, Any]:
    """Application ``ivr`` with rules r00.. and two scenarios sNN-a, sNN-b per rule."""
    return {
        "applications": [
            {
                "name": APP,
                "rules": [{"name": f"r{i:02d}", "pattern": f"{i}.*"} for i in range(rules)],
            }
        ],
        "scenarios": [
            {"name": f"s{i:02d}-{part}", "application": APP, "script": f"// {i} {part}"}
            for i in range(rules)
            for part in ("a", "b")
        ],
    }


def by_names(i: int, **override: Any) -> dict[str, Any]:
    """Binding ``bNN``: scenarios sNN-a then sNN-b on rule rNN, everything named by name."""
    args = {
        "application_name": APP,
        "rule_name": f"r{i:02d}",
        "scenario_names": [f"s{i:02d}-a", f"s{i:02d}-b"],
    }
    args.update(override)
    return {"name": f"b{i:02d}", "args": args}


class EmulatorProc(EmulatorProcess):
    """The emulator CLI with ``--state``; ``kill()`` is SIGKILL, ``restart()`` reuses the port.

    Runs with ``--verbose``, its stderr appended to ``emulator.log`` across restarts, so a test
    can count the injected failures (``outcomes()``).
    """

    def __init__(self, work: Path, seed_data: dict[str, Any], *flags: str) -> None:
        self.work = work
        self.key_file = work / "voximplant-key.json"
        self.seed_file = work / "seed.json"
        self.log = work / "emulator.log"
        self.seed_file.write_text(json.dumps(seed_data))
        super().__init__(self.key_file, seed=self.seed_file, state=work / "emulator.sqlite",
                         args=("--verbose", *flags), stderr_log=self.log)
        self.starts = 0
        self.start()

    def start(self) -> None:
        super().start()
        self.starts += 1
        self.credentials = json.loads(self.key_file.read_text())
        self.api = Api(self.url, self.credentials)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no state close, connections in flight are cut."""
        assert self.proc is not None
        super().kill()
        self.api.close()

    def restart(self) -> None:
        """Start again on the same port with the same state, seed and key file."""
        self.start()

    def stop(self) -> int:
        """SIGTERM and wait; the emulator must exit 0."""
        if self.proc is None:
            return 0
        code = super().stop()
        self.api.close()
        assert code == 0, self.log.read_text()[-2000:]
        return code

    @property
    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def outcomes(self) -> dict[str, int]:
        """Counts of the emulator's verbose outcomes: ok, injected, other errors by code."""
        counts: dict[str, int] = {}
        for line in self.stderr.splitlines():
            _, arrow, outcome = line.partition(" -> ")
            if not arrow:
                continue
            if outcome in ("error 2", "error 340", "HTTP 503 (injected)"):
                key = "injected"
            else:
                key = outcome
            counts[key] = counts.get(key, 0) + 1
        return counts

    def faults(self, **settings: float) -> dict[str, Any]:
        return self.set_faults(**settings)

    def reality(self) -> dict[str, list[int]]:
        """Every rule of ``ivr`` by name -> its bound scenario ids in execution order."""
        rules: dict[str, list[int]] = {}
        offset = 0
        while True:
            page = self.api.ok("GetRules", application_name=APP, with_scenarios=True,
                               count=100, offset=offset)
            for rule in page["result"]:
                rules[rule["rule_name"]] = [s["scenario_id"] for s in rule.get("scenarios") or []]
            offset += len(page["result"])
            if not page["result"] or offset >= page["total_count"]:
                return rules

    @contextlib.contextmanager
    def faults_paused(self) -> Iterator[None]:
        """No injected failures or latency while the test itself reads the emulator."""
        saved = self.control("faults")
        self.faults(fail_rate=0, latency_ms=0)
        try:
            yield
        finally:
            self.faults(**saved)

    def rule_ids(self) -> dict[str, int]:
        rules = self.api.ok("GetRules", application_name=APP, count=1000)["result"]
        return {r["rule_name"]: r["rule_id"] for r in rules}

    def scenario_ids(self) -> dict[str, int]:
        found = self.api.ok("GetScenarios", application_name=APP, count=1000)["result"]
        return {s["scenario_name"]: s["scenario_id"] for s in found}


@dataclass
class Run:
    """One CLI command: its argv, exit code and output."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Stack:
    """A directory project with one stack, run with the real CLI; keeps every output."""

    work: Path
    env: dict[str, str]
    project: Path = field(init=False)
    transcript: list[Run] = field(default_factory=list)
    env_credentials: bool = True

    def __post_init__(self) -> None:
        self.project = self.work / "project"
        self.project.mkdir(parents=True, exist_ok=True)
        (self.project / "Pulumi.yaml").write_text("name: voxbind-reliability\nruntime: python\n")
        (self.project / "__main__.py").write_text(PROGRAM)
        self.declare([])
        self.pulumi("stack", "init", "dev")

    def declare(self, bindings: Iterable[dict[str, Any]]) -> None:
        (self.project / "bindings.json").write_text(json.dumps(list(bindings), indent=1))

    def pulumi(self, *args: str, check: bool = True, timeout: float = 240,
               env: dict[str, str] | None = None) -> Run:
        argv = [*args, NI]
        proc = run_pulumi(argv, cwd=self.project, env={**self.env, **(env or {})}, check=False,
                          timeout=timeout)
        run = Run(argv, proc.returncode, proc.stdout, proc.stderr)
        self.transcript.append(run)
        if check and run.returncode != 0:
            raise AssertionError(
                f"`pulumi {' '.join(argv)}` exited {run.returncode}\n"
                f"--- stdout ---\n{run.stdout}\n--- stderr ---\n{run.stderr}")
        return run

    def up(self, *extra: str, check: bool = True) -> Run:
        return self.pulumi("up", "--yes", "--skip-preview", *extra, check=check)

    def destroy(self, *extra: str, check: bool = True) -> Run:
        return self.pulumi("destroy", "--yes", "--skip-preview", *extra, check=check)

    def export(self, *, show_secrets: bool = False) -> dict[str, Any]:
        args = ["stack", "export", *(["--show-secrets"] if show_secrets else [])]
        return json.loads(self.pulumi(*args).stdout)

    def bindings(self) -> dict[str, dict[str, Any]]:
        """Binding resources in state: resource name -> outputs."""
        deployment = self.export()["deployment"]
        return {
            r["urn"].rsplit("::", 1)[1]: r.get("outputs") or {}
            for r in deployment.get("resources") or []
            if r["type"] == BINDING_TYPE
        }

    def lock_files(self) -> list[Path]:
        return sorted((self.work / "state" / ".pulumi" / "locks").rglob("*.json"))

    def popen(self, *args: str) -> subprocess.Popen[str]:
        """Start ``pulumi <args>`` in its own process group (for the SIGKILL test)."""
        with (self.work / f"cli-{len(self.transcript)}.log").open("w") as log:
            return subprocess.Popen(
                [str(pulumi_bin_dir() / "pulumi"), *args, NI], cwd=self.project, env=self.env,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                start_new_session=True,
            )


def assert_state_matches_reality(stack: Stack, emu: EmulatorProc) -> dict[str, Any]:
    """Every rule's bound ids equal what state says it bound, nothing pending, nothing extra."""
    deployment = stack.export()["deployment"]
    assert not deployment.get("pending_operations"), deployment.get("pending_operations")
    expected: dict[str, list[int]] = {}
    for res in deployment.get("resources") or []:
        if res["type"] != BINDING_TYPE:
            continue
        outs = res["outputs"]
        expected.setdefault(outs["rule_name"], []).extend(int(s) for s in outs["scenario_ids"])
    live = emu.reality()
    extra = {rule: ids for rule, ids in live.items() if ids and rule not in expected}
    assert extra == {}, f"bound on the emulator but not in state: {extra}"
    mismatched = {rule: (ids, live.get(rule)) for rule, ids in expected.items()
                  if live.get(rule) != ids}
    assert mismatched == {}, f"state != emulator (state ids, live ids): {mismatched}"
    return expected


def descendants(pid: int) -> list[int]:
    """Pids of every live descendant of ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_pids(pids: Sequence[int]) -> None:
    """SIGKILL each pid (ignoring ones already gone)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


SITECUSTOMIZE = textwrap.dedent(
    """\
    # Test-only: the provider process logs its client and urllib3 at DEBUG to stderr, which
    # the Pulumi engine shows as diagnostics, so the secret scan reads the provider's output.
    import logging
    import sys

    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("voxbind-debug %(name)s: %(message)s"))
    for _name in ("pulumi_voxbind", "urllib3"):
        logging.getLogger(_name).setLevel(logging.DEBUG)
        logging.getLogger(_name).addHandler(_handler)
    """
)


def secret_needles(key_file: Path) -> list[str]:
    """What must never show: the PEM's base64 lines, its armour and the key id."""
    creds = json.loads(key_file.read_text())
    lines = [line for line in creds["private_key"].splitlines()
             if line and not line.startswith("-----")]
    assert len(lines) > 10
    return ["PRIVATE KEY", *lines, creds["key_id"]]


def find_secrets(texts: dict[str, str], needles: Sequence[str]) -> list[str]:
    """Where (text name: what) any needle or a JWT occurs; empty when clean."""
    found = []
    for where, text in texts.items():
        found += [f"{where}: {needle[:20]}..." for needle in needles if needle in text]
        found += [f"{where}: JWT {m.group()[:20]}..." for m in JWT_RE.finditer(text)]
    return found


class Lab:
    """The emulators and stacks of one test, torn down (and scanned) together."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.emulators: list[EmulatorProc] = []
        self.stacks: list[Stack] = []
        self.site = root / "site"
        self.site.mkdir(parents=True, exist_ok=True)
        (self.site / "sitecustomize.py").write_text(SITECUSTOMIZE)

    def emulator(self, seed_data: dict[str, Any], *flags: str) -> EmulatorProc:
        work = self.root / f"emu{len(self.emulators)}"
        work.mkdir()
        emu = EmulatorProc(work, seed_data, *flags)
        self.emulators.append(emu)
        return emu

    def stack(self, emu: EmulatorProc, *, env_credentials: bool = True,
              **env: str | None) -> Stack:
        """A stack against ``emu``; with ``env_credentials`` the key file comes from env."""
        work = self.root / f"stack{len(self.stacks)}"
        extra: dict[str, str | None] = {
            "VOXIMPLANT_API_URL": emu.url,
            "VOXIMPLANT_CREDENTIALS": str(emu.key_file) if env_credentials else None,
        }
        extra.update(env)
        environment = pulumi_env(work, **extra)
        environment["PYTHONPATH"] = os.pathsep.join([str(self.site), environment["PYTHONPATH"]])
        stack = Stack(work, environment)
        stack.env_credentials = env_credentials
        self.stacks.append(stack)
        return stack

    def scan(self) -> dict[str, int]:
        """Assert no key material or JWT in any state, CLI output or emulator log.

        Stacks with credentials from the environment are exported with --show-secrets: no
        secret may be in state at all. Stacks with credentials in secret config are exported
        plainly (test_secrets checks where the decrypted copy lives). Returns what was read.
        """
        needles = [n for emu in self.emulators for n in secret_needles(emu.key_file)]
        texts: dict[str, str] = {}
        for i, stack in enumerate(self.stacks):
            args = ["stack", "export"]
            if stack.env_credentials:
                args.append("--show-secrets")
            texts[f"stack{i} state"] = stack.pulumi(*args).stdout
            for j, run in enumerate(stack.transcript):
                if "--show-secrets" in run.args and not stack.env_credentials:
                    continue  # asked to decrypt the secret config: test_secrets checks it
                texts[f"stack{i} `pulumi {' '.join(run.args)}` #{j}"] = run.output
            for log in sorted(stack.work.glob("cli-*.log")):
                texts[f"stack{i} {log.name}"] = log.read_text(errors="replace")
        for i, emu in enumerate(self.emulators):
            texts[f"emulator{i} log"] = emu.stderr
        found = find_secrets(texts, needles)
        assert found == [], "secret material leaked:\n" + "\n".join(found)
        return {"texts": len(texts), "bytes": sum(len(t) for t in texts.values())}

    def close(self) -> None:
        for emu in self.emulators:
            if emu.proc is not None:
                EmulatorProcess.kill(emu)


def count_retries(text: str) -> dict[str, int]:
    """From the provider's debug log: failed attempts the client retried, by kind.

    Reads only the final Diagnostics section, which repeats every message once (the progress
    display above it shows them too).
    """
    counts: dict[str, int] = {}
    _, marker, summary = text.rpartition("\nDiagnostics:\n")
    for line in (summary if marker else text).splitlines():
        if "voxbind-debug pulumi_voxbind.api.client:" not in line or "retrying in" not in line:
            continue
        for kind in ("API error 2:", "API error 340:", "HTTP 503", "connection error",
                     "no response within"):
            if kind in line:
                counts[kind.rstrip(":")] = counts.get(kind.rstrip(":"), 0) + 1
                break
        else:
            counts["other"] = counts.get("other", 0) + 1
    return counts
