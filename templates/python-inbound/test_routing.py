"""Deploy this project to the emulator, check what calls reach, and destroy it again."""

from pathlib import Path

from pulumi import automation as auto

PROJECT = Path(__file__).parent


def test_vip_numbers_hear_the_greeting_and_the_rest_reach_voicemail(
        voxbind_emulator_session, tmp_path):
    emulator = voxbind_emulator_session
    seeded = emulator.snapshot()
    env = {**emulator.environment(),
           "PULUMI_BACKEND_URL": tmp_path.as_uri(), "PULUMI_CONFIG_PASSPHRASE": ""}
    stack = auto.create_or_select_stack(
        "test", work_dir=str(PROJECT), opts=auto.LocalWorkspaceOptions(env_vars=env))
    try:
        vip, inbound = stack.up().outputs["rule_ids"].value
        [app] = [a for a in emulator.snapshot()["applications"]
                 if a["application_name"].startswith("ivr.")]
        assert [rule["rule_id"] for rule in app["rules"]] == [vip, inbound]
        assert [name for _, name in emulator.rule_scenarios(vip)] == ["greeting"]
        assert [name for _, name in emulator.rule_scenarios(inbound)] == ["voicemail"]

        emulator.reset_stats()
        stack.preview(expect_no_changes=True)   # previews make no API call
        assert emulator.stats()["total"] == 0
    finally:
        stack.destroy()
        stack.workspace.remove_stack("test")
    assert emulator.snapshot() == seeded        # only the seed is left
