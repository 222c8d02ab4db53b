"""The voxbind plugin process over gRPC: schema, configuration, every kind's lifecycle, import.

One emulator and one plugin process serve the module (as one `pulumi up` would). The
plugin is configured the way the engine configures an explicit provider: credentials (a
secret) and endpoint as provider inputs, with no VOXIMPLANT_* variables in its environment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.support.plugin_process import UNKNOWN, PluginProcess, is_secret
from tests.support.provider_process import ProviderError, provider_env, secret

NONE, SOME = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME
KINDS = ("Application", "Rule", "Scenario", "RuleOrder", "ScenarioBinding",
         "PhoneNumberBinding", "Secret", "SipWhitelistEntry")


class H:
    def __init__(self, emu: RunningEmulator, workdir: Path) -> None:
        self.emu = emu
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)
        self.key_text = Path(emu.credentials_path).read_text()
        self.workdir = workdir
        self.stderr: list[str] = []
        self.plugin = self.deployment()

    def deployment(self) -> PluginProcess:
        """A fresh plugin process: one deployment (what it checks, it declares)."""
        process = PluginProcess(provider_env(), self.workdir)
        process.configure({"credentials": secret(self.key_text), "endpoint": self.emu.url})
        return process

    def finish(self, process: PluginProcess) -> None:
        self.stderr.append(process.close())

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])


@pytest.fixture(scope="module")
def h(tmp_path_factory: pytest.TempPathFactory) -> Iterator[H]:
    with running_emulator() as emu:
        harness = H(emu, tmp_path_factory.mktemp("plugin"))
        try:
            yield harness
        finally:
            harness.finish(harness.plugin)
            harness.api.close()
            key_line = json.loads(harness.key_text)["private_key"].splitlines()[1]
            assert all(key_line not in text for text in harness.stderr), \
                "key material in the plugin's stderr"


def plain(outputs: dict[str, Any]) -> dict[str, Any]:
    """Outputs with secrets unwrapped and whole-number floats as ints."""
    def fix(value: Any) -> Any:
        if is_secret(value):
            return fix(value["value"])
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value
    return {k: fix(v) for k, v in outputs.items()}


def test_schema_names_every_kind_with_its_alias(h: H) -> None:
    schema = json.loads(h.plugin.schema())
    assert schema["name"] == "voxbind"
    assert set(schema["resources"]) == {f"voxbind:index:{k}" for k in KINDS} | {
        "voxbind:index:VoxfilesProject"}
    assert schema["resources"]["voxbind:index:VoxfilesProject"]["isComponent"] is True
    for kind in KINDS:
        spec = schema["resources"][f"voxbind:index:{kind}"]
        assert spec["aliases"] == [{"type": f"pulumi-python:dynamic/voxbind:{kind}"}]
        assert "Import id" in spec["description"]
    assert schema["config"]["variables"]["credentials"]["secret"] is True
    secret_value = schema["resources"]["voxbind:index:Secret"]["inputProperties"]["secretValue"]
    assert secret_value["secret"] is True
    assert "secretValue" not in schema["resources"]["voxbind:index:Secret"]["properties"]
    # the plugin and its schema follow the package's version (pyproject.toml)
    assert h.plugin.plugin_info() == schema["version"] == version("pulumi-voxbind")


def test_check_names_inputs_in_camel_case_and_passes_unknowns(h: H) -> None:
    _, failures = h.plugin.check("Rule", {"applicationId": 5, "rulePattern": "(", "bogus": 1})
    props = {p for p, _ in failures}
    assert props == {"ruleName", "rulePattern", "bogus"}, failures
    reasons = " ".join(r for _, r in failures)
    assert "ruleName is required" in reasons and "rule_name" not in reasons
    inputs, failures = h.plugin.check("Rule", {"applicationId": UNKNOWN, "ruleName": "r",
                                               "rulePattern": ".*"})
    assert failures == []
    assert isinstance(inputs["applicationId"], Unknown), "it goes back as the engine's unknown"


def test_lifecycle_of_a_routing_setup(h: H) -> None:
    script = h.workdir / "hello.js"
    script.write_text("// hello\n")

    # create: application, rule, scenario from a file (relative to the plugin's cwd), binding,
    # order; every create's outputs use the schema's names
    app_in, _ = h.plugin.check("Application", {"applicationName": "proto"})
    app_id, app = h.plugin.create("Application", app_in, "app")
    app = plain(app)
    assert app["applicationName"] == "proto.emulator.voximplant.com"
    rule_in, _ = h.plugin.check("Rule", {"applicationId": app["applicationId"],
                                         "ruleName": "inbound", "rulePattern": ".*"})
    rule_id, rule = h.plugin.create("Rule", rule_in, "inbound")
    rule = plain(rule)
    scen_in, failures = h.plugin.check("Scenario", {"scenarioName": "hello",
                                                    "scenarioScriptFile": "hello.js",
                                                    "applicationId": app["applicationId"]})
    assert failures == []
    scen_id, scenario = h.plugin.create("Scenario", scen_in, "hello")
    scenario = plain(scenario)
    assert "// hello" not in json.dumps(scenario)
    bind_in, _ = h.plugin.check("ScenarioBinding", {
        "applicationId": app["applicationId"], "ruleId": rule["ruleId"],
        "scenarioIds": [scenario["scenarioId"]]})
    bind_id, binding = h.plugin.create("ScenarioBinding", bind_in, "bind")
    binding = plain(binding)
    assert bind_id == f"{app['applicationId']}/{rule['ruleId']}/{scenario['scenarioId']}"
    order_in, _ = h.plugin.check("RuleOrder", {"applicationId": app["applicationId"],
                                               "ruleIds": [rule["ruleId"]]})
    order_id, order = h.plugin.create("RuleOrder", order_in, "order")
    assert plain(order)["ruleIds"] == [rule["ruleId"]]

    # diff: unchanged inputs are DIFF_NONE with no API call; a rename is an update in place
    h.emu.reset_stats()
    for kind, id_, outs, ins in (("Application", app_id, app, app_in),
                                 ("Rule", rule_id, rule, rule_in),
                                 ("Scenario", scen_id, scenario, scen_in),
                                 ("ScenarioBinding", bind_id, binding, bind_in),
                                 ("RuleOrder", order_id, plain(order), order_in)):
        assert h.plugin.diff(kind, id_, outs, ins).changes == NONE, kind
    assert h.calls() == {}
    # the next deployment renames the rule
    later = h.deployment()
    renamed, _ = later.check("Rule", {**rule_in, "ruleName": "everyone"}, "inbound")
    diff = later.diff("Rule", rule_id, rule, renamed, "inbound")
    assert diff.changes == SOME and list(diff.replaces) == []
    assert diff.detailedDiff["ruleName"].kind == provider_pb2.PropertyDiff.UPDATE

    # update, driven from the old state alone (the SDK's server drops old_inputs)
    h.emu.reset_stats()
    rule = plain(later.update("Rule", rule_id, rule, renamed, "inbound"))
    assert rule["ruleName"] == "everyone" and h.calls() == {"SetRuleInfo": 1}

    # read (refresh) after an outside edit reports the live object
    h.api.set_rule_info(int(rule["ruleId"]), rule_pattern="1.*")
    _, live, inputs = later.read("Rule", rule_id, rule, renamed)
    assert plain(live)["rulePattern"] == "1.*" and plain(inputs)["rulePattern"] == "1.*"
    h.finish(later)

    # destroy (a deployment that declares nothing), in reverse order, leaves nothing behind
    destroy = h.deployment()
    for kind, id_, outs in (("RuleOrder", order_id, plain(order)),
                            ("ScenarioBinding", bind_id, binding),
                            ("Scenario", scen_id, scenario), ("Rule", rule_id, plain(live)),
                            ("Application", app_id, app)):
        destroy.delete(kind, id_, outs)
    h.finish(destroy)
    assert h.api.find_application(application_id=int(app["applicationId"])) is None


def test_import_rebuilds_every_kind_from_its_id_alone(h: H) -> None:
    made = h.api.add_application("imports")
    app_id = int(made["application_id"])
    rule_id = h.api.add_rule(app_id, "r1", "5.*")
    other = h.api.add_rule(app_id, "r2", ".*")
    sid = h.api.add_scenario("imp", "// imp\n", application_id=app_id)
    h.api.bind_scenarios(rule_id, [sid], bind=True)

    cases = {
        "Application": (str(app_id), {"applicationName": "imports"}),
        "Rule": (f"{app_id}/{rule_id}", {"applicationId": app_id, "ruleName": "r1",
                                         "rulePattern": "5.*"}),
        "Scenario": (str(sid), {"applicationId": app_id, "scenarioName": "imp",
                                "scenarioScript": "// imp\n"}),
        "RuleOrder": (f"{app_id}/{rule_id}+{other}", {"applicationId": app_id,
                                                      "ruleIds": [rule_id, other]}),
        "ScenarioBinding": (f"{app_id}/{rule_id}/{sid}", {"applicationId": app_id,
                                                          "ruleId": rule_id,
                                                          "scenarioIds": [sid]}),
    }
    # the id a create would have given: the object's own (a binding's is its import id)
    created_ids = {"Application": str(app_id), "Rule": str(rule_id), "Scenario": str(sid),
                   "RuleOrder": str(app_id), "ScenarioBinding": f"{app_id}/{rule_id}/{sid}"}
    for kind, (import_id, program) in cases.items():
        id_, outs, inputs = h.plugin.read(kind, import_id, name=f"imp-{kind}")
        assert id_ == created_ids[kind], kind
        assert {k: plain(inputs)[k] for k in program} == program, (kind, inputs)
        checked, failures = h.plugin.check(kind, program)
        assert failures == [], (kind, failures)
        assert h.plugin.diff(kind, id_, plain(outs), checked).changes == NONE, \
            f"{kind}: the program written from the import is a clean preview"
    # a bare rule id is found by listing the applications' rules
    assert h.plugin.read("Rule", str(rule_id))[0] == str(rule_id)


def test_import_of_a_missing_or_malformed_id(h: H) -> None:
    assert h.plugin.read("Rule", "999999/888888")[0] == ""
    with pytest.raises(ProviderError) as caught:
        h.plugin.read("ScenarioBinding", "12/x")
    assert "import id '12/x' is not in the form <applicationId>/<ruleId>/" in caught.value.details
    assert "Traceback" not in caught.value.details and 'File "' not in caught.value.details


def test_explained_errors_reach_the_cli_as_one_message(h: H) -> None:
    made = h.api.add_application("taken")
    inputs, _ = h.plugin.check("Application", {"applicationName": "taken"})
    with pytest.raises(ProviderError) as caught:
        h.plugin.create("Application", inputs, "taken")
    details = caught.value.details
    assert f"(id {made['application_id']}) already exists" in details
    assert 'File "' not in details and "Traceback" not in details


def test_secret_inputs_stay_secret_in_outputs(h: H) -> None:
    app = h.api.add_application("secrets")
    inputs, _ = h.plugin.check("Rule", {"applicationId": app["application_id"],
                                        "ruleName": "s", "rulePattern": secret("7.*")})
    assert is_secret(inputs["rulePattern"])
    _, outs = h.plugin.create("Rule", inputs, "s")
    assert is_secret(outs["rulePattern"]) and is_secret(outs["declared"])
    assert not is_secret(outs["ruleName"])


def test_diff_config_changes_the_provider_in_place(h: H) -> None:
    olds = {"endpoint": h.emu.url, "credentials": secret("k")}
    same = h.plugin.diff_config(olds, dict(olds))
    assert same.changes == NONE
    moved = h.plugin.diff_config(olds, {**olds, "endpoint": "http://127.0.0.1:9/x"})
    assert moved.changes == SOME and list(moved.diffs) == ["endpoint"]
    assert list(moved.replaces) == []


def test_state_written_by_the_dynamic_resources_diffs_clean(h: H) -> None:
    """A stack moving over with aliases: the old state is snake_case, with __provider."""
    app = h.api.add_application("moving")
    rule_id = h.api.add_rule(int(app["application_id"]), "m", ".*")
    dynamic_state = {
        "__provider": "pickled-provider", "rule_id": rule_id, "rule_name": "m",
        "application_id": app["application_id"], "application_name": app["application_name"],
        "rule_pattern": ".*", "rule_pattern_exclude": None, "video_conference": False,
        "declared": {"application_id": app["application_id"], "rule_name": "m",
                     "rule_pattern": ".*"}, "adopted": False}
    inputs, _ = h.plugin.check("Rule", {"applicationId": app["application_id"],
                                        "ruleName": "m", "rulePattern": ".*"})
    h.emu.reset_stats()
    assert h.plugin.diff("Rule", str(rule_id), dynamic_state, inputs).changes == NONE
    assert h.calls() == {}


def test_unknown_resource_type_is_named(h: H) -> None:
    with pytest.raises(ProviderError) as caught:
        h.plugin.check("Nope", {})
    assert "no resource type 'voxbind:index:Nope'" in caught.value.details


def test_stack_config_key_parsed_as_an_object_still_configures(h: H) -> None:
    """The engine hands a default provider JSON-looking stack config parsed (an object with
    float numbers); the key file's text is rebuilt from it."""
    process = PluginProcess(provider_env(), h.workdir)
    try:
        process.configure({"credentials": secret(json.loads(h.key_text)),
                           "endpoint": h.emu.url})
        inputs, _ = process.check("Application", {"applicationName": "parsed"})
        _, outs = process.create("Application", inputs, "parsed")
        assert plain(outs)["applicationName"] == "parsed.emulator.voximplant.com"
    finally:
        h.finish(process)
