"""An emulator plus a real provider process over gRPC: the harness of the protocol tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import running_emulator
from tests.support.provider_process import ProviderProcess, provider_env

SEED = {
    "applications": [
        {"name": "ivr", "rules": [
            {"name": "inbound", "pattern": "1.*", "scenarios": []},
            {"name": "outbound", "pattern": "2.*", "scenarios": []},
            {"name": "busy", "pattern": "3.*", "scenarios": ["foreign-a", "foreign-b"]},
        ] + [{"name": f"r{i}", "pattern": f"9{i}.*", "scenarios": []} for i in range(8)]},
        {"name": "crm", "rules": [{"name": "inbound", "pattern": ".*", "scenarios": []}]},
    ],
    "scenarios": [
        {"name": n, "application": "ivr"}
        for n in ("greeting", "menu", "bye", "foreign-a", "foreign-b")
    ] + [{"name": "crm-hello", "application": "crm"}],
}
APP = "ivr"
BY_NAMES = {"application_name": APP, "rule_name": "inbound",
            "scenario_names": ["greeting", "menu"]}


@dataclass
class Harness:
    """An emulator, a client to inspect it, and a provider process pointed at it.

    Pulumi starts one provider process per command, and the process remembers what that
    command's program declares; `next_command()` starts a fresh one, as a later `pulumi up`
    or `pulumi destroy` would.
    """

    emu: object
    api: VoximplantClient
    provider: ProviderProcess
    env: dict[str, str]
    cwd: Path

    def next_command(self) -> None:
        self.stderr += self.provider.close()
        self.provider = ProviderProcess(self.env, self.cwd)
        self.provider.configure({})

    stderr: str = ""

    def rule(self, name: str, app: str = APP) -> dict:
        app_id = self.api.find_application(application_name=app)["application_id"]
        return self.api.find_rule(app_id, rule_name=name, with_scenarios=True)

    def bound(self, name: str, app: str = APP) -> list[str]:
        return [s["scenario_name"] for s in self.rule(name, app).get("scenarios") or []]

    def stats(self) -> dict:
        return self.emu.stats()

    def up(self, news: dict, name: str = "b") -> tuple[str, dict]:
        inputs, failures = self.provider.check(news, name=name)
        assert failures == []
        return self.provider.create(inputs, name=name)


def start(tmp_path: Path, seed: dict, **env: str) -> Iterator[Harness]:
    with running_emulator(seed=seed) as emu:
        api = VoximplantClient(Credentials.from_file(emu.credentials_path), endpoint=emu.url)
        base = {"VOXIMPLANT_API_URL": emu.url,
                "VOXIMPLANT_CREDENTIALS": str(emu.credentials_path)}
        base.update(env)
        env = provider_env(**{k: v for k, v in base.items() if v})
        harness = Harness(emu, api, ProviderProcess(env, tmp_path), env, tmp_path)
        try:
            harness.provider.configure({})
            yield harness
        finally:
            stderr = harness.stderr + harness.provider.close()
            key = json.loads(Path(emu.credentials_path).read_text())["private_key"]
            assert key.splitlines()[1] not in stderr
            api.close()


@pytest.fixture
def h(tmp_path: Path) -> Iterator[Harness]:
    yield from start(tmp_path, SEED)
