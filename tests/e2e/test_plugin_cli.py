"""The voxbind provider plugin through the real CLI, from YAML programs.

One stack walks a routing setup through its life against the emulator (the steps are in
tests/support/plugin_stack.walk): up of an application, two ordered rules, scenarios from
files and two bindings; a no-change preview with no API call; a script edit as one
SetScenarioInfo; renames in place; refresh after outside edits, then up; `pulumi import` of a
rule, a scenario and a binding, then a clean preview; destroy, leaving the emulator as seeded.
Then the provider's settings from stack config and from an explicit provider with no
environment, the VoxfilesProject component, and an inbound line (PhoneNumberBinding, Secret,
SipWhitelistEntry). The projects name the package's plugin
directory under `packages:`, with PULUMI_IGNORE_AMBIENT_PLUGINS so the console script on PATH
cannot stand in for it. The Python program is in test_plugin_migration_cli.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.support.plugin_stack import (
    FULL,
    PLUGIN_DIR,
    SEED,
    Routing,
    Stack,
    summary,
    walk,
    yaml_program,
)
from tests.support.pulumi_cli import REPO_ROOT, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e


@pytest.fixture
def emu() -> Iterator[RunningEmulator]:
    with running_emulator(seed=SEED) as running:
        yield running


def test_yaml_program(tmp_path: Path, emu: RunningEmulator) -> None:
    seeded = emu.snapshot()
    stack = Stack(tmp_path, emu, "yaml", yaml_program)
    routing = Routing()
    stack.write(routing)
    stack.pulumi("stack", "init", "dev")
    assert stack.up() == {"created": 9}
    types = {r["type"] for r in stack.state()}
    assert "pulumi:providers:voxbind" in types and "voxbind:index:ScenarioBinding" in types
    walk(stack, routing, seeded)


def test_explicit_provider_and_stack_config_with_no_environment(
        tmp_path: Path, emu: RunningEmulator) -> None:
    """Settings from `voxbind:credentials`/`voxbind:endpoint` (the default provider) and from
    an explicit `pulumi:providers:voxbind` resource, with no VOXIMPLANT_* variables; the key
    reaches state only encrypted."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(f"""\
name: voxbind-accounts
runtime: yaml
packages:
  voxbind: {PLUGIN_DIR}
config:
  secondKey:
    type: string
    secret: true
resources:
  second:
    type: pulumi:providers:voxbind
    properties:
      endpoint: {emu.url}
      credentials: ${{secondKey}}
  first:
    type: voxbind:index:Application
    properties: {{applicationName: first}}
  other:
    type: voxbind:index:Application
    properties: {{applicationName: other}}
    options: {{provider: "${{second}}"}}
""")
    env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=None, VOXIMPLANT_CREDENTIALS=None,
                     PULUMI_IGNORE_AMBIENT_PLUGINS="true")
    key = Path(emu.credentials_path).read_text()
    key_line = json.loads(key)["private_key"].splitlines()[1]

    def pulumi(*args: str) -> str:
        proc = run_pulumi(["--non-interactive", *args], cwd=project, env=env)
        return proc.stdout + proc.stderr

    pulumi("stack", "init", "dev")
    pulumi("config", "set", "voxbind:endpoint", emu.url)
    pulumi("config", "set", "--secret", "voxbind:credentials", "--", key)
    pulumi("config", "set", "--secret", "secondKey", "--", key)
    out = pulumi("up", "--yes", "--skip-preview")
    assert summary(out) == {"created": 4}, out
    names = {a["application_name"] for a in emu.snapshot()["applications"]}
    assert {FULL.format("first"), FULL.format("other")} <= names
    exported = pulumi("stack", "export")
    assert key_line not in exported and key_line not in out
    provider = next(r for r in json.loads(exported)["deployment"]["resources"]
                    if r["urn"].endswith("pulumi:providers:voxbind::second"))
    assert is_ciphertext(provider["inputs"]["credentials"])
    pulumi("destroy", "--yes")
    assert {a["application_name"] for a in emu.snapshot()["applications"]}.isdisjoint(
        {FULL.format("first"), FULL.format("other")})


def is_ciphertext(value: Any) -> bool:
    return isinstance(value, dict) and "ciphertext" in value


def test_yaml_voxfiles_project_component(tmp_path: Path) -> None:
    """examples/voxfiles' tree from a YAML program: the plugin builds the component (reading
    the tree relative to the program) and its children; they adopt what voxengine-ci made."""
    example = REPO_ROOT / "examples" / "voxfiles"
    project = tmp_path / "project"
    shutil.copytree(example / "voxfiles", project / "voxfiles")
    (project / "Pulumi.yaml").write_text(f"""\
name: voxbind-voxfiles
runtime: yaml
packages:
  voxbind: {PLUGIN_DIR}
resources:
  routing:
    type: voxbind:index:VoxfilesProject
    properties: {{path: voxfiles}}
outputs:
  rules: ${{routing.rules}}
""")
    with running_emulator(seed=example / "seed.json") as emu:
        env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=emu.url,
                         VOXIMPLANT_CREDENTIALS=str(emu.credentials_path),
                         PULUMI_IGNORE_AMBIENT_PLUGINS="true")

        def pulumi(*args: str) -> str:
            proc = run_pulumi(["--non-interactive", *args], cwd=project, env=env)
            return proc.stdout + proc.stderr

        before = {(a["application_name"], r["rule_name"]): r["rule_id"]
                  for a in emu.snapshot()["applications"] for r in a["rules"]}
        pulumi("stack", "init", "dev")
        out = pulumi("up", "--yes", "--skip-preview")
        assert summary(out) == {"created": 16}, out
        rules = json.loads(pulumi("stack", "output", "rules", "--json"))
        after = {(app, rule): rule_id for app, named in rules.items()
                 for rule, rule_id in named.items()}
        assert after == before, "adopted: the rules voxengine-ci made, not new ones"
        types = {r["type"] for r in json.loads(pulumi("stack", "export"))["deployment"][
            "resources"]}
        assert "voxbind:index:VoxfilesProject" in types
        assert "voxbind:index:ScenarioBinding" in types
        emu.reset_stats()
        pulumi("preview", "--expect-no-changes")
        assert dict(emu.stats()["requests"]) == {}
        pulumi("destroy", "--yes")


INBOUND_NUMBER = "15557650002"
INBOUND_SEED = {"phone_numbers": [{"phone_number": INBOUND_NUMBER}],
                "sip_whitelist": [{"network": "198.51.100.0/24", "description": "seeded"}]}
CRM_TOKEN = "e2e-crm-token-5d1c"  # written as a plain string: the plugin keeps it secret


def inbound_program(token: str) -> str:
    return f"""\
name: voxbind-inbound
runtime: yaml
packages:
  voxbind: {PLUGIN_DIR}
resources:
  app:
    type: voxbind:index:Application
    properties: {{applicationName: line}}
  inbound:
    type: voxbind:index:Rule
    properties: {{applicationId: "${{app.applicationId}}", ruleName: inbound, rulePattern: ".*"}}
  mainLine:
    type: voxbind:index:PhoneNumberBinding
    properties:
      phoneNumber: "+{INBOUND_NUMBER}"
      applicationId: ${{app.applicationId}}
      ruleId: ${{inbound.ruleId}}
  crmToken:
    type: voxbind:index:Secret
    properties:
      applicationId: ${{app.applicationId}}
      secretName: CRM_TOKEN
      secretValue: {token}
      description: CRM API token
  officePbx:
    type: voxbind:index:SipWhitelistEntry
    properties: {{network: 203.0.113.0/24, description: HQ PBX}}
"""


def test_yaml_inbound_line(tmp_path: Path) -> None:
    """The inbound kinds from YAML: up, a 0-call preview, the secret value (a plain string in
    the program) nowhere in state or output, a new value as one SetSecretInfo, `pulumi import`
    of a white list entry by its id, destroy leaving the emulator as seeded."""
    project = tmp_path / "project"
    project.mkdir()
    with running_emulator(seed=INBOUND_SEED) as emu:
        seeded = emu.snapshot()
        env = pulumi_env(tmp_path, VOXIMPLANT_API_URL=emu.url,
                         VOXIMPLANT_CREDENTIALS=str(emu.credentials_path),
                         PULUMI_IGNORE_AMBIENT_PLUGINS="true")
        api = VoximplantClient(Credentials.from_file(emu.credentials_path), endpoint=emu.url)
        transcript: list[str] = []

        def pulumi(*args: str) -> str:
            proc = run_pulumi(["--non-interactive", *args], cwd=project, env=env)
            transcript.append(proc.stdout + proc.stderr)
            return transcript[-1]

        (project / "Pulumi.yaml").write_text(inbound_program(CRM_TOKEN))
        pulumi("stack", "init", "dev")
        out = pulumi("up", "--yes", "--skip-preview")
        assert summary(out) == {"created": 6}, out
        number = api.find_phone_number(phone_number=INBOUND_NUMBER)
        assert number is not None and number.get("rule_name") == "inbound"
        app_id = int(number["application_id"])
        secret = api.find_secret(app_id, secret_name="CRM_TOKEN")
        assert secret is not None
        assert api.get_secret_value(app_id, int(secret["secret_id"])) == CRM_TOKEN

        emu.reset_stats()
        pulumi("preview", "--expect-no-changes", "--diff")
        assert dict(emu.stats()["requests"]) == {}
        resources = json.loads(pulumi("stack", "export"))["deployment"]["resources"]
        stored = next(r for r in resources if r["type"] == "voxbind:index:Secret")
        assert is_ciphertext(stored["inputs"]["secretValue"])
        assert {r["type"]: r.get("id") for r in resources}["voxbind:index:PhoneNumberBinding"] == \
            str(number["phone_id"])

        # a new value: one SetSecretInfo, shown as a change of secretValue, never the value
        (project / "Pulumi.yaml").write_text(inbound_program(CRM_TOKEN + "-2"))
        emu.reset_stats()
        out = pulumi("up", "--yes", "--diff")
        assert summary(out).get("updated") == 1 and "secretValue" in out, out
        assert dict(emu.stats()["requests"]).get("SetSecretInfo") == 1
        assert api.get_secret_value(app_id, int(secret["secret_id"])) == CRM_TOKEN + "-2"

        # a white list entry made by hand, imported by its id
        entry = api.add_sip_whitelist_item("192.0.2.0/24", description="by hand")
        out = pulumi("import", "voxbind:index:SipWhitelistEntry", "branchPbx", str(entry),
                     "--yes", "--protect=false")
        assert summary(out).get("imported") == 1 and "type: voxbind:SipWhitelistEntry" in out, \
            out
        exported = pulumi("stack", "export")
        ids = {r["urn"].rsplit("::", 1)[-1]: r.get("id") for r in
               json.loads(exported)["deployment"]["resources"]}
        assert ids["branchPbx"] == str(entry)

        pulumi("destroy", "--yes")
        api.close()
        assert emu.snapshot() == seeded
        for text in transcript:
            assert CRM_TOKEN not in text, "the secret value in a transcript or in state"
