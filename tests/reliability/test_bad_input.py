"""Every invalid combination of ScenarioBinding inputs fails `pulumi preview` with a clear message.

Pulumi stops a preview at the first resource whose check fails but reports every failure of
that resource, so each case below is one resource holding several independent mistakes,
previewed on its own (next to one valid binding) with the real CLI. Previews of one stack run
concurrently; they take no lock. The check is offline: no preview makes a single API call.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from .harness import Lab, by_names, seed

pytestmark = pytest.mark.e2e

A = {"application_name": "ivr"}
S = {"scenario_names": ["s00-a"]}

# (resource name, inputs, [(property, reason fragment)]); "args_object" marks a program error.
CASES: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("both-of-each", {"application_id": 101, **A, "rule_id": 2001, "rule_name": "r00",
                      "scenario_ids": [30001], **S}, [
        ("application_id", "set only one of application_id and application_name"),
        ("rule_id", "set only one of rule_id and rule_name to choose the rule"),
        ("scenario_ids", "set only one of scenario_ids and scenario_names to choose the "
                         "scenario list")]),
    ("nothing", {}, [
        ("rule_name", "the rule is missing: set rule_name (by name) or rule_id (by numeric id)"),
        ("scenario_names", "the scenario list is missing: set scenario_names (by name) or "
                           "scenario_ids (by numeric id)")]),
    ("rule-name-alone", {"rule_name": "r00", **S}, [
        ("application_name", "rule_name needs its application: set application_name or "
                             "application_id")]),
    ("bad-ids", {"application_id": "abc", "rule_id": 0, "scenario_ids": []}, [
        ("application_id", "application_id must be a positive integer id, got 'abc'"),
        ("rule_id", "rule_id must be a positive integer id, got 0;"),
        ("scenario_ids", "scenario_ids is empty; list at least one scenario")]),
    ("bad-ids-2", {"application_id": -1, "rule_id": 1.5,
                   "scenario_ids": ["x", 0, 30001, 30001]}, [
        ("application_id", "application_id must be a positive integer id, got -1;"),
        ("rule_id", "rule_id must be a positive integer id, got 1.5"),
        ("scenario_ids", "scenario_ids[0] must be a positive integer id, got 'x'"),
        ("scenario_ids", "scenario_ids[1] must be a positive integer id, got 0"),
        ("scenario_ids", "scenario_ids[3] 30001 is listed twice")]),
    ("bad-ids-3", {"application_id": "²", "rule_id": True, "scenario_names": "s00-a"}, [
        ("application_id", "application_id must be a positive integer id, got '²'"),
        ("rule_id", "rule_id must be a positive integer id, got True"),
        ("scenario_names", "scenario_names must be a list, got str")]),
    ("bad-names", {"application_name": "", "rule_name": " r00 ", "scenario_names": []}, [
        ("application_name", "application_name must be a non-empty string, got ''"),
        ("rule_name", "rule_name ' r00 ' has leading or trailing spaces"),
        ("scenario_names", "scenario_names is empty")]),
    ("bad-names-2", {"application_name": " ivr", "rule_name": "r" * 100,
                     "scenario_names": ["", " s00-a", "s" * 30, 7, "s00-a", "s00-a"]}, [
        ("application_name", "application_name ' ivr' has leading or trailing spaces"),
        ("rule_name", "is 100 characters; the API allows at most 99"),
        ("scenario_names", "scenario_names[0] must be a non-empty string, got ''"),
        ("scenario_names", "scenario_names[1] ' s00-a' has leading or trailing spaces"),
        ("scenario_names", "is 30 characters; scenario names are at most 29"),
        ("scenario_names", "scenario_names[3] must be a non-empty string, got 7"),
        ("scenario_names", "scenario_names[5] 's00-a' is listed twice")]),
    ("bad-names-3", {"application_name": "a" * 256, "rule_name": "",
                     "scenario_ids": "30001"}, [
        ("application_name", "is 256 characters; the API allows at most 255"),
        ("rule_name", "rule_name must be a non-empty string, got ''"),
        ("scenario_ids", "scenario_ids must be a list, got str")]),
    ("not-strings", {"application_name": 123, "rule_name": ["r00"], **S}, [
        ("application_name", "application_name must be a non-empty string, got 123"),
        ("rule_name", "rule_name must be a non-empty string, got ['r00']")]),
]
PROGRAM_ERRORS = [
    ("args-and-keywords", {"args_object": {**A, "rule_name": "r00", **S},
                           "args": {"rule_name": "r01"}},
     "TypeError: ScenarioBinding 'args-and-keywords': pass either a ScenarioBindingArgs or "
     "keyword inputs, not both"),
    ("unknown-keyword", {"args": {**A, "rule_name": "r00", **S, "scenario": "s00-a"}},
     "TypeError: ScenarioBinding.__init__() got an unexpected keyword argument 'scenario'"),
]


def test_every_invalid_combination_fails_preview(lab: Lab, record: dict[str, Any]) -> None:
    emu = lab.emulator(seed(2))
    stack = lab.stack(emu)
    files = {"valid": [by_names(1)]}
    for name, args, _ in CASES:
        files[name] = [{"name": name, "args": args}, by_names(1)]
    for name, item, _ in PROGRAM_ERRORS:
        files[name] = [{"name": name, **item}, by_names(1)]
    for name, content in files.items():
        (stack.project / f"{name}.json").write_text(json.dumps(content))

    def preview(name: str) -> Any:
        return stack.pulumi("preview", check=False, env={"BINDINGS": f"{name}.json"})

    with ThreadPoolExecutor(3) as pool:
        runs = dict(zip(files, pool.map(preview, files), strict=True))

    assert runs["valid"].returncode == 0, runs["valid"].output[-2000:]
    report = {}
    for name, _, expected in CASES:
        run = runs[name]
        assert run.returncode != 0
        diagnostics = run.stdout.rpartition("\nDiagnostics:\n")[2]
        problems = [line.strip() for line in diagnostics.splitlines()
                    if f"resource '{name}': property " in line and "has a problem: " in line]
        for prop, reason in expected:
            assert any(f"property {prop} value " in line and reason in line
                       for line in problems), (name, prop, reason, problems)
        assert len(problems) == len(expected), problems  # one line per mistake, no more
        report[name] = {"exit_code": run.returncode, "failures_reported": len(problems)}
    for name, _, message in PROGRAM_ERRORS:
        run = runs[name]
        assert run.returncode != 0
        assert message in run.stdout, run.stdout[-3000:]
        report[name] = {"exit_code": run.returncode, "program_error": message.split(":")[0]}

    assert emu.stats()["total"] == 0  # checks ran offline: no API request, nothing bound
    assert not any(emu.reality().values())
    record.update({"previews": len(runs), "cases": report, "api_requests": 0,
                   "secret_scan": lab.scan()})
