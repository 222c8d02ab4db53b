"""Application, Rule, Scenario and RuleOrder through the real provider process over gRPC.

One emulator and one provider process serve the module (as one `pulumi up` would); every
test works on objects named for it alone.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi.runtime.proto import provider_pb2

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.emulator import RunningEmulator, running_emulator
from tests.provider.routing_harness import Run, app_id, outputs, rule_names, unique
from tests.support.provider_process import UNKNOWN, ProviderError, ProviderProcess, provider_env

NONE, SOME = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME


class H(Run):
    """The emulator, an API client to inspect it, and the `program` and `later` processes."""

    def __init__(self, emu: RunningEmulator, api: VoximplantClient, workdir: Path) -> None:
        self.emu, self.api, self.workdir = emu, api, workdir
        env = provider_env(VOXIMPLANT_API_URL=emu.url,
                           VOXIMPLANT_CREDENTIALS=str(emu.credentials_path),
                           VOXBIND_JOURNAL_DIR=os.environ.get("VOXBIND_JOURNAL_DIR")
                           or str(workdir / "journal"))
        self.key_line = json.loads(Path(emu.credentials_path).read_text())[
            "private_key"].splitlines()[1]
        processes = []
        for name in ("program", "later"):
            (workdir / name).mkdir()
            processes.append(ProviderProcess(env, workdir / name))
            processes[-1].configure({})
        self.later = Run(processes[1])
        super().__init__(processes[0], self.later)

    def close(self) -> None:
        for process in (self.process, self.later.process):
            assert self.key_line not in process.close(), "key material in provider stderr"

    def calls(self) -> dict[str, int]:
        return dict(self.emu.stats()["requests"])

    def new_app(self, prefix: str = "app") -> tuple[str, int]:
        """An application made outside Pulumi for one test: (short name, id)."""
        short = unique(prefix)
        made = self.api.add_application(short)
        return short, int(made["application_id"])

    def script(self, name: str, text: str | bytes) -> Path:
        path = self.workdir / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    def live_script(self, scenario_id: int) -> str:
        found = self.api.get_scenario(scenario_id, with_script=True)
        assert found is not None
        return str(found["scenario_script"])


@pytest.fixture(scope="module")
def h(tmp_path_factory: pytest.TempPathFactory) -> Iterator[H]:
    workdir = tmp_path_factory.mktemp("routing")
    with running_emulator() as emu:
        api = VoximplantClient(Credentials.from_file(emu.credentials_path), endpoint=emu.url)
        harness = H(emu, api, workdir)
        try:
            yield harness
        finally:
            harness.close()
            api.close()


def assert_one_clear_message(error: ProviderError, *words: str) -> None:
    """The engine shows the details: our message once, no chained exceptions, ints not floats."""
    details = error.details
    assert "During handling of the above exception" not in details
    assert "direct cause" not in details
    for word in words:
        assert word in details, (word, details)
    assert not any(f"{n}.0" in details for n in range(100, 40000)), details


# -- Application -----------------------------------------------------------------------------


def test_application_create_rename_refresh_delete(h: H) -> None:
    short = unique("ivr")
    id_, outs = h.app.up({"application_name": short})
    assert id_ == str(int(outs["application_id"]))
    assert outs["application_name"] == f"{short}.emulator.voximplant.com"
    assert app_id(h.api, short) == int(outs["application_id"])

    h.emu.reset_stats()
    # (no check RPC here: a check records a declaration, as if a later run still declared
    # the old name; each pulumi command has a provider process of its own)
    assert h.later.app.diff(id_, outputs(outs), {"application_name": short}).changes == NONE
    diff, outs = h.app.change(id_, outs, {"application_name": short + "x"})
    assert diff.changes == SOME
    assert h.calls() == {"SetApplicationInfo": 1}
    assert outs["application_name"] == f"{short}x.emulator.voximplant.com"
    assert int(outs["application_id"]) == int(id_)

    # renamed outside: refresh shows it, in the spelling the user wrote (short)
    h.api.set_application_info(int(id_), application_name=short + "y")
    rid, live, inputs = h.later.app.read(id_, outs)
    assert rid == id_ and live["application_name"] == f"{short}y.emulator.voximplant.com"
    assert outputs(inputs) == {"application_name": short + "y"}
    diff, outs = h.app.change(id_, live, {"application_name": short + "x"})
    assert app_id(h.api, short + "x") == int(id_)

    h.later.app.delete(id_, outs)
    assert h.api.find_application(application_id=int(id_)) is None
    h.later.app.delete(id_, outs)  # idempotent
    assert h.later.app.read(id_, outs)[0] == ""


def test_application_full_name_spelling_survives_refresh(h: H) -> None:
    short = unique("full")
    full = f"{short}.emulator.voximplant.com"
    id_, outs = h.app.up({"application_name": full})
    assert h.later.app.diff(id_, outputs(outs), h.app.checked({"application_name": full})).changes \
        == NONE
    _, _, inputs = h.later.app.read(id_, outs)
    assert outputs(inputs) == {"application_name": full}
    h.later.app.delete(id_, outs)


def test_existing_application_needs_adopt(h: H) -> None:
    short, existing = h.new_app("taken")
    with pytest.raises(ProviderError) as err:
        h.app.up({"application_name": short})
    assert_one_clear_message(err.value, f"{short}.emulator.voximplant.com", f"id {existing}",
                             "adopt=True", "aliases")
    id_, outs = h.app.up({"application_name": short, "adopt": True})
    assert int(outs["application_id"]) == existing and outs["adopted"] is True
    h.later.app.delete(id_, outs)
    assert h.api.find_application(application_id=existing) is None


def test_application_delete_takes_what_is_left_inside(h: H) -> None:
    short = unique("full")
    id_, outs = h.app.up({"application_name": short})
    rule = h.api.add_rule(int(id_), unique("foreign"), ".*")
    scenario = h.api.add_scenario(unique("fs"), "x()", application_id=int(id_))
    shared = h.api.add_scenario(unique("shared"), "x()")
    h.api.bind_scenarios(rule, [shared])
    h.emu.reset_stats()
    h.later.app.delete(id_, outs)
    calls = h.calls()
    # DelApplication, which may be refused (Owner role), is the only write: a refusal
    # changes nothing; the rule nobody declares goes with the application
    assert calls == {"GetRules": 1, "GetScenarios": 1, "DelApplication": 1}
    assert h.api.find_application(application_id=int(id_)) is None
    assert all(r["rule_id"] != rule for a in h.emu.snapshot()["applications"]
               for r in a["rules"]), "the rule went with its application"
    assert h.api.get_scenario(scenario) is None, "its own scenario goes with it"
    assert h.api.get_scenario(shared) is not None, "a Shared scenario stays"


def test_application_delete_refuses_to_take_a_rule_the_program_declares(h: H) -> None:
    short = unique("holds")
    id_, outs = h.later.app.up({"application_name": short})
    # a run whose program dropped the Application but keeps a Rule naming it by name
    h.rule.up({"application_name": short, "rule_name": "kept", "rule_pattern": ".*"})
    with pytest.raises(ProviderError) as err:
        h.app.delete(id_, outs)
    assert_one_clear_message(err.value, f"not deleting '{short}.emulator.voximplant.com'",
                             "rule 'kept'", "application_id=")
    assert rule_names(h.api, int(id_)) == ["kept"]
    h.api.del_rule(int(h.api.find_rule(int(id_), rule_name="kept")["rule_id"]))
    h.app.delete(id_, outs)
    assert h.api.find_application(application_id=int(id_)) is None


def test_application_rename_of_the_resource_with_adopt_keeps_the_object(h: H) -> None:
    short = unique("moved")
    old_id, old = h.app.up({"application_name": short}, name="old")
    new_id, new = h.app.up({"application_name": short, "adopt": True}, name="new")
    assert new_id == old_id
    h.app.delete(old_id, old, name="old")  # same run: Pulumi deletes the old URN last
    assert app_id(h.api, short) == int(old_id), "the new resource still owns it"
    h.later.app.delete(new_id, new, name="new")


def test_no_rename_away_from_what_another_resource_declares(h: H) -> None:
    _, aid = h.new_app()
    name = unique("shared")
    news = {"scenario_name": name, "scenario_script": "x();"}
    id_, outs = h.later.scenario.up(news, name="first")
    h.scenario.up({**news, "adopt": True}, name="second")  # this run declares it too
    with pytest.raises(ProviderError) as err:  # ...so "first" may not rename it away
        h.scenario.update(id_, outs, h.scenario.checked({**news, "scenario_name": "other"},
                                                        name="first"), name="first")
    assert_one_clear_message(err.value, f"not renaming scenario {name!r}", "adopt=True")
    assert h.api.get_scenario(int(id_))["scenario_name"] == name
    rule = {"application_id": aid, "rule_name": "r", "rule_pattern": ".*"}
    r_id, r_outs = h.later.rule.up(rule, name="first")
    h.rule.up({**rule, "adopt": True}, name="second")
    with pytest.raises(ProviderError) as err:
        h.rule.update(r_id, r_outs, h.rule.checked({**rule, "rule_name": "r2"}))
    assert_one_clear_message(err.value, "Rule: not renaming rule 'r'")


def test_application_errors_name_the_fix(h: H) -> None:
    short, _ = h.new_app("busy")
    id_, outs = h.app.up({"application_name": unique("mine")})
    with pytest.raises(ProviderError) as err:
        h.app.change(id_, outs, {"application_name": short})
    assert_one_clear_message(err.value, f"to {short!r}", "another application already has")
    h.later.app.delete(id_, outs)
    with pytest.raises(ProviderError) as err:
        h.later.app.update(id_, outs, h.app.checked({"application_name": unique("zz")}))
    assert_one_clear_message(err.value, "no longer exists", "pulumi refresh")


# -- Rule ------------------------------------------------------------------------------------


def test_rule_lifecycle_in_place(h: H) -> None:
    short, aid = h.new_app()
    first = h.api.add_rule(aid, "first", ".*")
    news = {"application_id": aid, "rule_name": "inbound", "rule_pattern": "1.*"}
    id_, outs = h.rule.up(news)
    assert rule_names(h.api, aid) == ["first", "inbound"], "a new rule goes last"
    assert outs["application_name"] == f"{short}.emulator.voximplant.com"
    assert outs["video_conference"] is False and "rule_pattern_exclude" not in outs
    greet = h.api.add_scenario(unique("g"), "x()", application_id=aid)
    h.api.bind_scenarios(int(id_), [greet])

    h.emu.reset_stats()
    changed = {**news, "rule_name": "in2", "rule_pattern": "2.*", "rule_pattern_exclude": "29",
               "video_conference": True}
    _, outs = h.rule.change(id_, outs, changed)
    assert h.calls() == {"SetRuleInfo": 1}
    live = h.api.find_rule(aid, rule_id=int(id_), with_scenarios=True)
    assert (live["rule_name"], live["rule_pattern"], live["rule_pattern_exclude"],
            live["video_conference"]) == ("in2", "2.*", "29", True)
    assert [s["scenario_id"] for s in live["scenarios"]] == [greet], "bindings stay"
    assert h.later.rule.diff(id_, outputs(outs), h.rule.checked(changed)).changes == NONE

    # drift outside, seen by refresh in the user's spelling, repaired by update
    h.api.set_rule_info(int(id_), rule_name="hand", rule_pattern="3.*", video_conference=False)
    rid, live_outs, inputs = h.later.rule.read(id_, outs)
    assert rid == id_ and (live_outs["rule_name"], live_outs["rule_pattern"]) == ("hand", "3.*")
    assert outputs(inputs) == {"application_id": aid, "rule_name": "hand",
                               "rule_pattern": "3.*", "rule_pattern_exclude": "29"}
    _, outs = h.rule.change(id_, live_outs, changed)
    assert h.api.find_rule(aid, rule_id=int(id_))["rule_name"] == "in2"

    h.later.rule.delete(id_, outs)
    assert rule_names(h.api, aid) == ["first"]
    h.later.rule.delete(id_, outs)
    assert h.later.rule.read(id_, outs)[0] == ""
    assert first


def test_rule_by_application_name_and_clear_resolution_errors(h: H) -> None:
    short, aid = h.new_app()
    _, outs = h.rule.up({"application_name": short, "rule_name": "r", "rule_pattern": ".*"})
    assert int(outs["application_id"]) == aid
    with pytest.raises(ProviderError) as err:
        h.rule.up({"application_name": "nosuchapp", "rule_name": "r", "rule_pattern": ".*"})
    assert_one_clear_message(err.value, "Rule: ", "application_name 'nosuchapp'")
    with pytest.raises(ProviderError) as err:
        h.rule.up({"application_id": 99, "rule_name": "r", "rule_pattern": ".*"})
    assert_one_clear_message(err.value, "application_id 99 does not exist")


def test_existing_rule_needs_adopt_and_adopt_brings_it_to_the_inputs(h: H) -> None:
    short, aid = h.new_app()
    existing = h.api.add_rule(aid, "inbound", "9.*", video_conference=True)
    news = {"application_id": aid, "rule_name": "inbound", "rule_pattern": "1.*"}
    with pytest.raises(ProviderError) as err:
        h.rule.up(news)
    assert_one_clear_message(err.value, "rule 'inbound'", f"id {existing}", short,
                             "adopt=True", "aliases")
    id_, outs = h.rule.up({**news, "adopt": True})
    assert id_ == str(existing) and outs["adopted"] is True
    live = h.api.find_rule(aid, rule_id=existing)
    assert (live["rule_pattern"], live["video_conference"]) == ("1.*", False)


def test_adopting_a_rule_with_an_exclude_the_api_cannot_clear_fails_clearly(h: H) -> None:
    _, aid = h.new_app()
    h.api.add_rule(aid, "inbound", ".*", rule_pattern_exclude="7.*")
    with pytest.raises(ProviderError) as err:
        h.rule.up({"application_id": aid, "rule_name": "inbound", "rule_pattern": ".*",
                   "adopt": True})
    assert_one_clear_message(err.value, "rule_pattern_exclude '7.*'", "cannot remove")


def test_removing_the_exclude_is_a_delete_before_replace(h: H) -> None:
    _, aid = h.new_app()
    news = {"application_id": aid, "rule_name": "r", "rule_pattern": ".*"}
    id_, outs = h.rule.up({**news, "rule_pattern_exclude": "7.*"})
    with_new_half = h.later.rule  # one run: the new half is checked, then the old deleted
    inputs = with_new_half.checked(news)
    diff = with_new_half.diff(id_, outputs(outs), inputs)
    assert list(diff.replaces) == ["rule_pattern_exclude"] and diff.deleteBeforeReplace
    with_new_half.delete(id_, outs)
    assert rule_names(h.api, aid) == [], "its own replace is not held back by its new half"
    new_id, _ = with_new_half.create(inputs)
    assert h.api.find_rule(aid, rule_id=int(new_id)).get("rule_pattern_exclude") is None


def test_rule_resource_rename_with_adopt_keeps_the_rule(h: H) -> None:
    _, aid = h.new_app()
    news = {"application_id": aid, "rule_name": "r", "rule_pattern": ".*"}
    old_id, old = h.rule.up(news, name="old")
    new_id, _ = h.rule.up({**news, "adopt": True}, name="new")
    assert new_id == old_id
    h.rule.delete(old_id, old, name="old")  # same run
    assert rule_names(h.api, aid) == ["r"]


def test_rule_rename_onto_a_taken_name_and_a_vanished_rule(h: H) -> None:
    _, aid = h.new_app()
    h.api.add_rule(aid, "taken", ".*")
    news = {"application_id": aid, "rule_name": "mine", "rule_pattern": ".*"}
    id_, outs = h.rule.up(news)
    with pytest.raises(ProviderError) as err:
        h.rule.change(id_, outs, {**news, "rule_name": "taken"})
    assert_one_clear_message(err.value, "to 'taken'", "already has a rule with that name")
    h.api.del_rule(int(id_))
    with pytest.raises(ProviderError) as err:
        h.rule.change(id_, outs, {**news, "rule_pattern": "1"})
    assert_one_clear_message(err.value, "no longer exists", "pulumi refresh")


def test_bindings_resolve_names_written_by_rule_providers_in_the_same_run(h: H) -> None:
    short, aid = h.new_app()
    sid = h.api.add_scenario(unique("s"), "x()", application_id=aid)
    sname = h.api.get_scenario(sid)["scenario_name"]
    news = {"application_id": aid, "rule_name": "before", "rule_pattern": ".*"}
    id_, outs = h.rule.up(news)
    # the next run: a binding lists the application's rules into the name cache, then the
    # Rule is renamed, then bindings resolve names again in the same process (the first one
    # names the rule by id: one naming it by name would make the rename refuse, see
    # test_follow.py)
    run = h.later
    binding = {"application_name": short, "rule_name": "before", "scenario_names": [sname]}
    b_id, b_outs = run.binding.up({"application_name": short, "rule_id": int(id_),
                                   "scenario_names": [sname]}, name=unique("b"))
    run.binding.delete(b_id, b_outs)
    _, outs = h.rule.change(id_, outs, {**news, "rule_name": "after"})
    with pytest.raises(ProviderError) as err:  # the old name must not resolve from the cache
        run.binding.up(binding, name=unique("b"))
    assert "before" in err.value.details
    _, b_outs = run.binding.up({**binding, "rule_name": "after"}, name=unique("b"))
    assert int(b_outs["rule_id"]) == int(id_)


# -- Scenario --------------------------------------------------------------------------------


def test_scenario_from_a_file_uploads_exact_bytes_and_keeps_only_path_and_hash(h: H) -> None:
    short, aid = h.new_app()
    data = "// ünïcode, CRLF and trailing spaces  \r\nVoxEngine.terminate();\t\n\n".encode()
    path = h.script("greeting.js", data)
    name = unique("greet")
    news = {"scenario_name": name, "scenario_script_file": "greeting.js",
            "scenario_script_path": str(path), "application_name": short}
    id_, outs = h.scenario.up(news)
    assert h.live_script(int(id_)).encode() == data
    assert outs["script_sha256"] == hashlib.sha256(data).hexdigest()
    assert int(outs["application_id"]) == aid
    state = json.dumps(outs)
    assert "terminate" not in state, "no script text in outputs"

    h.emu.reset_stats()
    path.write_bytes(data + b"// v2\n")
    diff, outs = h.scenario.change(id_, outs, news)
    assert diff.changes == SOME
    assert h.calls() == {"SetScenarioInfo": 1}
    assert h.live_script(int(id_)).endswith("// v2\n")

    h.emu.reset_stats()
    renamed = unique("hello")
    path.write_bytes(data)
    _, outs = h.scenario.change(id_, outs, {**news, "scenario_name": renamed})
    assert h.calls() == {"SetScenarioInfo": 1}, "a rename and a new script in one call"
    assert h.api.get_scenario(int(id_))["scenario_name"] == renamed
    assert h.live_script(int(id_)).encode() == data

    h.emu.reset_stats()
    assert h.later.scenario.diff(id_, outputs(outs), h.scenario.checked(
        {**news, "scenario_name": renamed})).changes == NONE
    assert h.calls() == {}
    h.later.scenario.delete(id_, outs)
    assert h.api.get_scenario(int(id_)) is None
    h.later.scenario.delete(id_, outs)


def test_inline_shared_scenario_refresh_shows_a_changed_script(h: H) -> None:
    name = unique("inline")
    news = {"scenario_name": name, "scenario_script": "a();\n"}
    id_, outs = h.scenario.up(news)
    assert "application_id" not in outs, "Shared folder"
    h.api.set_scenario_info(int(id_), scenario_script="edited();\n")
    rid, live, inputs = h.later.scenario.read(id_, outs)
    assert rid == id_ and live["script_sha256"] == hashlib.sha256(b"edited();\n").hexdigest()
    assert inputs["scenario_script"] == "edited();\n" and inputs["scenario_name"] == name
    diff, outs = h.scenario.change(id_, live, news)
    assert diff.changes == SOME and h.live_script(int(id_)) == "a();\n"
    h.api.del_scenario(int(id_))
    assert h.later.scenario.read(id_, outs)[0] == ""


def test_existing_scenario_needs_adopt_and_another_folder_is_refused(h: H) -> None:
    short, aid = h.new_app()
    name = unique("taken")
    existing = h.api.add_scenario(name, "old();", application_id=aid)
    news = {"scenario_name": name, "scenario_script": "new();", "application_id": aid}
    with pytest.raises(ProviderError) as err:
        h.scenario.up(news)
    assert_one_clear_message(err.value, f"scenario {name!r} (id {existing})", short,
                             "adopt=True", "aliases")
    with pytest.raises(ProviderError) as err:
        h.scenario.up({"scenario_name": name, "scenario_script": "x", "adopt": True})
    assert_one_clear_message(err.value, f"in application '{short}.emulator.voximplant.com'",
                             "not in the Shared folder")
    id_, outs = h.scenario.up({**news, "adopt": True})
    assert id_ == str(existing) and h.live_script(existing) == "new();"
    assert outs["adopted"] is True


def test_scenario_moving_folders_is_a_delete_before_replace(h: H) -> None:
    _, aid = h.new_app()
    name = unique("mover")
    id_, outs = h.scenario.up({"scenario_name": name, "scenario_script": "x();"})
    rule = h.api.add_rule(aid, "r", ".*")
    h.api.bind_scenarios(rule, [int(id_)])
    run = h.later.scenario  # one run: the new half is checked, then the old deleted
    inputs = run.checked({"scenario_name": name, "scenario_script": "x();",
                          "application_id": aid})
    diff = run.diff(id_, outputs(outs), inputs)
    assert list(diff.replaces) == ["application_id"] and diff.deleteBeforeReplace
    run.delete(id_, outs)
    assert h.api.find_rule(aid, rule_id=rule)["scenarios"] == [], "it drops out of the rule"
    new_id, new = run.create(inputs)
    assert int(new["application_id"]) == aid and new_id != id_


def test_scenario_resource_rename_with_adopt_keeps_the_scenario(h: H) -> None:
    name = unique("kept")
    news = {"scenario_name": name, "scenario_script": "x();"}
    old_id, old = h.scenario.up(news, name="old")
    new_id, _ = h.scenario.up({**news, "adopt": True}, name="new")
    assert new_id == old_id
    h.scenario.delete(old_id, old, name="old")  # same run
    assert h.api.get_scenario(int(old_id)) is not None


def test_scenario_file_problems_at_create(h: H) -> None:
    path = h.script("gone.js", "x();")
    news = h.scenario.checked({"scenario_name": unique("gone"), "scenario_script_file": "gone.js",
                               "scenario_script_path": str(path)})
    path.unlink()
    with pytest.raises(ProviderError) as err:
        h.scenario.create(news)
    assert_one_clear_message(err.value, "scenario_script_file 'gone.js'", "cannot read")
    _, failures = h.scenario.check({"scenario_name": "x", "scenario_script_file": "gone.js",
                                    "scenario_script_path": str(path)})
    assert failures and failures[0][0] == "scenario_script_file"


# -- RuleOrder -------------------------------------------------------------------------------


def test_rule_order_puts_listed_rules_first_and_keeps_the_others_after(h: H) -> None:
    _, aid = h.new_app()
    ids = {n: h.api.add_rule(aid, n, ".*") for n in ("a", "b", "c", "d")}
    h.emu.reset_stats()
    id_, outs = h.order.up({"application_id": aid, "rule_ids": [ids["c"], ids["a"]]})
    assert h.calls() == {"GetApplications": 1, "GetRules": 1, "ReorderRules": 1}
    assert rule_names(h.api, aid) == ["c", "a", "b", "d"]
    assert [int(r) for r in outs["rule_ids"]] == [ids["c"], ids["a"]]

    h.emu.reset_stats()
    _, outs = h.order.change(id_, outs, {"application_id": aid, "rule_ids": [ids["c"]]})
    assert h.calls() == {"GetApplications": 1, "GetRules": 1}, "first already: no reorder"

    # drift outside: refresh reports the rules now first; update repairs
    h.api.reorder_rules([ids["b"], ids["c"], ids["a"], ids["d"]])
    rid, live, inputs = h.later.order.read(id_, outs)
    assert rid == id_ and [int(r) for r in live["rule_ids"]] == [ids["b"]]
    assert inputs["rule_ids"] == [ids["b"]]
    diff, outs = h.order.change(id_, live, {"application_id": aid, "rule_ids": [ids["c"]]})
    assert diff.changes == SOME
    assert rule_names(h.api, aid) == ["c", "b", "a", "d"]

    h.emu.reset_stats()
    h.later.order.delete(id_, outs)
    assert h.calls() == {} and rule_names(h.api, aid) == ["c", "b", "a", "d"]


def test_rule_order_refuses_a_rule_of_another_application(h: H) -> None:
    _, aid = h.new_app()
    other, oid = h.new_app()
    mine, theirs = h.api.add_rule(aid, "m", ".*"), h.api.add_rule(oid, "t", ".*")
    with pytest.raises(ProviderError) as err:
        h.order.up({"application_id": aid, "rule_ids": [mine, theirs]})
    assert_one_clear_message(err.value, f"rule_ids[1] {theirs}",
                             f"belongs to application '{other}.emulator.voximplant.com'")


def test_unknowns_at_preview_plan_updates_not_replaces(h: H) -> None:
    _, aid = h.new_app()
    id_, outs = h.rule.up({"application_id": aid, "rule_name": "r", "rule_pattern": ".*"})
    h.emu.reset_stats()
    diff = h.later.rule.diff(id_, outputs(outs), {"application_id": UNKNOWN, "rule_name": "r",
                                            "rule_pattern": ".*"})
    assert diff.changes == SOME and not diff.replaces
    o_id, o_outs = h.order.up({"application_id": aid, "rule_ids": [int(id_)]})
    h.emu.reset_stats()
    diff = h.later.order.diff(o_id, outputs(o_outs), {"application_id": aid,
                                                "rule_ids": [UNKNOWN]})
    assert diff.changes == SOME and not diff.replaces
    assert h.calls() == {}, "check and diff make no API call"
