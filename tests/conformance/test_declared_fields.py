"""Every field the Node.js client's response types declare as always present (no ``?``) comes
back from the emulator, checked against the installed package's own ``src/Interfaces.ts`` and
``src/Structures.ts`` rather than a copied list. The Python client declares no fields (its
docstrings name none), so the Node types are the reference.

Two documented exceptions follow the API docs rather than the generated types: RuleInfo's
``scenarios`` comes only with ``with_scenarios``, and GetScenarios' application fields only
when the list is filtered by an application.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pulumi_voxbind.emulator import RunningEmulator

from .conftest import Seeded, Tls
from .test_node_client import CLIENT_PACKAGE, IVR, call, data, run_node

_FIELD = re.compile(r"^\s*(\w+)(\?)?:\s*(.+?);\s*$")


@cache
def interfaces() -> dict[str, dict[str, tuple[bool, str]]]:
    """``{interface: {field: (required, type)}}`` from the client's TypeScript sources."""
    found: dict[str, dict[str, tuple[bool, str]]] = {}
    for source in ("Interfaces.ts", "Structures.ts"):
        text = (CLIENT_PACKAGE / "src" / source).read_text()
        for match in re.finditer(r"^export interface (\w+) \{\n(.*?)^\}", text, re.M | re.S):
            fields = {}
            for line in match.group(2).splitlines():
                field = _FIELD.match(line)
                if field:
                    fields[field.group(1)] = (field.group(2) is None, field.group(3))
            found[match.group(1)] = fields
    return found


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def missing(value: dict[str, Any], interface: str, path: str = "") -> set[str]:
    """Required fields of ``interface`` absent from ``value`` (recursing into known types).

    Keys are compared in snake_case: the client renames some levels to camelCase and leaves
    others (nested scenarios of a rule) as the wire sent them.
    """
    present = {snake(key): item for key, item in value.items()}
    out: set[str] = set()
    for field, (required, kind) in interfaces()[interface].items():
        name = snake(field)
        if name not in present:
            if required and field != "error":
                out.add(path + name)
            continue
        nested = kind.removesuffix("[]")
        if nested in interfaces():
            items = present[name] if kind.endswith("[]") else [present[name]]
            for item in items:
                out |= missing(item, nested, f"{path}{name}.")
    return out


def test_the_parser_reads_the_client_types() -> None:
    rule = interfaces()["RuleInfo"]
    assert rule["ruleId"] == (True, "number")
    assert rule["rulePatternExclude"] == (False, "string")
    assert rule["scenarios"] == (True, "ScenarioInfo[]")
    assert missing({"scenarios": [{}]}, "RuleInfo") >= {"rule_id", "scenarios.parent"}


def test_every_declared_field_is_returned(emu: RunningEmulator, tls: Tls, seeded: Seeded) -> None:
    outbound, ids = seeded.rules["outbound"], seeded.scenarios
    checks = [
        (call("Accounts", "getAccountInfo"), "GetAccountInfoResponse", set()),
        (
            call("Applications", "addApplication", applicationName="vault",
                 secureRecordStorage=True),
            "AddApplicationResponse",
            set(),
        ),
        (call("Applications", "getApplications"), "GetApplicationsResponse", set()),
        (
            call("Rules", "getRules", applicationName=IVR, withScenarios=True),
            "GetRulesResponse",
            set(),
        ),
        (
            call("Rules", "getRules", applicationName=IVR),
            "GetRulesResponse",
            {"result.scenarios"},
        ),
        (
            call("Scenarios", "getScenarios", applicationName=IVR),
            "GetScenariosResponse",
            set(),
        ),
        (
            call("Scenarios", "getScenarios"),
            "GetScenariosResponse",
            {"application_id", "application_name", "extended_application_name"},
        ),
        (
            call("Scenarios", "bindScenario", scenarioId=ids["goodbye"], ruleId=outbound),
            "BindScenarioResponse",
            set(),
        ),
        (
            call("Scenarios", "reorderScenarios", ruleId=outbound, scenarioId=[ids["goodbye"]]),
            "ReorderScenariosResponse",
            set(),
        ),
    ]
    results = run_node(emu, tls, [request for request, _, _ in checks])
    for (request, interface, expected), result in zip(checks, results, strict=True):
        assert missing(data(result), interface) == expected, request
