"""PhoneNumberBinding, Secret and SipWhitelistEntry through the real provider process over gRPC.

One emulator (seeded with owned numbers) and two provider processes serve the module, as in
test_routing_protocol.py: `program` checks and creates, `later` plays the next command.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind import (
    Credentials,
    PhoneNumberBindingProvider,
    SecretProvider,
    SipWhitelistEntryProvider,
    VoximplantClient,
)
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.provider.routing_harness import Kind, outputs, unique
from tests.support.provider_process import (
    ProviderError,
    ProviderProcess,
    provider_env,
    unmarshal,
)

NONE, SOME = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME
NUMBERS = [f"1555123{i:04d}" for i in range(1, 13)]
SEED = {
    "applications": [{"name": "crm", "rules": [{"name": "all", "pattern": ".*"}]}],
    "phone_numbers": [{"phone_number": NUMBERS[0], "application": "crm", "rule": "all"},
                      *({"phone_number": n} for n in NUMBERS[1:])],
    "sip_whitelist": [{"network": "198.51.100.0/24", "description": "seeded"}],
}
VALUE = "hunter2-plain-value"


class NumberKind(Kind):
    """Checks carry the resource name in the hidden meta input, as every resource passes it."""

    def check(self, news: dict[str, Any], name: str = "r") -> tuple[dict, list[tuple[str, str]]]:
        return super().check({"__voxbind": {"stack": "org/inbound/dev", "name": name}, **news},
                             name)


class SecretKind(Kind):
    """Checks get the old inputs, as the engine sends them (the digest's salt is kept)."""

    def check_with(self, olds: dict[str, Any], news: dict[str, Any],
                   name: str = "r") -> dict[str, Any]:
        response = self.process._rpc("Check", provider_pb2.CheckRequest(
            urn=self._urn(name), olds=self._props(olds), news=self._props(news)))
        assert not response.failures, response.failures
        return unmarshal(response.inputs)


class Run:
    def __init__(self, process: ProviderProcess, later: Run | None = None) -> None:
        self.process = process
        self.number = NumberKind(process, PhoneNumberBindingProvider, "PhoneNumberBinding",
                           later and later.number)
        self.secret = SecretKind(process, SecretProvider, "Secret", later and later.secret)
        self.sip = Kind(process, SipWhitelistEntryProvider, "SipWhitelistEntry",
                        later and later.sip)


class H(Run):
    def __init__(self, emu: RunningEmulator, api: VoximplantClient, workdir: Path) -> None:
        self.emu, self.api = emu, api
        env = provider_env(VOXIMPLANT_API_URL=emu.url,
                           VOXIMPLANT_CREDENTIALS=str(emu.credentials_path))
        self.key_line = json.loads(Path(emu.credentials_path).read_text())[
            "private_key"].splitlines()[1]
        processes = []
        for name in ("program", "later", "destroy"):
            (workdir / name).mkdir()
            processes.append(ProviderProcess(env, workdir / name))
            processes[-1].configure({})
        self.later = Run(processes[1])
        self.destroy = Run(processes[2])  # checks nothing, as `pulumi destroy`
        super().__init__(processes[0], self.later)
        self._numbers = iter(NUMBERS[1:])

    def close(self) -> str:
        logs = ""
        for process in (self.process, self.later.process, self.destroy.process):
            text = process.close()
            assert self.key_line not in text, "key material in provider stderr"
            logs += text
        return logs

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])

    def new_app(self) -> tuple[str, int]:
        short = unique("line")
        return short, int(self.api.add_application(short)["application_id"])

    def free_number(self) -> str:
        return next(self._numbers)

    def live(self, number: str) -> dict[str, Any]:
        found = self.api.find_phone_number(phone_number=number)
        assert found is not None
        return found


@pytest.fixture(scope="module")
def h(tmp_path_factory: pytest.TempPathFactory) -> Iterator[H]:
    with running_emulator(seed=SEED) as emu:
        api = VoximplantClient(Credentials.from_file(emu.credentials_path), endpoint=emu.url)
        harness = H(emu, api, tmp_path_factory.mktemp("inbound"))
        try:
            yield harness
        finally:
            logs = harness.close()
            assert VALUE not in logs, "a secret value in provider stderr"
            api.close()


# -- PhoneNumberBinding ---------------------------------------------------------------------


def test_bind_move_refresh_unbind(h: H) -> None:
    short, aid = h.new_app()
    _, other = h.new_app()
    rule = h.api.add_rule(aid, "inbound", ".*")
    rule2 = h.api.add_rule(aid, "vip", r"\+1.*")
    number = h.free_number()
    h.emu.reset_stats()
    id_, outs = h.number.up({"phone_number": f"+{number}", "application_name": short,
                             "rule_id": rule})
    calls = h.calls()
    assert calls.pop("BindPhoneNumberToApplication") == 1 and calls.pop("GetPhoneNumbers") == 1
    assert "AttachPhoneNumber" not in calls and "DeactivatePhoneNumber" not in calls
    assert outs["phone_number"] == number and id_ == str(int(outs["phone_id"]))
    assert (outs["application_id"], outs["rule_id"], outs["rule_name"]) == (aid, rule, "inbound")
    assert outs["application_name"] == f"{short}.emulator.voximplant.com"
    live = h.live(number)
    assert (live["application_id"], live["rule_id"]) == (aid, rule)

    # a preview of the same inputs is free; "+" or not is the same number
    h.emu.reset_stats()
    news = h.number.checked({"phone_number": number, "application_name": short,
                             "rule_id": rule})
    assert h.later.number.diff(id_, outputs(outs), news).changes == NONE
    assert h.calls() == {}

    # moving to another rule, then another application: one call each, never an unbind
    for target, expected in (({"application_name": short, "rule_id": rule2}, (aid, rule2)),
                             ({"application_id": other}, (other, None))):
        h.emu.reset_stats()
        diff, outs = h.number.change(id_, outs, {"phone_number": number, **target})
        assert diff.changes == SOME
        assert h.calls().get("BindPhoneNumberToApplication") == 1
        live = h.live(number)
        assert (live["application_id"], live.get("rule_id")) == expected
        assert (outs["application_id"], outs.get("rule_id")) == expected

    # moved outside Pulumi: refresh shows it; up moves it back in one call
    h.api.bind_phone_number(int(id_), aid, rule_id=rule)
    rid, live_outs, inputs = h.later.number.read(id_, outs)
    assert rid == id_ and (live_outs["application_id"], live_outs["rule_id"]) == (aid, rule)
    assert outputs(inputs) == {"phone_number": number, "application_id": aid, "rule_id": rule}
    h.emu.reset_stats()
    _, outs = h.number.change(id_, live_outs, {"phone_number": number, "application_id": other})
    assert h.calls().get("BindPhoneNumberToApplication") == 1
    assert h.live(number)["application_id"] == other

    # unbound outside: refresh keeps it, without an application; up binds it again
    h.api.unbind_phone_number(int(id_), other)
    _, live_outs, inputs = h.later.number.read(id_, outs)
    assert live_outs.get("application_id") is None and "application_id" not in outputs(inputs)
    _, outs = h.number.change(id_, live_outs, {"phone_number": number, "application_id": other})
    assert h.live(number)["application_id"] == other

    # delete unbinds; twice is fine; the number stays owned
    h.later.number.delete(id_, outs)
    assert "application_id" not in h.live(number)
    h.later.number.delete(id_, outs)


def test_number_bound_elsewhere_needs_adopt_and_delete_leaves_a_moved_number(h: H) -> None:
    _short, aid = h.new_app()
    seeded = NUMBERS[0]
    with pytest.raises(ProviderError) as err:
        h.number.up({"phone_number": seeded, "application_id": aid}, name="adopter")
    details = err.value.details
    assert "crm.emulator.voximplant.com" in details and "rule 'all'" in details
    assert "adopt=True" in details and details.startswith("PhoneNumberBinding:")
    assert h.live(seeded)["application_name"] == "crm.emulator.voximplant.com", "untouched"

    id_, outs = h.number.up({"phone_number": seeded, "application_id": aid, "adopt": True},
                            name="adopter")
    assert outs["adopted"] is True and h.live(seeded)["application_id"] == aid
    # someone moves it back to crm: delete leaves it where it now serves
    crm = h.live(NUMBERS[0])
    crm_app = int(h.api.find_application(application_name="crm")["application_id"])
    crm_rule = int(h.api.find_rule(crm_app, rule_name="all")["rule_id"])
    h.api.bind_phone_number(int(id_), crm_app, rule_id=crm_rule)
    h.later.number.delete(id_, outs, name="adopter")
    crm = h.live(NUMBERS[0])
    assert (crm["application_id"], crm["rule_id"]) == (crm_app, crm_rule)


def test_number_not_owned_is_never_bought(h: H) -> None:
    _, aid = h.new_app()
    h.emu.reset_stats()
    with pytest.raises(ProviderError) as err:
        h.number.up({"phone_number": "+19995550000", "application_id": aid})
    assert "not a number this account owns" in err.value.details
    assert "never buys" in err.value.details
    assert set(h.calls()) <= {"GetPhoneNumbers", "GetApplications"}


def test_two_bindings_of_one_number_are_refused_at_check(h: H) -> None:
    short, _ = h.new_app()
    number = h.free_number()
    one = {"phone_number": number, "application_name": short}
    h.number.checked(one, name="one")
    _, failures = h.number.check({"phone_number": f"+{number}", "application_name": short,
                                  "rule_name": "x"}, name="two")
    assert [f for f, _ in failures] == ["phone_number"]
    assert f"+{number}" in failures[0][1] and "declare it once" in failures[0][1]
    assert "PhoneNumberBinding 'one'" in failures[0][1]
    # identical inputs under another name are a second binding too
    _, failures = h.number.check(one, name="three")
    assert [f for f, _ in failures] == ["phone_number"]
    # the same resource checked again (the same name) is not
    assert h.number.check(one, name="one")[1] == []


def test_check_reports_every_problem(h: H) -> None:
    _, failures = h.number.check({"phone_number": "555-123", "phone_id": 0,
                                  "rule_id": 1, "rule_name": "x", "extra": 1})
    props = [p for p, _ in failures]
    assert props.count("phone_number") >= 2 and "application_id" in props
    assert "rule_id" in props and "extra" in props


def test_import_a_number_by_its_digits(h: H) -> None:
    from pulumi_voxbind.resources.phone_number.inputs import import_props

    _, aid = h.new_app()
    number = h.free_number()
    h.api.bind_phone_number(int(h.live(number)["phone_id"]), aid)
    _rid, outs, inputs = h.later.number.read("", import_props(f"+{number}"))
    assert outs["phone_number"] == number and outs["application_id"] == aid
    assert outputs(inputs) == {"phone_number": number, "application_id": aid}
    h.later.number.delete(str(outs["phone_id"]), outs)
    assert "application_id" not in h.live(number)


# -- Secret ---------------------------------------------------------------------------------


def test_secret_lifecycle_value_never_leaves_the_api(h: H) -> None:
    short, aid = h.new_app()
    news = {"application_name": short, "secret_name": "CRM_TOKEN", "secret_value": VALUE,
            "description": "CRM API token"}
    inputs = h.secret.checked(news)
    assert inputs["value_digest"].startswith("hmac-sha256:v1:")
    assert VALUE not in inputs["value_digest"]
    h.emu.reset_stats()
    id_, outs = h.secret.create(inputs)
    assert h.calls() == {"GetSecrets": 1, "AddSecret": 1, "GetApplications": 1}
    assert VALUE not in json.dumps(outs), "the value is not an output"
    sid = int(outs["secret_id"])
    assert h.api.get_secret_value(aid, sid) == VALUE
    assert (outs["secret_name"], outs["application_id"], outs["description"]) == \
        ("CRM_TOKEN", aid, "CRM API token")

    # same value checked again: same digest (salt kept from the old inputs), no change
    again = h.later.secret.check_with(outputs(inputs), news)
    assert again["value_digest"] == inputs["value_digest"]
    assert h.later.secret.diff(id_, outputs(outs), again).changes == NONE
    # without the old inputs (another salt) the digest differs, but not the value's text
    assert h.later.secret.checked(news)["value_digest"] != inputs["value_digest"]

    # a new value is one SetSecretInfo
    h.emu.reset_stats()
    inputs = h.secret.check_with(outputs(inputs), {**news, "secret_value": VALUE + "-2"})
    diff = h.later.secret.diff(id_, outputs(outs), inputs)
    outs = h.later.secret.update(id_, outs, inputs)
    assert diff.changes == SOME and h.calls() == {"SetSecretInfo": 1}
    assert h.api.get_secret_value(aid, sid) == VALUE + "-2"

    # changed outside: refresh reports it (digest) without the value; up restores it
    h.api.set_secret_info(aid, sid, secret_value="changed-outside")
    _, live, refreshed = h.later.secret.read(id_, outs)
    assert live["value_digest"] != outs["value_digest"]
    assert "changed-outside" not in json.dumps([live, refreshed])
    assert "secret_value" not in refreshed
    news2 = {**news, "secret_value": VALUE + "-2"}
    inputs = h.secret.check_with(outputs(refreshed), news2)
    assert h.later.secret.diff(id_, outputs(live), inputs).changes == SOME
    h.emu.reset_stats()
    outs = h.secret.update(id_, live, inputs)
    assert h.calls() == {"SetSecretInfo": 1}
    assert h.api.get_secret_value(aid, sid) == VALUE + "-2"

    h.later.secret.delete(id_, outs)
    assert h.api.find_secret(aid, secret_id=sid) is not None, "still declared by this run"
    h.destroy.secret.delete(id_, outs)
    assert h.api.find_secret(aid, secret_id=sid) is None
    h.destroy.secret.delete(id_, outs)  # idempotent
    assert h.later.secret.read(id_, outs)[0] == ""


def test_secret_rename_and_description_in_one_call(h: H) -> None:
    _short, aid = h.new_app()
    news = {"application_id": aid, "secret_name": "OLD_NAME", "secret_value": VALUE}
    id_, outs = h.secret.up(news)
    h.emu.reset_stats()  # the next command checks only the new name
    inputs = h.later.secret.check_with(outputs(h.secret.checked(news)),
                                       {**news, "secret_name": "NEW_NAME", "description": "d"})
    outs = h.later.secret.update(id_, outs, inputs)
    assert h.calls() == {"SetSecretInfo": 1}
    found = h.api.find_secret(aid, secret_id=int(id_))
    assert (found["secret_name"], found["description"]) == ("NEW_NAME", "d")
    h.later.secret.delete(id_, outs)


def test_secret_check_never_shows_the_value(h: H) -> None:
    long = "x" * 9000
    _, failures = h.secret.check({"application_id": 1, "secret_name": "9bad",
                                  "secret_value": long})
    text = json.dumps(failures)
    assert "xxxxxxxx" not in text and "9000 characters" in text
    assert {p for p, _ in failures} == {"secret_name", "secret_value"}


def test_existing_secret_needs_adopt_and_import(h: H) -> None:
    from pulumi_voxbind.resources.secret.inputs import import_props

    _short, aid = h.new_app()
    sid = h.api.add_secret(aid, "TAKEN", "old-value")
    news = {"application_id": aid, "secret_name": "TAKEN", "secret_value": VALUE}
    with pytest.raises(ProviderError) as err:
        h.secret.up(news)
    assert "already exists" in err.value.details and "adopt=True" in err.value.details
    assert "old-value" not in err.value.details and VALUE not in err.value.details
    id_, outs = h.secret.up({**news, "adopt": True}, name="adopter")
    assert int(id_) == sid and h.api.get_secret_value(aid, sid) == VALUE
    _rid, imported, inputs = h.later.secret.read("", import_props(f"{aid}/TAKEN"))
    assert imported["secret_id"] == sid and imported["application_id"] == aid
    assert outputs(inputs)["secret_name"] == "TAKEN" and "secret_value" not in inputs
    h.later.secret.delete(id_, outs, name="adopter")


# -- SipWhitelistEntry ----------------------------------------------------------------------


def test_whitelist_entry_lifecycle(h: H) -> None:
    inputs = h.sip.checked({"network": "203.0.113.10", "description": "PBX"})
    assert inputs["network"] == "203.0.113.10/32"
    id_, outs = h.sip.create(inputs)
    entry = int(outs["sip_whitelist_id"])
    assert h.api.list_sip_whitelist(sip_whitelist_id=entry)[0]["sip_whitelist_network"] == \
        "203.0.113.10/32"
    assert h.later.sip.diff(id_, outputs(outs), h.sip.checked(
        {"network": "203.0.113.10/32", "description": "PBX"})).changes == NONE
    h.emu.reset_stats()
    _, outs = h.sip.change(id_, outs, {"network": "203.0.113.0/28", "description": "PBX"})
    assert h.calls() == {"SetSipWhiteListItem": 1}
    assert int(outs["sip_whitelist_id"]) == entry
    # edited outside: refresh sees it, up restores it
    h.api.set_sip_whitelist_item(entry, "203.0.113.0/29", description="edited")
    _, live, inputs = h.later.sip.read(id_, outs)
    assert outputs(inputs) == {"network": "203.0.113.0/29", "description": "edited"}
    _, outs = h.sip.change(id_, live, {"network": "203.0.113.0/28", "description": "PBX"})
    assert h.api.list_sip_whitelist(sip_whitelist_id=entry)[0]["sip_whitelist_network"] == \
        "203.0.113.0/28"
    h.later.sip.delete(id_, outs)
    h.later.sip.delete(id_, outs)
    assert h.later.sip.read(id_, outs)[0] == ""


def test_whitelist_duplicate_overlap_and_limit(h: H) -> None:
    with pytest.raises(ProviderError) as err:
        h.sip.up({"network": "198.51.100.0/24"})
    assert "already whitelists 198.51.100.0/24" in err.value.details
    assert "adopt=True" in err.value.details
    with pytest.raises(ProviderError) as err:
        h.sip.up({"network": "198.51.100.128/25"})
    assert "overlaps entry" in err.value.details and "'seeded'" in err.value.details
    made = []
    try:
        for i in range(20):
            made.append(h.api.add_sip_whitelist_item(f"10.{i}.0.0/16"))
    except Exception as exc:
        assert getattr(exc, "code", None) == 172
    with pytest.raises(ProviderError) as err:
        h.sip.up({"network": "192.0.2.0/24"})
    assert "full (API error 172" in err.value.details
    for entry in made:
        h.api.del_sip_whitelist_item(entry)


def test_whitelist_check_tables(h: H) -> None:
    cases = {
        "203.0.113.7/24": "host bits set; write 203.0.113.0/24",
        "2001:db8::/32": "IPv6",
        "not-an-ip": "not an IPv4 network",
    }
    for network, expected in cases.items():
        _, failures = h.sip.check({"network": network})
        assert len(failures) == 1 and expected in failures[0][1], (network, failures)
