"""examples/inbound-line through the real `pulumi` CLI: one stack walked through its life.

Offline (directory project, file backend, the emulator seeded with the example's seed). After
each step the emulator is checked through the API, and the calls a step makes are counted by
the emulator's statistics. Every CLI transcript and both state exports are scanned for the
secret values: they may appear only as ciphertext, and in plain text only under
`--show-secrets`, only as the Secret's `secret_value` input.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.support.pulumi_cli import REPO_ROOT, pulumi_env, run_pulumi

pytestmark = pytest.mark.e2e

EXAMPLE = REPO_ROOT / "examples" / "inbound-line"
SUMMARY = re.compile(r"\b(\d+) (created|updated|deleted|replaced|unchanged)\b")
VALUES = ("crm-token-one-8f3a", "crm-token-two-c71e")
LINE, TAKEN = "15551230001", "15551230002"  # the example's number; one the seed binds to crm
INDENT = "\n" + " " * 26  # the example's continuation lines of PhoneNumberBinding(...)
BIND_CALLS = {"BindPhoneNumberToApplication", "GetApplications", "GetRules"}


class Stack:
    """The example copied to a temp dir, one stack, the emulator and a client to inspect it."""

    def __init__(self, root: Path, emu: RunningEmulator) -> None:
        self.project = root / "project"
        shutil.copytree(EXAMPLE, self.project)
        self.emu = emu
        self.env = pulumi_env(root, VOXIMPLANT_API_URL=emu.url,
                              VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)
        self.transcripts: list[tuple[tuple[str, ...], str]] = []

    def pulumi(self, *args: str, check: bool = True) -> str:
        proc = run_pulumi(["--non-interactive", *args], cwd=self.project, env=self.env,
                          check=check)
        out = proc.stdout + proc.stderr
        self.transcripts.append((args, out))
        return out

    def up(self, *extra: str, check: bool = True) -> dict[str, int]:
        out = self.pulumi("up", "--yes", "--skip-preview", *extra, check=check)
        if "Resources:" not in out:
            return {}
        summary = out[out.rindex("Resources:"):]
        return {kind: int(n) for n, kind in SUMMARY.findall(summary)}

    def edit(self, old: str, new: str) -> None:
        main = self.project / "__main__.py"
        text = main.read_text()
        assert old in text, old
        main.write_text(text.replace(old, new))

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])

    def number(self, digits: str) -> dict[str, Any]:
        found = self.api.find_phone_number(phone_number=digits)
        assert found is not None
        return found

    def app_id(self, short: str) -> int:
        found = self.api.find_application(application_name=short)
        assert found is not None
        return int(found["application_id"])

    def rule_id(self, short: str, rule: str) -> int:
        found = self.api.find_rule(self.app_id(short), rule_name=rule, with_scenarios=False)
        assert found is not None
        return int(found["rule_id"])


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with running_emulator(seed=EXAMPLE / "seed.json") as emu:
        s = Stack(tmp_path, emu)
        s.pulumi("stack", "init", "dev")
        yield s
        s.api.close()


def _plain_occurrences(node: Any, value: str, path: str = "") -> list[str]:
    """Paths in a JSON document whose string holds `value`."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _plain_occurrences(v, value, f"{path}/{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _plain_occurrences(v, value,
                                                                          f"{path}/{i}")]
    return [path] if isinstance(node, str) and value in node else []


def test_inbound_line_lifecycle(stack: Stack) -> None:
    seeded = stack.emu.snapshot()
    stack.pulumi("config", "set", "--secret", "crmToken", VALUES[0])

    # 1. the whole line comes up: number -> application -> rule `main`, secret, PBX network
    assert stack.up() == {"created": 12}
    main = stack.rule_id("line", "main")
    line = stack.number(LINE)
    assert (line["application_id"], line["rule_id"]) == (stack.app_id("line"), main)
    (secret,) = stack.api.list_secrets(stack.app_id("line"))
    assert secret["secret_name"] == "CRM_TOKEN"
    assert stack.api.get_secret_value(stack.app_id("line"), secret["secret_id"]) == VALUES[0]
    networks = [e["sip_whitelist_network"] for e in stack.api.list_sip_whitelist()]
    assert networks == ["198.51.100.0/24", "203.0.113.0/24"]

    # 2. nothing changed: a preview calls no API
    stack.emu.reset_stats()
    stack.pulumi("preview", "--expect-no-changes")
    assert stack.calls() == {}

    # 3. the state holds the value only encrypted; decrypted, only as the secret_value input
    plain = json.loads(stack.pulumi("stack", "export"))
    assert _plain_occurrences(plain, VALUES[0]) == []
    (res,) = [r for r in plain["deployment"]["resources"] if r["type"].endswith(":Secret")]
    assert "ciphertext" in json.dumps(res["inputs"]["secret_value"])
    assert res["outputs"]["value_digest"].startswith("hmac-sha256:v1:")
    shown = json.loads(stack.pulumi("stack", "export", "--show-secrets"))
    resources = shown["deployment"]["resources"]
    where = {f"/deployment/resources/{i}": r["type"] for i, r in enumerate(resources)}
    paths = _plain_occurrences(shown, VALUES[0])
    # the Secret's input, and the stack config that Pulumi hands the dynamic provider (both
    # secret-wrapped in the plain export above)
    for path in paths:
        owner = where["/".join(path.split("/")[:4])]
        assert (owner.endswith("voxbind:Secret") and path.endswith("/secret_value/plaintext")) \
            or (owner == "pulumi:providers:pulumi-python" and ":crmToken/" in path), path
    assert any(p.endswith("/inputs/secret_value/plaintext") for p in paths)

    # 4. a new secret value is exactly one SetSecretInfo
    stack.pulumi("config", "set", "--secret", "crmToken", VALUES[1])
    stack.emu.reset_stats()
    preview = stack.pulumi("preview", "--diff")
    assert "[secret]" in preview and "~ 1 to update" in preview
    assert stack.up() == {"updated": 1, "unchanged": 11}
    assert stack.calls() == {"SetSecretInfo": 1}
    assert stack.api.get_secret_value(stack.app_id("line"), secret["secret_id"]) == VALUES[1]

    # 5. moving the number to another rule, then to another application: one call each
    stack.edit("rule_id=main.rule_id)", "rule_id=pbx.rule_id)")
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 1, "unchanged": 11}
    calls = stack.calls()
    assert calls.pop("BindPhoneNumberToApplication") == 1 and set(calls) <= BIND_CALLS
    assert stack.number(LINE)["rule_id"] == stack.rule_id("line", "pbx")
    stack.edit(f"application_id=app.application_id,{INDENT}rule_id=pbx.rule_id)",
               'application_name="crm")')
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 1, "unchanged": 11}
    calls = stack.calls()
    # dropping the rule pin is read back once (whether the API clears a pin is UNCONFIRMED)
    assert calls.pop("BindPhoneNumberToApplication") == 1 and calls.pop("GetPhoneNumbers") == 1
    assert set(calls) <= BIND_CALLS
    moved = stack.number(LINE)
    assert moved["application_id"] == stack.app_id("crm") and "rule_id" not in moved
    stack.edit('application_name="crm")',
               f"application_id=app.application_id,{INDENT}rule_id=main.rule_id)")
    stack.up()
    assert stack.number(LINE)["rule_id"] == main

    # 6. unbound outside Pulumi: refresh sees it, up binds it again
    stack.api.unbind_phone_number(int(line["phone_id"]), stack.app_id("line"))
    stack.pulumi("refresh", "--yes")
    stack.emu.reset_stats()
    stack.pulumi("preview")
    assert stack.calls() == {}, "the repair is planned offline"
    assert stack.up() == {"updated": 1, "unchanged": 11}
    assert stack.number(LINE)["rule_id"] == main
    # ...and moved outside: the same
    stack.api.bind_phone_number(int(line["phone_id"]), stack.app_id("crm"))
    stack.pulumi("refresh", "--yes")
    assert stack.up() == {"updated": 1, "unchanged": 11}
    assert stack.number(LINE)["application_id"] == stack.app_id("line")
    # ...and the secret value changed outside: refresh reports it, up restores it
    stack.api.set_secret_info(stack.app_id("line"), secret["secret_id"],
                              secret_value="changed-outside")
    refresh = stack.pulumi("refresh", "--yes")
    assert "changed-outside" not in refresh
    stack.emu.reset_stats()
    assert stack.up() == {"updated": 1, "unchanged": 11}
    assert stack.calls() == {"SetSecretInfo": 1}
    assert stack.api.get_secret_value(stack.app_id("line"), secret["secret_id"]) == VALUES[1]

    # 7. the same number bound twice in the program: refused at preview, nothing called
    twice = '\nPhoneNumberBinding("again", phone_number="+15551230001", application_name="crm")\n'
    main_py = stack.project / "__main__.py"
    before = main_py.read_text()
    main_py.write_text(before + twice)
    stack.emu.reset_stats()
    out = stack.pulumi("preview", check=False)
    # whichever of the two the engine checks second is refused, naming the first
    assert re.search(r"PhoneNumberBinding '(main-line|again)' of this program binds "
                     r"\+15551230001 too", out), out
    assert stack.calls() == {}
    main_py.write_text(before)

    # 8. a number another application serves: refused without adopt, naming it; moved with it
    taken = ('\nPhoneNumberBinding("taken", phone_number="{0}", '
             'application_id=app.application_id{1})\n')
    main_py.write_text(main_py.read_text() + taken.format(TAKEN, ""))
    out = stack.pulumi("up", "--yes", "--skip-preview", check=False)
    assert "crm.emulator.voximplant.com" in out and "rule 'all'" in out and "adopt=True" in out
    assert stack.number(TAKEN)["application_id"] == stack.app_id("crm"), "left alone"
    main_py.write_text(main_py.read_text().replace(taken.format(TAKEN, ""),
                                                   taken.format(TAKEN, ", adopt=True")))
    assert stack.up() == {"created": 1, "unchanged": 12}
    assert stack.number(TAKEN)["application_id"] == stack.app_id("line")
    main_py.write_text(main_py.read_text().replace(taken.format(TAKEN, ", adopt=True"), ""))
    assert stack.up() == {"deleted": 1, "unchanged": 12}
    assert "application_id" not in stack.number(TAKEN), "unbound: adopting took it from crm"
    stack.api.bind_phone_number(int(stack.number(TAKEN)["phone_id"]), stack.app_id("crm"),
                                rule_id=stack.rule_id("crm", "all"))  # give it back

    # 9. destroy: the emulator is as seeded (the number stays owned, unbound)
    stack.pulumi("destroy", "--yes", "--skip-preview")
    assert stack.emu.snapshot() == seeded

    # no transcript shows a secret value (but the decrypting export asked for above)
    for args, text in stack.transcripts:
        if "--show-secrets" not in args:
            for value in (*VALUES, "changed-outside"):
                assert value not in text, (args, value)
