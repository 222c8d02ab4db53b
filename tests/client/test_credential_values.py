"""VOXIMPLANT_CREDENTIALS holds a key file's path or its JSON text; errors never show content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind import Credentials
from pulumi_voxbind.api.credentials import CredentialsError, is_key_json_text

from .conftest import KEY_ID

ENV = "VOXIMPLANT_CREDENTIALS"


@pytest.mark.parametrize(("value", "text"), [
    ('{"a": 1}', True), ('  \n\t{"a"', True), ("/keys/key.json", False), ("key.json", False),
    ("", False), ("-----BEGIN PRIVATE KEY-----", False), ("[{}]", False)])
def test_text_is_recognised_by_its_first_non_blank_character(value: str, text: bool) -> None:
    assert is_key_json_text(value) is text


def test_json_text_and_path_load_the_same_key(key_data: dict[str, Any], key_file: Path) -> None:
    text = "\n  " + json.dumps(key_data, indent=2)
    from_text = Credentials.from_env({ENV: text})
    from_path = Credentials.from_env({ENV: f" {key_file} "})
    assert from_text.key_id == from_path.key_id == KEY_ID
    nested = Credentials.from_env({ENV: json.dumps({"result": key_data})})
    assert nested.key_id == KEY_ID


def test_bad_json_text_names_the_variable_and_the_position(key_data: dict[str, Any]) -> None:
    text = json.dumps(key_data)[:-1]  # the key file's text, cut short
    with pytest.raises(CredentialsError) as err:
        Credentials.from_env({ENV: text})
    message = str(err.value)
    assert message.startswith(f"{ENV} (key file JSON text): invalid JSON at line 1 column ")
    assert "PRIVATE KEY" not in message and key_data["account_email"] not in message


def test_a_missing_field_is_named(key_data: dict[str, Any]) -> None:
    del key_data["key_id"]
    with pytest.raises(CredentialsError, match=rf"^{ENV} \(key file JSON text\): missing field "
                                               r"'key_id'$"):
        Credentials.from_env({ENV: json.dumps(key_data)})


@pytest.mark.parametrize("value", [
    "/no/such/key.json",
    "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7\n",
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7",
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJl",
])
def test_a_value_that_is_neither_a_file_nor_json_is_not_shown(value: str) -> None:
    with pytest.raises(CredentialsError) as err:
        Credentials.from_env({ENV: value})
    message = str(err.value)
    assert message.startswith(f"{ENV} is neither the path of an existing key file nor the key "
                              "file's JSON text")
    assert value.strip() not in message and "MIIE" not in message and "eyJ" not in message
    assert f'{ENV}="$(cat key.json)"' in message


def test_an_existing_file_is_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text("not json at all")
    with pytest.raises(CredentialsError) as err:
        Credentials.from_env({ENV: str(path)})
    assert str(err.value).startswith(f"{ENV}={path}: invalid JSON at line 1 column 1")
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(CredentialsError, match=rf"^{ENV}={path} is not UTF-8 text$"):
        Credentials.from_env({ENV: str(path)})
