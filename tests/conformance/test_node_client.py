"""The official Node.js client (npm ``@voximplant/apiclient-nodejs`` 4.11.0), unchanged, against
the emulator: pointed at it by its ``host`` option, VOXIMPLANT_CREDENTIALS and the CA file Node
reads from NODE_EXTRA_CA_CERTS. tools/bootstrap.sh installs it from tests/conformance/node.

It posts every call to ``https://<host>/platform_api`` as ``multipart/form-data`` with ``cmd`` as
a field, streamed with ``Transfer-Encoding: chunked`` and no Content-Length (axios 0.21.4 and
form-data 2.5.1), with booleans as ``true``/``false`` and id lists joined with ``;``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from pulumi_voxbind.emulator import RunningEmulator

from .conftest import Seeded, Tls, bound_names

NODE_DIR = Path(__file__).parent / "node"
CLIENT_PACKAGE = NODE_DIR / "node_modules" / "@voximplant" / "apiclient-nodejs"
IVR = "ivr.emulator.voximplant.com"


def call(group: str, method: str, **request: Any) -> dict[str, Any]:
    """One client call: ``client[group][method](request)``."""
    return {"group": group, "method": method, "request": request}


def run_node(emu: RunningEmulator, tls: Tls, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the calls in order in one Node.js process; return what each resolved or threw."""
    node = shutil.which("node")
    assert node, "Node.js is needed for tests/conformance (see tools/bootstrap.sh)"
    assert (CLIENT_PACKAGE / "package.json").is_file(), "run tools/bootstrap.sh (npm ci)"
    version = json.loads((CLIENT_PACKAGE / "package.json").read_text())["version"]
    assert version == "4.11.0", f"installed client is {version}: rerun tools/bootstrap.sh"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy") and key != "NODE_OPTIONS"
    }
    env.update(
        VOXIMPLANT_CREDENTIALS=str(emu.credentials_path), NODE_EXTRA_CA_CERTS=str(tls.ca_file)
    )
    proc = subprocess.run(
        [node, str(NODE_DIR / "run-calls.js"), emu.api_address],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert len(results) == len(calls)
    return results


def data(result: dict[str, Any]) -> dict[str, Any]:
    """The value a call resolved with (failing on a throw or an API error)."""
    assert "data" in result, result
    assert "error" not in result["data"], result["data"]
    return result["data"]


def test_account_and_listing(emu: RunningEmulator, tls: Tls) -> None:
    account, apps, rules, scenarios = run_node(
        emu,
        tls,
        [
            call("Accounts", "getAccountInfo"),
            call("Applications", "getApplications"),
            call("Rules", "getRules", applicationName=IVR, withScenarios=True),
            call("Scenarios", "getScenarios", applicationName=IVR),
        ],
    )
    assert data(account)["result"]["accountName"] == "emulator"
    assert data(account)["apiAddress"] == emu.api_address
    assert [a["applicationName"] for a in data(apps)["result"]] == [
        IVR,
        "other.emulator.voximplant.com",
    ]
    assert data(apps)["totalCount"] == 2
    inbound = next(r for r in data(rules)["result"] if r["ruleName"] == "inbound")
    # the client maps RuleInfo to camelCase but leaves the nested scenarios as sent
    assert [s["scenario_name"] for s in inbound["scenarios"]] == ["greeting", "menu"]
    listed = data(scenarios)
    assert [s["scenarioName"] for s in listed["result"]] == ["greeting", "menu", "goodbye"]
    assert listed["extendedApplicationName"] == "ivr.emulator.n1.voximplant.com"
    # every call arrived as a chunked multipart body (nothing was refused as unreadable)
    assert emu.stats()["requests"] == {
        "GetAccountInfo": 1,
        "GetApplications": 1,
        "GetRules": 1,
        "GetScenarios": 1,
    }


def test_bind_by_ids_and_names_reorder_and_unbind(
    emu: RunningEmulator, tls: Tls, seeded: Seeded
) -> None:
    outbound, ids = seeded.rules["outbound"], seeded.scenarios
    reorder = [ids["greeting"], ids["goodbye"], ids["menu"]]
    results = run_node(
        emu,
        tls,
        [
            call("Scenarios", "bindScenario", scenarioId=[ids["menu"], ids["goodbye"]],
                 ruleId=outbound),
            call("Scenarios", "bindScenario", scenarioName="greeting", ruleName="outbound",
                 applicationName=IVR),
            call("Rules", "getRules", applicationName=IVR, ruleId=outbound, withScenarios=True),
            call("Scenarios", "reorderScenarios", ruleId=outbound, scenarioId=reorder),
            call("Rules", "getRules", applicationName=IVR, ruleId=outbound, withScenarios=True),
            call("Scenarios", "bindScenario", scenarioId=ids["goodbye"], ruleId=outbound,
                 bind=False),
        ],
    )
    bind_ids, bind_names, after_bind, reordered, after_reorder, unbind = results
    assert data(bind_ids) == data(bind_names) == data(reordered) == data(unbind) == {"result": 1}
    names = [s["scenario_name"] for s in data(after_bind)["result"][0]["scenarios"]]
    assert names == ["menu", "goodbye", "greeting"]
    names = [s["scenario_name"] for s in data(after_reorder)["result"][0]["scenarios"]]
    assert names == ["greeting", "goodbye", "menu"]
    assert bound_names(emu, outbound) == ["greeting", "menu"]


def test_unknown_rule_is_api_error_147(emu: RunningEmulator, tls: Tls, seeded: Seeded) -> None:
    [result] = run_node(
        emu,
        tls,
        [call("Scenarios", "bindScenario", scenarioId=seeded.scenarios["menu"], ruleId=999999)],
    )
    # the client resolves (HTTP 200) with the API error passed through
    assert result["data"]["error"] == {"code": 147, "msg": "The 'rule_id' parameter is invalid"}


def test_client_bug_array_scenario_name_throws_before_sending(
    emu: RunningEmulator, tls: Tls
) -> None:
    """Client 4.11.0 bug, recorded in docs/emulator.md: ``scenarioName`` is a stringlist, but
    only intlists are joined with ``;``, and form-data refuses the array. Pass one string
    joined with ``;`` instead; the emulator is not bent to accept what was never sent."""
    emu.reset_stats()
    [thrown, joined] = run_node(
        emu,
        tls,
        [
            call("Scenarios", "bindScenario", scenarioName=["greeting", "menu"],
                 ruleName="outbound", applicationName=IVR),
            call("Scenarios", "bindScenario", scenarioName="menu;greeting", ruleName="outbound",
                 applicationName=IVR),
        ],
    )
    assert thrown == {"thrown": "Arrays are not supported."}
    assert data(joined) == {"result": 1}
    assert emu.stats()["total"] == 1  # the refused call never reached the emulator
