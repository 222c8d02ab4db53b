"""What an editor and a type checker show a user: our docs, and required inputs as required."""

from __future__ import annotations

import inspect
import pydoc
import subprocess
import sys
from pathlib import Path

import pytest

import pulumi_voxbind

RESOURCES = ["Application", "Rule", "Scenario", "RuleOrder", "ScenarioBinding",
             "PhoneNumberBinding", "Secret", "SipWhitelistEntry"]


@pytest.mark.parametrize("name", [*RESOURCES, "VoxfilesProject"])
def test_help_documents_every_input_and_output(name: str) -> None:
    cls = getattr(pulumi_voxbind, name)
    text = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    inputs = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    for parameter in inputs:
        assert f":param {parameter}:" in text, f"help({name}) does not document {parameter}"
    outputs = [k for k, v in cls.__annotations__.items() if "Output" in str(v)]
    assert outputs, name
    for output in outputs:
        assert output in text.split("Outputs", 1)[-1], f"help({name}) omits output {output}"
    assert ":param str provider:" not in text  # the dynamic Resource's own docstring


USER_PROGRAM = '''
from pulumi_voxbind import (Application, Rule, RuleArgs, RuleOrder, Scenario, ScenarioArgs,
                            Secret, SipWhitelistEntry)

app = Application("ivr", application_name="ivr")
ok = Rule("ok", application_id=app.application_id, rule_name="in", rule_pattern=".*")
Rule("args", RuleArgs(application_id=app.application_id, rule_name="a", rule_pattern=".*"))
Scenario("s", ScenarioArgs(scenario_name="s", scenario_script="x"))
RuleOrder("o", application_id=app.application_id, rule_ids=[ok.rule_id])
'''

MISSING = {
    "Application": 'Application("ivr")',
    "Rule": 'Rule("r", application_id=1, rule_name="in")',
    "RuleArgs": 'RuleArgs(application_id=1, rule_pattern=".*")',
    "Scenario": 'Scenario("s", scenario_script="x")',
    "RuleOrder": 'RuleOrder("o", application_id=1)',
    "Secret": 'Secret("s", application_id=1, secret_name="CRM_TOKEN")',
    "SipWhitelistEntry": 'SipWhitelistEntry("pbx", description="HQ")',
}


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "__main__.py"
    program.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--cache-dir", str(tmp_path / ".mypy_cache"), str(program)],
        capture_output=True, text=True, timeout=300, check=False)


def test_mypy_accepts_a_complete_program_and_flags_each_missing_required_input(
        tmp_path: Path) -> None:
    calls = "\n".join(f"bad_{k} = {v}  # missing: {k}" for k, v in MISSING.items())
    source = USER_PROGRAM + calls + "\n"
    result = _mypy(tmp_path, source)
    flagged = {int(line.split(":")[1]) for line in result.stdout.splitlines()
               if ": error:" in line}
    expected = {number for number, line in enumerate(source.splitlines(), start=1)
                if "# missing:" in line}
    assert len(expected) == len(MISSING)
    assert flagged == expected, result.stdout  # each omission flagged, the rest clean
