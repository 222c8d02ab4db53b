"""Settings as operators set them: where each comes from, how a wrong one is reported (one
line naming the setting, its source and a right value, never the value), and the plaintext
refusal in the program."""

from __future__ import annotations

import contextvars
import json
from pathlib import Path
from typing import Any

import pytest
from pulumi.runtime import config as runtime_config

from pulumi_voxbind import ScenarioBinding
from pulumi_voxbind.emulator.keys import generate_key
from pulumi_voxbind.resources import settings as s
from pulumi_voxbind.resources.errors import ProviderError, clear_errors

PEM, _ = generate_key()
KEY = {"account_email": "ci@example.com", "account_id": 7, "key_id": "kid-7", "private_key": PEM}
KEY_TEXT = json.dumps(KEY)


def _settings(**config: str) -> s.ProviderSettings:
    return s.ProviderSettings.from_values(config.get, None)


@pytest.mark.parametrize(("value", "problem"), [
    ("127.0.0.1:36229/platform_api", "has no http:// or https:// scheme"),
    ("api.voximplant.com", "has no http:// or https:// scheme"),
    ("ftp://api.voximplant.com/platform_api", "has no http:// or https:// scheme"),
    ("https:///platform_api", "has no host name"),
    ("https://api voximplant.com/platform_api", "has characters a host name cannot have"),
    ("https://user:pw@api.voximplant.com/platform_api", "holds a user name or password"),
    ("https://api.voximplant.com/platform_api?x=1", "has a query string or fragment"),
    ("https://api.voximplant.com", "does not end in the API path /platform_api"),
    ("https://api.voximplant.com/platform_api/GetRules",
     "does not end in the API path /platform_api"),
    ("http://[::1/platform_api", "is not a URL"),
    ("http://127.0.0.1:99999/platform_api", "is not a URL"),
])
def test_a_bad_endpoint_names_the_setting_its_source_and_an_example(value: str,
                                                                    problem: str) -> None:
    with pytest.raises(s.SettingsError) as err:
        s.check_settings(_settings(**{"voxbind:endpoint": value}), {})
    assert str(err.value) == (
        f"stack config 'voxbind:endpoint' {problem}; it must be the Management API URL, for "
        "example pulumi config set voxbind:endpoint https://api.voximplant.com/platform_api "
        "(the value is not shown)")
    with pytest.raises(s.SettingsError) as err:
        s.check_settings(_settings(), {"VOXIMPLANT_API_URL": value})
    assert str(err.value).startswith(f"environment variable VOXIMPLANT_API_URL {problem}; ")
    assert "VOXIMPLANT_API_URL=https://api.voximplant.com/platform_api" in str(err.value)


@pytest.mark.parametrize("value", ["https://api.voximplant.com/platform_api",
                                   "http://127.0.0.1:8080/platform_api/", "http://[::1]:1/x/platform_api"])
def test_good_endpoints_pass(value: str) -> None:
    s.check_settings(_settings(), {"VOXIMPLANT_API_URL": value})
    assert s.endpoint_setting(_settings(**{"voxbind:endpoint": value}), {}) == value.rstrip("/")


def test_config_endpoint_wins_over_the_environment() -> None:
    config = _settings(**{"voxbind:endpoint": "https://a.example/platform_api"})
    assert s.endpoint_setting(config, {"VOXIMPLANT_API_URL": "nonsense"}) == \
        "https://a.example/platform_api"
    assert s.endpoint_setting(_settings(), {}) is None  # the public API


@pytest.mark.parametrize(("value", "problem"), [
    ("abc", "is not a number (the value is not shown)"), ("0", "is 0"), ("-5", "is -5"),
    ("nan", "is not finite"), ("inf", "is not finite")])
def test_a_bad_deadline_names_the_variable_and_an_example(value: str, problem: str) -> None:
    with pytest.raises(s.SettingsError) as err:
        s.check_settings(_settings(), {"VOXBIND_API_DEADLINE": value})
    assert str(err.value) == (f"environment variable VOXBIND_API_DEADLINE {problem}; it must be "
                              "a positive number of seconds, for example VOXBIND_API_DEADLINE=120")
    assert s.api_deadline({"VOXBIND_API_DEADLINE": " 2.5 "}) == 2.5
    assert s.api_deadline({}) == 120.0


def test_sources_in_order_of_precedence(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text(KEY_TEXT)
    both = s.credential_source(_settings(**{"voxbind:credentials": KEY_TEXT}),
                               {"VOXIMPLANT_CREDENTIALS": str(path)})
    assert both.label == "stack config 'voxbind:credentials'"
    assert both.load().key_id == "kid-7"
    by_path = s.credential_source(_settings(), {"VOXIMPLANT_CREDENTIALS": str(path)})
    assert by_path.label == f"VOXIMPLANT_CREDENTIALS={path}"
    by_text = s.credential_source(_settings(), {"VOXIMPLANT_CREDENTIALS": KEY_TEXT})
    assert by_text.label == "VOXIMPLANT_CREDENTIALS (key file JSON text)"
    assert by_text.load().key_id == "kid-7"
    assert "PRIVATE" not in repr(by_text) and "PRIVATE" not in repr(both)
    assert by_text.identity != by_path.identity != both.identity


def test_config_as_saved_by_the_last_up_is_said_so() -> None:
    saved = _settings(**{"voxbind:credentials": KEY_TEXT}).as_saved()
    source = s.credential_source(saved, {})
    assert source.label == ("stack config 'voxbind:credentials' as Pulumi gave it to this "
                            "command: for `pulumi refresh` and `pulumi destroy` without "
                            "--run-program, as of the last `pulumi up`")
    assert ("run `pulumi up` (or the command again with --run-program: `pulumi refresh "
            "--run-program`, `pulumi destroy --run-program`)") in source.fix
    with pytest.raises(s.MissingCredentialsError) as err:
        s.credential_source(_settings().as_saved(), {}).load()
    assert "as of the last `pulumi up`, which had no 'voxbind:credentials'" in str(err.value)
    assert "or the command again with --run-program" in str(err.value)


def test_missing_credentials_name_both_sources() -> None:
    with pytest.raises(s.MissingCredentialsError) as err:
        s.credential_source(_settings(), {"VOXIMPLANT_CREDENTIALS": "  "}).load()
    assert str(err.value) == (
        "no Voximplant credentials: set the stack config 'voxbind:credentials' (pulumi config "
        "set --secret voxbind:credentials < key.json) or the environment variable "
        "VOXIMPLANT_CREDENTIALS (the key file's path or its JSON text)")


@pytest.mark.parametrize("value", ["/home/ci/key.json", "key.json", "MIIEvgIBADANBgkqhkiG9w0"])
def test_a_path_in_config_is_refused_with_the_fix(value: str) -> None:
    source = s.credential_source(_settings(**{"voxbind:credentials": value}), {})
    with pytest.raises(s.SettingsError) as err:
        source.load()
    assert str(err.value) == (
        "stack config 'voxbind:credentials' must hold the key file's JSON text (it starts with "
        "'{'); it holds something else, perhaps a path (the value is not shown). Set it from "
        "the file: pulumi config set --secret voxbind:credentials < key.json")


def test_bad_json_in_config_names_the_key_and_the_field() -> None:
    text = json.dumps({**KEY, "account_id": "seven"})
    with pytest.raises(Exception) as err:
        s.credential_source(_settings(**{"voxbind:credentials": text}), {}).load()
    assert str(err.value) == ("stack config 'voxbind:credentials': field 'account_id' must be a "
                              "positive integer, got a string")


def _in_program(config: dict[str, str], secret_keys: list[str]) -> Any:
    """Construct a resource with the program's runtime config set as the CLI would."""
    def run() -> Any:
        runtime_config.set_all_config(config, secret_keys)
        return s.refuse_plaintext_credentials()
    return contextvars.copy_context().run(run)


def test_plaintext_credentials_are_refused_in_the_program(monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_SECRET_KEYS", raising=False)
    with pytest.raises(s.PlaintextCredentialsError) as err:
        _in_program({"voxbind:credentials": KEY_TEXT}, [])
    import pulumi
    assert isinstance(err.value, pulumi.RunError)  # the CLI shows it without a traceback
    assert str(err.value).startswith("the stack config 'voxbind:credentials' is stored in plain "
                                     "text")
    assert "pulumi config set --secret voxbind:credentials < key.json" in str(err.value)
    assert "PRIVATE" not in str(err.value)
    _in_program({"voxbind:credentials": KEY_TEXT}, ["voxbind:credentials"])  # a secret: fine
    _in_program({}, [])  # no config: nothing to refuse


def test_every_resource_constructor_refuses_plaintext(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_SECRET_KEYS", raising=False)

    def construct() -> None:
        runtime_config.set_all_config({"voxbind:credentials": KEY_TEXT}, [])
        ScenarioBinding("b", rule_id=1, scenario_ids=[2])

    with pytest.raises(s.PlaintextCredentialsError):
        contextvars.copy_context().run(construct)


@pytest.mark.parametrize("kind", ["ScenarioBinding", "Rule", "Application"])
def test_settings_errors_start_with_the_resource_kind(kind: str) -> None:
    with pytest.raises(ProviderError) as err, clear_errors(kind):
        s.check_settings(_settings(), {"VOXBIND_API_DEADLINE": "x"})
    assert str(err.value).startswith(f"{kind}: environment variable VOXBIND_API_DEADLINE ")
    with pytest.raises(ProviderError) as err, clear_errors(kind):
        raise ProviderError("something without the kind")
    assert str(err.value) == f"{kind}: something without the kind"


def test_a_config_source_that_knows_secrets_refuses_plaintext_at_check() -> None:
    """For a provider whose Configure sees Pulumi's secret markers (a provider plugin)."""
    config = {"voxbind:credentials": KEY_TEXT}
    plain = s.ProviderSettings.from_values(config.get, secret_keys=[])
    with pytest.raises(s.PlaintextCredentialsError, match="stored in plain text"):
        s.check_settings(plain, {})
    s.check_settings(s.ProviderSettings.from_values(config.get, ["voxbind:credentials"]), {})
    s.check_settings(s.ProviderSettings.from_values(config.get, None), {})  # cannot tell
    assert s.ProviderSettings.from_values({}.get, []).plaintext == frozenset()
