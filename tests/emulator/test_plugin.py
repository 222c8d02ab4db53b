"""The opt-in pytest plugin, used the way a user's project would use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CONFTEST = 'pytest_plugins = ["pulumi_voxbind.emulator.pytest_plugin"]\n'

USER_TESTS = """
import time

import jwt
import pytest
import requests


def token(creds):
    now = int(time.time())
    claims = {"iss": str(creds["account_id"]), "iat": now - 5, "exp": now + 60}
    return jwt.encode(claims, creds["private_key"], algorithm="RS256",
                      headers={"kid": creds["key_id"]})


def test_default_fixture_is_empty(voxbind_emulator):
    assert voxbind_emulator.url.endswith("/platform_api")
    auth = {"Authorization": "Bearer " + token(voxbind_emulator.credentials)}
    body = requests.post(voxbind_emulator.url + "/GetApplications", headers=auth).json()
    assert body == {"result": [], "total_count": 0, "count": 0}
    assert voxbind_emulator.stats()["total"] == 1


class TestSeeded:
    @pytest.fixture
    def voxbind_emulator_options(self):
        return {"seed": {"applications": [{"name": "ivr", "rules": [
                    {"name": "in", "scenarios": ["a", "b"]}]}],
                 "scenarios": [{"name": "a", "application": "ivr"},
                               {"name": "b", "application": "ivr"}]}}

    def test_seed_option(self, voxbind_emulator):
        creds_file = voxbind_emulator.credentials_path
        assert creds_file.exists()
        auth = {"Authorization": "Bearer " + token(voxbind_emulator.credentials)}
        rules = requests.post(voxbind_emulator.url + "/GetRules", headers=auth,
                              data={"application_name": "ivr", "with_scenarios": "true"}).json()
        rule_id = rules["result"][0]["rule_id"]
        assert [n for _, n in voxbind_emulator.rule_scenarios(rule_id)] == ["a", "b"]


def test_environment_names_url_and_key_file(voxbind_emulator):
    env = voxbind_emulator.environment()
    assert env == {"VOXIMPLANT_API_URL": voxbind_emulator.url,
                   "VOXIMPLANT_CREDENTIALS": str(voxbind_emulator.credentials_path.resolve())}


SESSION_URLS = set()


@pytest.mark.parametrize("round", [1, 2])
def test_session_fixture_is_one_emulator(voxbind_emulator_session, round):
    SESSION_URLS.add(voxbind_emulator_session.url)
    assert len(SESSION_URLS) == 1
    assert voxbind_emulator_session.stats()["total"] == 0
"""


def test_plugin_fixture_in_a_user_project(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_user.py").write_text(USER_TESTS)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
