"""Service-account key files: load, validate and hold the RSA key without leaking it.

A key file is the JSON the Voximplant control panel downloads (fields at the top level) or the
raw CreateKey response (the same fields nested under "result"). Only the parsed key object is
kept; the PEM text is dropped as soon as it is loaded. Error messages name the problem and the
field, never the key material.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

__all__ = ["CREDENTIALS_ENV", "Credentials", "CredentialsError", "is_key_json_text"]

CREDENTIALS_ENV = "VOXIMPLANT_CREDENTIALS"
_FIELDS = ("account_email", "account_id", "key_id", "private_key")


class CredentialsError(ValueError):
    """A key file is missing, malformed or holds an unusable key."""


def is_key_json_text(value: str) -> bool:
    """Whether a credentials setting holds the key file's JSON text rather than a path.

    Recognised by its first non-blank character, `{`: no key file path starts with one, and
    every key file (an object) does.
    """
    return value.lstrip()[:1] == "{"


class Credentials:
    """A Voximplant service-account key: account id and email, key id and the RSA private key."""

    __slots__ = ("_private_key", "account_email", "account_id", "key_id")

    account_email: str
    account_id: int
    key_id: str
    _private_key: RSAPrivateKey

    def __init__(
        self, *, account_id: int, account_email: str, key_id: str, private_key: RSAPrivateKey
    ) -> None:
        if isinstance(account_id, bool) or not isinstance(account_id, int) or account_id <= 0:
            raise CredentialsError("account_id must be a positive integer")
        if not isinstance(private_key, RSAPrivateKey):
            raise CredentialsError("private_key must be an RSA private key object")
        self.account_id = account_id
        self.account_email = account_email
        self.key_id = key_id
        self._private_key = private_key

    @property
    def private_key(self) -> RSAPrivateKey:
        """The RSA key that signs API tokens (an object, never PEM text)."""
        return self._private_key

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, source: str | None = None) -> Credentials:
        """Load a key file; errors name the path (or `source`) but never show its content."""
        where = source or f"credentials file {os.fspath(path)!s}"
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CredentialsError(f"{where} is not UTF-8 text") from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise CredentialsError(f"cannot read {where}: {reason}") from None
        return cls.from_json(text, source=where)

    @classmethod
    def from_text_or_path(cls, value: str, *, setting: str) -> Credentials:
        """Load from a setting that holds either the key file's JSON text or its path.

        `setting` names where the value came from (an environment variable, a config key).
        Messages show the path only when a file exists there: a value that is neither JSON
        text nor an existing file may be key material pasted in some other form, so it is
        described, never shown.
        """
        if is_key_json_text(value):
            return cls.from_json(value, source=f"{setting} (key file JSON text)")
        path = value.strip()
        try:
            exists = bool(path) and "\0" not in path and Path(path).is_file()
        except (OSError, ValueError):
            exists = False
        if not exists:
            raise CredentialsError(
                f"{setting} is neither the path of an existing key file nor the key file's "
                f"JSON text (which starts with '{{'); the value is not shown, as it may hold "
                f"key material. Set it to the path of the service-account key file, e.g. "
                f"{setting}=$HOME/voximplant/key.json, or to the file's content, e.g. "
                f'{setting}="$(cat key.json)"')
        return cls.from_file(path, source=f"{setting}={path}")

    @classmethod
    def from_json(cls, text: str | bytes, *, source: str = "credentials JSON") -> Credentials:
        """Parse key-file JSON text (top-level fields or nested under "result")."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            # exc.msg is the parser's complaint only ("Expecting value"), never the input.
            raise CredentialsError(
                f"{source}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None
        except UnicodeDecodeError:
            raise CredentialsError(f"{source}: not UTF-8 text") from None
        return cls.from_mapping(data, source=source)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        """Load the key named by env VOXIMPLANT_CREDENTIALS: a key file's path or its JSON text."""
        env = os.environ if environ is None else environ
        value = env.get(CREDENTIALS_ENV, "")
        if not value.strip():
            raise CredentialsError(
                f"environment variable {CREDENTIALS_ENV} is not set; "
                "set it to the path of a Voximplant service-account key file or to its JSON text"
            )
        return cls.from_text_or_path(value, setting=CREDENTIALS_ENV)

    @classmethod
    def from_mapping(cls, data: Any, *, source: str = "credentials") -> Credentials:
        """Validate an already-parsed key-file object and load its private key."""
        if not isinstance(data, dict):
            _fail(source, f"expected a JSON object, got {_json_type(data)}")
        if "result" in data and not any(field in data for field in _FIELDS):
            data = data["result"]  # the raw CreateKey response shape
            if not isinstance(data, dict):
                _fail(source, f'"result" must be a JSON object, got {_json_type(data)}')
        for field in _FIELDS:
            if field not in data:
                _fail(source, f"missing field {field!r}")
        account_id = data["account_id"]
        if isinstance(account_id, bool) or not isinstance(account_id, int) or account_id <= 0:
            _fail(source, f"field 'account_id' must be a positive integer, got {_kind(account_id)}")
        for field in ("account_email", "key_id", "private_key"):
            value = data[field]
            if not isinstance(value, str):
                _fail(source, f"field {field!r} must be a string, got {_json_type(value)}")
            if not value.strip():
                _fail(source, f"field {field!r} is empty")
        return cls(
            account_id=account_id,
            account_email=data["account_email"],
            key_id=data["key_id"],
            private_key=_load_private_key(data["private_key"], source),
        )

    def __repr__(self) -> str:
        return f"Credentials(account_id={self.account_id}, key_id={self.key_id!r})"

    __str__ = __repr__

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        """Refuse pickling (and copying) so key material cannot reach Pulumi state or a cache."""
        raise TypeError(
            "Credentials cannot be pickled or copied: they hold a private key; "
            "load them again in each process with Credentials.from_file/from_env"
        )

    def __getstate__(self) -> NoReturn:
        self.__reduce_ex__(2)


def _load_private_key(pem: str, source: str) -> RSAPrivateKey:
    """Parse PEM text into an RSA key object; messages describe the defect, not the key."""
    problem = None
    try:
        key = load_pem_private_key(pem.encode("utf-8"), password=None)
    except TypeError:
        # cryptography raises TypeError when the key needs a password we did not give.
        problem = "field 'private_key' is encrypted; a key without a passphrase is required"
    except (ValueError, UnsupportedAlgorithm):
        problem = "field 'private_key' is not a readable PEM private key"
    if problem is not None:
        _fail(source, problem)  # outside `except`: no chained parser error in tracebacks
    if not isinstance(key, RSAPrivateKey):
        kind = type(key).__name__.lstrip("_").replace("PrivateKey", "") or "unknown"
        _fail(source, f"field 'private_key' is not an RSA key (it is {kind})")
    return key


def _fail(source: str, problem: str) -> NoReturn:
    raise CredentialsError(f"{source}: {problem}")


def _json_type(value: Any) -> str:
    """Name a JSON value's type without showing the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _kind(value: Any) -> str:
    """Describe a bad account_id (numbers are safe to show; strings only by type)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return _json_type(value)
