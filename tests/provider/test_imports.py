"""Programs and the provider's check/diff do not load the API client (requests, PyJWT, crypto).

A program imports ScenarioBinding, and the provider process imports the provider class before
its first check; neither needs the API, and the client's imports cost ~0.1 s in each process
(see docs/benchmarks.md). The client is imported on the first create/read/update/delete.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("requests", "jwt", "cryptography", "urllib3", "pulumi_voxbind.api.client")


def _loaded_after(code: str) -> list[str]:
    probe = (f"import json, sys; {code}; "
             f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    return json.loads(out.splitlines()[-1])


def test_program_import_does_not_load_the_client() -> None:
    assert _loaded_after("from pulumi_voxbind import ScenarioBinding, ScenarioBindingArgs") == []


def test_check_and_diff_do_not_load_the_client() -> None:
    code = (
        "from pulumi_voxbind.provider import ScenarioBindingProvider; "
        "p = ScenarioBindingProvider(); "
        "news = {'application_name': 'ivr', 'rule_name': 'inbound', "
        "'scenario_names': ['greeting']}; "
        "r = p.check({}, news); assert not r.failures, r.failures; "
        "olds = dict(r.inputs, application_id=101, application_name='ivr.x', rule_id=2001, "
        "scenario_ids=[30001], declared_keys=['application_name', 'rule_name', "
        "'scenario_names']); "
        "assert p.diff('id', olds, r.inputs).changes is False"
    )
    assert _loaded_after(code) == []
