"""Secrets: credentials never reach state or output; forged tokens get nowhere; loopback only.

Every end-to-end test of this suite ends with ``lab.scan()``: the state of each stack with
credentials from the environment is exported with --show-secrets, and it, every CLI output
(the provider's stderr included, with its client and urllib3 logging at DEBUG) and the
emulator's log must hold no line of the private key's PEM, no "PRIVATE KEY", not the key id
and nothing shaped like a JWT. This module covers credentials kept in secret stack config,
the JWT forgeries against the emulator process, and the address it listens on. The complete
forgery matrix against the in-process emulator is tests/emulator/test_auth.py; here the same
forgeries try to change a binding through the emulator CLI with a state file.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import requests

from pulumi_voxbind.emulator import running_emulator
from tests.emulator.test_auth import CASES, MESSAGES
from tests.support.pulumi_cli import pulumi_bin_dir

from .harness import (
    BINDING_TYPE,
    JWT_RE,
    Lab,
    Run,
    assert_state_matches_reality,
    by_names,
    seed,
)

pytestmark = pytest.mark.e2e

SECRET_SIG = "4dabf18193072939515e22adb298388d"
PROVIDER_TYPE = "pulumi:providers:pulumi-python"


def _paths_holding(node: Any, needle: str, path: str = "") -> list[str]:
    """JSON paths of the string values that contain ``needle``."""
    if isinstance(node, str):
        return [path] if needle in node else []
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else []
    return [p for key, value in items for p in _paths_holding(value, needle, f"{path}/{key}")]


def test_credentials_in_secret_config_stay_encrypted(lab: Lab, record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(3))
    stack = lab.stack(emu, env_credentials=False)  # VOXIMPLANT_CREDENTIALS is unset
    pem_line = emu.credentials["private_key"].splitlines()[1]

    # As the docs say: pulumi config set --secret voxbind:credentials < key.json
    with emu.key_file.open() as key:
        proc = subprocess.run(
            [str(pulumi_bin_dir() / "pulumi"), "config", "set", "--secret",
             "voxbind:credentials", "--non-interactive"],
            stdin=key, cwd=stack.project, env=stack.env, capture_output=True, text=True,
            timeout=60, check=False)
    stack.transcript.append(Run(["config", "set", "--secret"], proc.returncode, proc.stdout,
                                proc.stderr))
    assert proc.returncode == 0, proc.stderr
    stack_config = (stack.project / "Pulumi.dev.yaml").read_text()
    assert "secure: v1:" in stack_config and pem_line not in stack_config

    stack.declare([by_names(i) for i in range(3)])
    stack.up()  # the provider authenticated with the key from config
    assert_state_matches_reality(stack, emu)
    stack.pulumi("refresh", "--yes", "--expect-no-changes")

    plain = stack.export()
    text = json.dumps(plain)
    assert pem_line not in text and "PRIVATE KEY" not in text and not JWT_RE.search(text)
    assert emu.credentials["key_id"] not in text
    resources = plain["deployment"]["resources"]
    provider = next(r for r in resources if r["type"] == PROVIDER_TYPE)
    stored = provider["inputs"]["voxbind:credentials"]
    assert stored[SECRET_SIG] == "1b47061264138c4ac30d75fd1eb44270" and stored["ciphertext"]
    bindings = [r for r in resources if r["type"] == BINDING_TYPE]
    assert len(bindings) == 3
    assert not any("voxbind:credentials" in json.dumps(r) for r in bindings)

    # Decrypted, the key shows up only where Pulumi keeps the stack config it gave the
    # default provider (Pulumi's design since 3.139), never in a binding's state.
    revealed = _paths_holding(stack.export(show_secrets=True), pem_line)
    index = resources.index(provider)
    where = re.compile(rf"/deployment/resources/{index}/(inputs|outputs)/voxbind:credentials"
                       rf"/plaintext")
    assert revealed and all(where.fullmatch(p) for p in revealed), revealed

    stack.destroy()
    assert not any(emu.reality().values())
    record.update({"exports_checked": 3, "ciphertext_marker": True,
                   "decrypted_copies": revealed, "bindings_up_and_destroyed": 3,
                   "secret_scan": lab.scan()})


FORGERIES = [case for case in CASES if case[0] in {
    "alg-none", "hs256-public-key-pem", "kid-unknown", "iss-other-account", "expired",
    "iat-future", "ttl-3601", "foreign-key", "tampered-payload"}]


def test_forged_tokens_change_nothing_on_the_emulator_process(lab: Lab,
                                                              record: dict[str, Any]) -> None:
    assert len(FORGERIES) == 9
    emu = lab.emulator(seed(1))
    rules, scenarios = emu.rule_ids(), emu.scenario_ids()
    params = {"rule_id": rules["r00"], "scenario_id": scenarios["s00-a"]}
    outcomes = {}
    for name, factory, code in FORGERIES:
        token = factory(emu.credentials)
        for method in ("BindScenario", "GetRules"):
            body = emu.api(method, token=token, application_name="ivr", **params)
            assert body == {"error": {"code": code, "msg": MESSAGES[code]}}, (name, body)
        outcomes[name] = code
    assert emu.reality() == {"r00": []}
    emu.api.ok("BindScenario", **params)  # the same request with a genuine token works
    assert emu.reality() == {"r00": [scenarios["s00-a"]]}
    record.update({"forgeries": outcomes, "requests": 2 * len(FORGERIES),
                   "changes_made": 0})


def _listeners(port: int) -> list[str]:
    """Local addresses of the LISTEN sockets on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:
                raw = bytes.fromhex(address)
                if len(raw) == 4:
                    found.append(".".join(str(b) for b in reversed(raw)))
                else:
                    found.append("ipv6:" + address)
    return found


def test_emulator_listens_on_loopback_unless_told_otherwise(lab: Lab,
                                                            record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(1))
    assert emu.url.startswith("http://127.0.0.1:")
    assert _listeners(emu.port) == ["127.0.0.1"]
    wide = lab.emulator(seed(1), "--host", "0.0.0.0")
    assert _listeners(wide.port) == ["0.0.0.0"]
    with running_emulator() as inprocess:
        assert inprocess.server.server_address[0] == "127.0.0.1"
        assert _listeners(inprocess.server.server_address[1]) == ["127.0.0.1"]
        assert requests.get(f"{inprocess.base_url}/_emulator/stats", timeout=5).ok
    record.update({"default": "127.0.0.1", "with --host 0.0.0.0": "0.0.0.0",
                   "in-process": "127.0.0.1"})
