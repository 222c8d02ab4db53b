"""A directory Pulumi project on one emulator, driven through the real CLI in tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pulumi_voxbind import Credentials, VoximplantClient
from tests.support.pulumi_cli import run_pulumi

NI = "--non-interactive"


class Stack:
    """A directory project bound to one emulator, with every CLI output kept for auditing."""

    def __init__(self, root: Path, emu: Any, env: dict[str, str], program: str) -> None:
        self.project = root / "project"
        self.project.mkdir()
        (self.project / "Pulumi.yaml").write_text(
            "name: voxbind-e2e\nruntime:\n  name: python\n  options:\n    toolchain: pip\n")
        (self.project / "__main__.py").write_text(program)
        self.emu = emu
        self.env = env
        self.transcript: list[str] = []
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)

    def pulumi(self, *args: str, check: bool = True) -> str:
        proc = run_pulumi([NI, *args], cwd=self.project, env=self.env, check=check)
        self.transcript.append(proc.stdout + proc.stderr)
        return proc.stdout + proc.stderr

    def config(self, key: str, value: object) -> None:
        text = value if isinstance(value, str) else json.dumps(value)
        self.pulumi("config", "set", key, "--", text)

    def bound(self, rule: str) -> list[str]:
        app = self.api.find_application(application_name="ivr")
        found = self.api.find_rule(app["application_id"], rule_name=rule, with_scenarios=True)
        return [s["scenario_name"] for s in found.get("scenarios") or []]

    def api_calls(self) -> int:
        return self.emu.stats()["total"]

    def export(self, *flags: str) -> str:
        return self.pulumi("stack", "export", *flags)
