"""ScenarioBinding through the real `pulumi` CLI: a directory project, a file backend, offline.

One stack walks the whole lifecycle in order, as a user would: preview, up, a no-change
preview, an in-place update, drift repaired by refresh + up, a replace onto another rule,
and destroy, checking the emulator (the API's view) after every step.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_voxbind.emulator import running_emulator
from tests.support.cli_stack import Stack
from tests.support.pulumi_cli import pulumi_env

pytestmark = pytest.mark.e2e

JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")
SEED = {
    "applications": [{"name": "ivr", "rules": [
        {"name": "inbound", "pattern": "1.*", "scenarios": ["foreign"]},
        {"name": "outbound", "pattern": "2.*", "scenarios": []},
    ]}],
    "scenarios": [{"name": n, "application": "ivr"}
                  for n in ("greeting", "menu", "bye", "foreign")],
}
PROGRAM = textwrap.dedent("""
    import pulumi
    from pulumi_voxbind import ScenarioBinding

    config = pulumi.Config()
    routing = ScenarioBinding(
        "routing",
        application_name=config.get("application") or "ivr",
        rule_name=config.require("rule"),
        scenario_names=config.require_object("scenarios"),
    )
    pulumi.export("rule_id", routing.rule_id)
    pulumi.export("scenario_names", routing.scenario_names)
""")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with running_emulator(seed=SEED) as emu:
        env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=emu.url,
                         VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        s = Stack(tmp_path, emu, env, PROGRAM)
        s.pulumi("stack", "init", "dev")
        yield s
        s.api.close()


def _secret_lines(emu: object) -> list[str]:
    """Lines of the private key that must never appear anywhere."""
    key = json.loads(Path(emu.credentials_path).read_text())["private_key"]
    return [line for line in key.splitlines() if line and "-----" not in line]


def assert_no_secrets(text: str, emu: object, where: str) -> None:
    for line in _secret_lines(emu):
        assert line not in text, f"private key material in {where}"
    assert not JWT.search(text), f"a JWT in {where}"


def test_lifecycle_with_the_cli(stack: Stack) -> None:
    stack.config("rule", "inbound")
    stack.config("scenarios", ["greeting", "menu"])

    before = stack.api_calls()
    assert "+ 2 to create" in stack.pulumi("preview")
    assert stack.api_calls() == before, "a preview of a create calls no API"

    assert "2 created" in stack.pulumi("up", "--yes")
    assert stack.bound("inbound") == ["foreign", "greeting", "menu"]

    before = stack.api_calls()
    stack.pulumi("preview", "--expect-no-changes")
    assert stack.api_calls() == before, "a no-change preview calls no API"

    stack.config("scenarios", ["menu", "greeting", "bye"])
    assert "~ 1 to update" in stack.pulumi("preview")
    out = stack.pulumi("up", "--yes")
    assert "1 updated" in out and "replaced" not in out
    assert stack.bound("inbound") == ["foreign", "menu", "greeting", "bye"]

    # Someone unbinds a scenario by hand: refresh notices, up repairs.
    rule_id = int(json.loads(stack.pulumi("stack", "output", "rule_id", "--json")))
    greeting = stack.api.find_scenarios(["greeting"])["greeting"]["scenario_id"]
    stack.api.bind_scenarios(rule_id, [greeting], bind=False)
    stack.pulumi("refresh", "--yes")
    state = json.loads(stack.export())["deployment"]["resources"]
    binding = next(r for r in state if r["type"].endswith("voxbind:ScenarioBinding"))
    assert binding["outputs"]["scenario_names"] == ["menu", "bye"]
    assert "~ 1 to update" in stack.pulumi("preview")
    stack.pulumi("up", "--yes")
    assert stack.bound("inbound") == ["foreign", "menu", "greeting", "bye"]

    # Another rule is a replace; the old rule is left as we found it.
    stack.config("rule", "outbound")
    assert "+-1 to replace" in stack.pulumi("preview")
    assert "1 replaced" in stack.pulumi("up", "--yes")
    assert stack.bound("outbound") == ["menu", "greeting", "bye"]
    assert stack.bound("inbound") == ["foreign"]

    assert_no_secrets(stack.export("--show-secrets"), stack.emu, "state")

    stack.pulumi("destroy", "--yes")
    assert stack.bound("outbound") == []
    assert stack.bound("inbound") == ["foreign"], "destroy touches only what it bound"
    assert_no_secrets("\n".join(stack.transcript), stack.emu, "CLI output")


def test_credentials_in_secret_stack_config(stack: Stack) -> None:
    key_json = Path(stack.emu.credentials_path).read_text()
    stack.env.pop("VOXIMPLANT_CREDENTIALS")
    stack.env.pop("VOXIMPLANT_API_URL")
    stack.pulumi("config", "set", "--secret", "voxbind:credentials", "--", key_json)
    stack.config("voxbind:endpoint", stack.emu.url)
    stack.config("rule", "inbound")
    stack.config("scenarios", ["bye"])

    stack.pulumi("up", "--yes")
    assert stack.bound("inbound") == ["foreign", "bye"]

    plain = stack.export()
    assert_no_secrets(plain, stack.emu, "plain state export")
    assert "ciphertext" in plain, "Pulumi keeps secret config in state, encrypted"
    config_file = (stack.project / "Pulumi.dev.yaml").read_text()
    assert_no_secrets(config_file, stack.emu, "stack config file")

    stack.pulumi("destroy", "--yes")
    assert stack.bound("inbound") == ["foreign"]
    assert_no_secrets("\n".join(stack.transcript), stack.emu, "CLI output")


def test_missing_credentials_fail_clearly_at_first_use(stack: Stack) -> None:
    stack.env.pop("VOXIMPLANT_CREDENTIALS")
    stack.config("rule", "inbound")
    stack.config("scenarios", ["bye"])
    assert "+ 2 to create" in stack.pulumi("preview"), "preview needs no credentials"
    out = stack.pulumi("up", "--yes", check=False)
    assert "voxbind:credentials" in out and "VOXIMPLANT_CREDENTIALS" in out
    assert stack.bound("inbound") == ["foreign"]
