"""PhoneNumberBinding, Secret and SipWhitelistEntry through the voxbind plugin over gRPC.

As tests/plugin/test_protocol.py: one seeded emulator, the real plugin process configured as
the engine configures an explicit provider (credentials a secret input, no VOXIMPLANT_*
variables). Checks get the old inputs, as the engine sends them (Secret's digest keeps its
salt from them). A fresh process plays each later command (`deployment()`): what a process
checks, its deployment declares.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from pulumi_voxbind.plugin.provider import plugin_version, resource_meta
from tests.plugin.test_protocol import plain
from tests.support.plugin_process import URN, PluginProcess, is_secret, marshal, unmarshal
from tests.support.provider_process import ProviderError, provider_env, secret

NONE, SOME = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME
UPDATE = provider_pb2.PropertyDiff.UPDATE
NUMBERS = [f"1555765{i:04d}" for i in range(1, 9)]
SEED = {
    "applications": [{"name": "crm", "rules": [{"name": "all", "pattern": ".*"}]}],
    "phone_numbers": [{"phone_number": NUMBERS[0], "application": "crm", "rule": "all"},
                      *({"phone_number": n} for n in NUMBERS[1:])],
    "sip_whitelist": [{"network": "198.51.100.0/24", "description": "seeded"}],
}
VALUE = "plugin-secret-value-7f3a"  # passed as a plain string: the plugin makes it secret


class H:
    def __init__(self, emu: RunningEmulator, workdir: Path) -> None:
        self.emu = emu
        self.api = VoximplantClient(Credentials.from_file(emu.credentials_path),
                                    endpoint=emu.url)
        self.key_text = Path(emu.credentials_path).read_text()
        self.workdir = workdir
        self.stderr: list[str] = []
        self.plugin = self.deployment()
        self._apps = 0

    def deployment(self) -> PluginProcess:
        """A fresh plugin process (one command), with its own directory for its stderr."""
        self._processes = getattr(self, "_processes", 0) + 1
        cwd = self.workdir / f"process-{self._processes}"
        cwd.mkdir()
        process = PluginProcess(provider_env(), cwd)
        process.configure({"credentials": secret(self.key_text), "endpoint": self.emu.url})
        return process

    def finish(self, process: PluginProcess) -> None:
        self.stderr.append(process.close())

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])

    def new_app(self) -> tuple[str, int]:
        self._apps += 1
        short = f"inb{self._apps}"
        return short, int(self.api.add_application(short)["application_id"])

    def live_number(self, number: str) -> dict[str, Any]:
        found = self.api.find_phone_number(phone_number=number)
        assert found is not None
        return found


@pytest.fixture(scope="module")
def h(tmp_path_factory: pytest.TempPathFactory) -> Iterator[H]:
    with running_emulator(seed=SEED) as emu:
        harness = H(emu, tmp_path_factory.mktemp("plugin-inbound"))
        try:
            yield harness
        finally:
            harness.finish(harness.plugin)
            harness.api.close()
            key_line = json.loads(harness.key_text)["private_key"].splitlines()[1]
            for text in harness.stderr:
                assert key_line not in text, "key material in the plugin's stderr"
                assert VALUE not in text, "a secret value in the plugin's stderr"


def in_plain_text(value: str, message: Any) -> list[str]:
    """Where `value` appears in a response outside a secret wrapper (JSON paths)."""
    found: list[str] = []

    def walk(node: Any, path: str) -> None:
        if is_secret(node):
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, (list, tuple)):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")
        elif isinstance(node, str) and value in node:
            found.append(path)
    walk(message, "$")
    return found


def reasons(failures: list[tuple[str, str]]) -> str:
    return " ".join(r for _, r in failures)


def test_meta_from_the_urn_and_the_version_as_semver(monkeypatch: pytest.MonkeyPatch) -> None:
    import pulumi_voxbind

    assert resource_meta("urn:pulumi:dev::proj::voxbind:index:Secret::crm") == {
        "stack": "proj/dev", "name": "crm"}
    assert resource_meta(
        "urn:pulumi:dev::proj::voxbind:index:VoxfilesProject$voxbind:index:Rule::v/rule/a") == {
        "stack": "proj/dev", "name": "v/rule/a"}
    assert resource_meta("not-a-urn") == {}
    for given, semver in (("0.2.0", "0.2.0"), ("0.2.0+g1a2b", "0.2.0"), ("0.3", "0.3.0"),
                          ("0.3.0rc1", "0.3.0-rc1"), ("0.3.0.dev4", "0.3.0-dev4"),
                          ("0+unknown", "0.0.0")):
        monkeypatch.setattr(pulumi_voxbind, "__version__", given, raising=False)
        assert plugin_version() == semver, given


# -- PhoneNumberBinding ---------------------------------------------------------------------


def test_number_check_failures_in_camel_case(h: H) -> None:
    _, failures = h.plugin.check("PhoneNumberBinding", {
        "phoneNumber": "555-123", "phoneId": 3, "ruleId": 1, "ruleName": "x", "bogus": 1})
    props = {p for p, _ in failures}
    assert {"phoneNumber", "applicationId", "ruleId", "bogus"} <= props, failures
    text = reasons(failures)
    assert "phoneNumber" in text and "ruleName" in text
    assert "phone_number" not in text and "rule_name" not in text and "application_id" \
        not in text, text


def test_two_bindings_of_one_number_are_refused_at_check(h: H) -> None:
    """The plugin's URN gives the resource name the dynamic door passes as `__name`."""
    process = h.deployment()
    try:
        short, _ = h.new_app()
        one = {"phoneNumber": NUMBERS[7], "applicationName": short}
        assert process.check("PhoneNumberBinding", one, name="one")[1] == []
        _, failures = process.check("PhoneNumberBinding", {**one, "ruleName": "x"},
                                    name="two")
        assert [p for p, _ in failures] == ["phoneNumber"], failures
        assert "PhoneNumberBinding 'one'" in failures[0][1]
        assert f"+{NUMBERS[7]}" in failures[0][1] and "declare it once" in failures[0][1]
        # the same resource checked again (a preview, then its up) is no second binding
        assert process.check("PhoneNumberBinding", one, name="one")[1] == []
    finally:
        h.finish(process)


def test_number_bind_diff_move_refresh_unbind(h: H) -> None:
    short, aid = h.new_app()
    rule = h.api.add_rule(aid, "inbound", ".*")
    rule2 = h.api.add_rule(aid, "vip", r"\+1.*")
    number = NUMBERS[1]
    program = {"phoneNumber": f"+{number}", "applicationName": short, "ruleId": rule}
    inputs, failures = h.plugin.check("PhoneNumberBinding", program, "main-line")
    assert failures == [] and plain(inputs)["phoneNumber"] == number
    assert inputs["__voxbind"]["name"] == "main-line"  # the meta, from the URN
    h.emu.reset_stats()
    id_, outs = h.plugin.create("PhoneNumberBinding", inputs, "main-line")
    calls = h.calls()
    assert calls.get("BindPhoneNumberToApplication") == 1
    assert "AttachPhoneNumber" not in calls and "DeactivatePhoneNumber" not in calls
    outs = plain(outs)
    assert (outs["phoneNumber"], outs["applicationId"], outs["ruleId"], outs["ruleName"]) == (
        number, aid, rule, "inbound")
    assert id_ == str(outs["phoneId"])
    assert outs["applicationName"] == f"{short}.emulator.voximplant.com"

    # the next command: same inputs ('+' or not) are a 0-call diff
    later = h.deployment()
    h.emu.reset_stats()
    again, _ = later.check("PhoneNumberBinding", {**program, "phoneNumber": number},
                           "main-line", olds=inputs)
    assert later.diff("PhoneNumberBinding", id_, outs, again, "main-line").changes == NONE
    assert h.calls() == {}
    # another rule: an in-place move, one call
    moved, _ = later.check("PhoneNumberBinding", {**program, "ruleId": rule2}, "main-line",
                           olds=inputs)
    diff = later.diff("PhoneNumberBinding", id_, outs, moved, "main-line")
    assert diff.changes == SOME and list(diff.replaces) == []
    assert diff.detailedDiff["ruleId"].kind == UPDATE
    h.emu.reset_stats()
    outs = plain(later.update("PhoneNumberBinding", id_, outs, moved, "main-line"))
    assert h.calls().get("BindPhoneNumberToApplication") == 1
    assert outs["ruleId"] == rule2 and h.live_number(number)["rule_id"] == rule2
    # moved outside Pulumi: refresh reports where it serves now
    h.api.bind_phone_number(int(id_), aid, rule_id=rule)
    _, live, live_inputs = later.read("PhoneNumberBinding", id_, outs, moved, "main-line")
    assert plain(live)["ruleId"] == rule and plain(live_inputs)["ruleId"] == rule
    h.finish(later)

    # destroy unbinds; the number stays owned
    destroy = h.deployment()
    destroy.delete("PhoneNumberBinding", id_, plain(live), "main-line")
    h.finish(destroy)
    assert "application_id" not in h.live_number(number)


def test_number_import_by_digits_then_clean_diff(h: H) -> None:
    _, aid = h.new_app()
    rule = h.api.add_rule(aid, "in", ".*")
    number = NUMBERS[2]
    h.api.bind_phone_number(int(h.live_number(number)["phone_id"]), aid, rule_id=rule)
    process = h.deployment()
    try:
        id_, outs, inputs = process.read("PhoneNumberBinding", f"+{number}", name="imp")
        assert id_ == str(h.live_number(number)["phone_id"])
        assert plain(inputs) == {"phoneNumber": number, "applicationId": aid, "ruleId": rule}
        program = {"phoneNumber": f"+{number}", "applicationId": aid, "ruleId": rule}
        checked, failures = process.check("PhoneNumberBinding", program, "imp", olds=inputs)
        assert failures == []
        h.emu.reset_stats()
        assert process.diff("PhoneNumberBinding", id_, plain(outs), checked, "imp").changes \
            == NONE
        assert h.calls() == {}
        with pytest.raises(ProviderError) as caught:
            process.read("PhoneNumberBinding", "555-1", name="bad")
        assert "PhoneNumberBinding: import a PhoneNumberBinding by the number's digits" in \
            caught.value.details
        assert "Traceback" not in caught.value.details
        assert process.read("PhoneNumberBinding", "19995550000", name="unowned")[0] == ""
    finally:
        h.finish(process)


# -- Secret ---------------------------------------------------------------------------------


def test_secret_check_failures_in_camel_case_never_show_the_value(h: H) -> None:
    long = "y" * 9000
    _, failures = h.plugin.check("Secret", {"applicationId": 1, "secretName": "9bad",
                                            "secretValue": long, "description": ""})
    assert {p for p, _ in failures} == {"secretName", "secretValue", "description"}, failures
    text = reasons(failures)
    assert "yyyyyyyy" not in text and "9000 characters" in text
    assert "secretName must start" in text and "secret_name" not in text
    _, failures = h.plugin.check("Secret", {"secretName": "OK"})
    assert {"applicationId", "secretValue"} <= {p for p, _ in failures}


def test_secret_value_stays_secret_end_to_end(h: H) -> None:
    """A plain secretValue: secret in checked inputs, preview outputs and state; in no
    output, diff, error or log line in plain text; a new value is one SetSecretInfo."""
    short, aid = h.new_app()
    program = {"applicationName": short, "secretName": "CRM_TOKEN", "secretValue": VALUE,
               "description": "CRM API token"}
    inputs, failures = h.plugin.check("Secret", program, "crm-token")
    assert failures == []
    assert is_secret(inputs["secretValue"]), "a plain value comes back secret"
    assert in_plain_text(VALUE, inputs) == []
    assert inputs["valueDigest"].startswith("hmac-sha256:v1:")

    preview = h.plugin._rpc("Create", provider_pb2.CreateRequest(
        urn=URN.format(kind="Secret", name="crm-token"), properties=marshal(inputs),
        preview=True))
    preview_outs = unmarshal(preview.properties)
    assert is_secret(preview_outs["secretValue"]) and in_plain_text(VALUE, preview_outs) == []

    h.emu.reset_stats()
    id_, outs = h.plugin.create("Secret", inputs, "crm-token")
    assert h.calls().get("AddSecret") == 1
    assert VALUE not in json.dumps(outs), "the value is no output, not even as a secret"
    outs = plain(outs)
    sid = int(outs["secretId"])
    assert id_ == str(sid) and h.api.get_secret_value(aid, sid) == VALUE
    assert (outs["secretName"], outs["applicationId"], outs["description"]) == (
        "CRM_TOKEN", aid, "CRM API token")

    # the next command: the same value is a 0-call, empty diff (the salt kept from olds)
    later = h.deployment()
    h.emu.reset_stats()
    again, _ = later.check("Secret", program, "crm-token", olds=inputs)
    assert again["valueDigest"] == inputs["valueDigest"]
    diff = later.diff("Secret", id_, outs, again, "crm-token")
    assert diff.changes == NONE and h.calls() == {}
    # a new description alone does not show the value as changing
    described, _ = later.check("Secret", {**program, "description": "CRM"}, "crm-token",
                               olds=inputs)
    diff = later.diff("Secret", id_, outs, described, "crm-token")
    assert diff.changes == SOME and set(diff.detailedDiff) == {"description"}
    # a new value: the diff names secretValue (never its digest), shows no value
    new_value = VALUE + "-2"
    changed, _ = later.check("Secret", {**program, "secretValue": new_value}, "crm-token",
                             olds=inputs)
    assert is_secret(changed["secretValue"]) and in_plain_text(new_value, changed) == []
    diff = later.diff("Secret", id_, outs, changed, "crm-token")
    assert diff.changes == SOME and list(diff.replaces) == []
    assert set(diff.detailedDiff) == {"secretValue"}
    assert diff.detailedDiff["secretValue"].kind == UPDATE
    assert VALUE not in str(diff)
    h.emu.reset_stats()
    updated = later.update("Secret", id_, outs, changed, "crm-token")
    assert h.calls() == {"SetSecretInfo": 1}
    assert new_value not in json.dumps(updated)
    assert h.api.get_secret_value(aid, sid) == new_value
    # changed outside: refresh tells it by digest, without reading the value into state
    h.api.set_secret_info(aid, sid, secret_value="changed-outside")
    _, live, live_inputs = later.read("Secret", id_, plain(updated), changed, "crm-token")
    assert "changed-outside" not in json.dumps([live, live_inputs])
    assert "secretValue" not in live_inputs
    assert plain(live)["valueDigest"] != plain(updated)["valueDigest"]
    h.finish(later)

    # an error names the secret, never the value
    with pytest.raises(ProviderError) as caught:
        h.plugin.create("Secret", inputs, "crm-token-again")
    assert "already exists" in caught.value.details and VALUE not in caught.value.details

    destroy = h.deployment()
    destroy.delete("Secret", id_, plain(live), "crm-token")
    h.finish(destroy)
    assert h.api.find_secret(aid, secret_id=sid) is None


def test_secret_import_from_its_id_alone_then_clean_diff(h: H) -> None:
    _, aid = h.new_app()
    sid = h.api.add_secret(aid, "IMPORTED", VALUE, description="made by hand")
    process = h.deployment()
    try:
        id_, outs, inputs = process.read("Secret", f"{aid}/IMPORTED", name="imp")
        assert id_ == str(sid)
        assert VALUE not in json.dumps([outs, inputs]) and "secretValue" not in inputs
        program = {"applicationId": aid, "secretName": "IMPORTED", "secretValue": VALUE,
                   "description": "made by hand"}
        assert {k: plain(inputs)[k] for k in ("applicationId", "secretName", "description")} \
            == {k: program[k] for k in ("applicationId", "secretName", "description")}
        checked, failures = process.check("Secret", program, "imp", olds=inputs)
        assert failures == []
        h.emu.reset_stats()
        assert process.diff("Secret", id_, plain(outs), checked, "imp").changes == NONE
        assert h.calls() == {}
        # another value than the live one is a change, even right after the import
        other, _ = process.check("Secret", {**program, "secretValue": "other"}, "imp",
                                 olds=inputs)
        assert process.diff("Secret", id_, plain(outs), other, "imp").changes == SOME
        with pytest.raises(ProviderError) as caught:
            process.read("Secret", "IMPORTED", name="bad")
        assert "import a Secret as <applicationId>/<secretName>" in caught.value.details
        assert process.read("Secret", f"{aid}/MISSING", name="missing")[0] == ""
    finally:
        h.finish(process)


# -- SipWhitelistEntry ----------------------------------------------------------------------


def test_whitelist_check_failures_in_camel_case(h: H) -> None:
    _, failures = h.plugin.check("SipWhitelistEntry", {"network": "2001:db8::/32",
                                                       "description": "", "adopt": "yes"})
    assert {p for p, _ in failures} == {"network", "description", "adopt"}, failures
    _, failures = h.plugin.check("SipWhitelistEntry", {})
    assert [p for p, _ in failures] == ["network"]


def test_whitelist_create_diff_update_read_delete(h: H) -> None:
    program = {"network": "203.0.113.10", "description": "PBX"}
    inputs, failures = h.plugin.check("SipWhitelistEntry", program, "office-pbx")
    assert failures == [] and inputs["network"] == "203.0.113.10/32"
    h.emu.reset_stats()
    id_, outs = h.plugin.create("SipWhitelistEntry", inputs, "office-pbx")
    assert h.calls().get("AddSipWhiteListItem") == 1
    outs = plain(outs)
    entry = int(outs["sipWhitelistId"])
    assert id_ == str(entry) and outs["network"] == "203.0.113.10/32"

    later = h.deployment()
    h.emu.reset_stats()
    again, _ = later.check("SipWhitelistEntry", {**program, "network": "203.0.113.10/32"},
                           "office-pbx", olds=inputs)
    assert later.diff("SipWhitelistEntry", id_, outs, again, "office-pbx").changes == NONE
    assert h.calls() == {}
    h.finish(later)
    # the command after: a wider network is one call in place (an update checks only it)
    later = h.deployment()
    wider, _ = later.check("SipWhitelistEntry", {**program, "network": "203.0.113.0/28"},
                           "office-pbx", olds=inputs)
    diff = later.diff("SipWhitelistEntry", id_, outs, wider, "office-pbx")
    assert diff.changes == SOME and list(diff.replaces) == []
    assert diff.detailedDiff["network"].kind == UPDATE
    h.emu.reset_stats()
    outs = plain(later.update("SipWhitelistEntry", id_, outs, wider, "office-pbx"))
    assert h.calls() == {"SetSipWhiteListItem": 1} and outs["sipWhitelistId"] == entry
    h.api.set_sip_whitelist_item(entry, "203.0.113.0/29", description="edited")
    _, live, live_inputs = later.read("SipWhitelistEntry", id_, outs, wider, "office-pbx")
    assert plain(live_inputs) == {"network": "203.0.113.0/29", "description": "edited"}
    h.finish(later)

    destroy = h.deployment()
    destroy.delete("SipWhitelistEntry", id_, plain(live), "office-pbx")
    h.finish(destroy)
    assert all(e["sip_whitelist_id"] != entry for e in h.api.list_sip_whitelist())


def test_whitelist_import_by_id_then_clean_diff(h: H) -> None:
    seeded = next(e for e in h.api.list_sip_whitelist()
                  if e["sip_whitelist_network"] == "198.51.100.0/24")
    entry = int(seeded["sip_whitelist_id"])
    process = h.deployment()
    try:
        id_, outs, inputs = process.read("SipWhitelistEntry", str(entry), name="imp")
        assert id_ == str(entry)
        assert plain(inputs) == {"network": "198.51.100.0/24", "description": "seeded"}
        checked, failures = process.check("SipWhitelistEntry", plain(inputs), "imp",
                                          olds=inputs)
        assert failures == []
        h.emu.reset_stats()
        assert process.diff("SipWhitelistEntry", id_, plain(outs), checked, "imp").changes \
            == NONE
        assert h.calls() == {}
        with pytest.raises(ProviderError) as caught:
            process.read("SipWhitelistEntry", "x1", name="bad")
        assert "import a SipWhitelistEntry by its sipWhitelistId" in caught.value.details
    finally:
        h.finish(process)
