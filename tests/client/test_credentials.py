"""Loading service-account key files: both shapes, every defect, and no leaks."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from pulumi_voxbind import Credentials, CredentialsError

from .conftest import ACCOUNT_ID, EMAIL, KEY_ID

PEM_MARKER = "PRIVATE KEY-----"


def _pem_body(pem: str) -> str:
    """A line from the middle of the key: must never appear in messages."""
    return pem.splitlines()[3]


def test_loads_top_level_shape(key_file: Path) -> None:
    creds = Credentials.from_file(key_file)
    assert (creds.account_id, creds.account_email, creds.key_id) == (ACCOUNT_ID, EMAIL, KEY_ID)
    assert isinstance(creds.private_key, rsa.RSAPrivateKey)


def test_loads_create_key_result_shape(tmp_path: Path, key_data: dict[str, Any]) -> None:
    path = tmp_path / "k.json"
    path.write_text(json.dumps({"result": key_data}))
    assert Credentials.from_file(str(path)).key_id == KEY_ID


def test_from_json_accepts_bytes(key_data: dict[str, Any]) -> None:
    assert Credentials.from_json(json.dumps(key_data).encode()).account_id == ACCOUNT_ID


def test_from_env_reads_the_named_file(key_file: Path) -> None:
    creds = Credentials.from_env({"VOXIMPLANT_CREDENTIALS": str(key_file)})
    assert creds.account_id == ACCOUNT_ID


def test_from_env_uses_os_environ(key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOXIMPLANT_CREDENTIALS", str(key_file))
    assert Credentials.from_env().key_id == KEY_ID


@pytest.mark.parametrize("environ", [{}, {"VOXIMPLANT_CREDENTIALS": "  "}])
def test_from_env_unset_names_the_variable(environ: dict[str, str]) -> None:
    with pytest.raises(CredentialsError, match="VOXIMPLANT_CREDENTIALS is not set"):
        Credentials.from_env(environ)


def test_credentials_error_is_a_value_error() -> None:
    assert issubclass(CredentialsError, ValueError)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(CredentialsError, match=r"cannot read credentials file .*nope\.json"):
        Credentials.from_file(path)


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="cannot read credentials file"):
        Credentials.from_file(tmp_path)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_bytes(b'{"account_id": "\xff\xfe"}')
    with pytest.raises(CredentialsError, match="not UTF-8"):
        Credentials.from_file(path)


def test_bad_json_says_where_and_does_not_echo(tmp_path: Path, pem: str) -> None:
    body = _pem_body(pem)
    path = tmp_path / "k.json"
    path.write_text('{\n  "private_key": "' + body + '",\n  oops\n}')
    with pytest.raises(CredentialsError) as info:
        Credentials.from_file(path)
    message = str(info.value)
    assert "invalid JSON at line 3 column 3" in message
    assert str(path) in message
    assert body not in message and "oops" not in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize("text", ["[]", '"x"', "42", "null"])
def test_not_an_object(text: str) -> None:
    with pytest.raises(CredentialsError, match="expected a JSON object"):
        Credentials.from_json(text)


def test_result_not_an_object() -> None:
    with pytest.raises(CredentialsError, match='"result" must be a JSON object'):
        Credentials.from_json('{"result": [1]}')


@pytest.mark.parametrize("field", ["account_email", "account_id", "key_id", "private_key"])
def test_missing_field_is_named(key_data: dict[str, Any], field: str) -> None:
    del key_data[field]
    with pytest.raises(CredentialsError, match=f"missing field '{field}'"):
        Credentials.from_json(json.dumps(key_data))


@pytest.mark.parametrize("field", ["account_email", "key_id", "private_key"])
@pytest.mark.parametrize("value", ["", "   "])
def test_empty_field_is_named(key_data: dict[str, Any], field: str, value: str) -> None:
    key_data[field] = value
    with pytest.raises(CredentialsError, match=f"field '{field}' is empty"):
        Credentials.from_json(json.dumps(key_data))


@pytest.mark.parametrize("field", ["account_email", "key_id", "private_key"])
def test_non_string_field(key_data: dict[str, Any], field: str) -> None:
    key_data[field] = 12
    with pytest.raises(CredentialsError, match=f"field '{field}' must be a string, got a number"):
        Credentials.from_json(json.dumps(key_data))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("4242", "a string"),
        (True, "a boolean"),
        (4242.5, "4242.5"),
        (-1, "-1"),
        (0, "0"),
        (None, "null"),
    ],
)
def test_account_id_must_be_a_positive_integer(
    key_data: dict[str, Any], value: Any, shown: str
) -> None:
    key_data["account_id"] = value
    with pytest.raises(CredentialsError) as info:
        Credentials.from_json(json.dumps(key_data))
    assert str(info.value) == (
        f"credentials JSON: field 'account_id' must be a positive integer, got {shown}"
    )


def test_unparseable_key_is_not_echoed(key_data: dict[str, Any], pem: str) -> None:
    broken = pem.replace(_pem_body(pem), "A" * 64)
    key_data["private_key"] = broken
    with pytest.raises(CredentialsError) as info:
        Credentials.from_json(json.dumps(key_data))
    assert "not a readable PEM private key" in str(info.value)
    assert "AAAA" not in str(info.value) and PEM_MARKER not in str(info.value)
    assert info.value.__context__ is None


def test_garbage_key(key_data: dict[str, Any]) -> None:
    key_data["private_key"] = "hunter2-not-a-key"
    with pytest.raises(CredentialsError, match="not a readable PEM private key") as info:
        Credentials.from_json(json.dumps(key_data))
    assert "hunter2" not in str(info.value)


def test_non_rsa_key(key_data: dict[str, Any]) -> None:
    ec_pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    key_data["private_key"] = ec_pem
    with pytest.raises(CredentialsError, match="is not an RSA key") as info:
        Credentials.from_json(json.dumps(key_data))
    assert _pem_body(ec_pem) not in str(info.value)


def test_encrypted_key(key_data: dict[str, Any], rsa_key: rsa.RSAPrivateKey) -> None:
    encrypted = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret-pass"),
    ).decode()
    key_data["private_key"] = encrypted
    with pytest.raises(CredentialsError, match="'private_key' is encrypted") as info:
        Credentials.from_json(json.dumps(key_data))
    assert _pem_body(encrypted) not in str(info.value)


def test_traditional_rsa_pem_is_accepted(
    key_data: dict[str, Any], rsa_key: rsa.RSAPrivateKey
) -> None:
    key_data["private_key"] = rsa_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    assert Credentials.from_json(json.dumps(key_data)).account_id == ACCOUNT_ID


def test_repr_and_str_show_ids_only(credentials: Credentials, pem: str) -> None:
    expected = f"Credentials(account_id={ACCOUNT_ID}, key_id='{KEY_ID}')"
    assert repr(credentials) == expected
    assert str(credentials) == expected
    assert EMAIL not in repr(credentials)


def test_pem_text_is_not_kept(credentials: Credentials, pem: str) -> None:
    held = [getattr(credentials, slot) for slot in Credentials.__slots__]
    assert not any(isinstance(v, str) and PEM_MARKER in v for v in held)
    assert not hasattr(credentials, "__dict__")


@pytest.mark.parametrize(
    "dump", [pickle.dumps, copy.copy, copy.deepcopy], ids=["pickle", "copy", "deepcopy"]
)
def test_refuses_pickling_and_copying(credentials: Credentials, dump: Any) -> None:
    with pytest.raises(TypeError, match="Credentials cannot be pickled"):
        dump(credentials)


def test_constructor_rejects_non_rsa_object() -> None:
    with pytest.raises(CredentialsError, match="RSA private key object"):
        Credentials(account_id=1, account_email="a", key_id="k", private_key="pem")  # type: ignore[arg-type]
