"""Validation of Scenario inputs and loading of its script (the provider's `check`).

The script comes from `scenario_script` (text in the program) or `scenario_script_file` (a
path relative to the program's working directory, the Pulumi project directory). The program
process resolves that path (resource.py passes it on as `scenario_script_path`, absolute), and
the provider process reads the file in `check` (to validate it and hash it) and again in
create/update (to upload it). State keeps the path and `script_sha256`, never a file's text.
The text is uploaded exactly as its bytes decode from UTF-8; `script_sha256` is the lowercase
hex SHA-256 of those bytes.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_adopt,
    check_application_ref,
    check_name,
    check_unknown_keys,
    is_unknown,
    shown,
)

KIND = "Scenario"
INPUT_KEYS = ("scenario_name", "scenario_script", "scenario_script_file", "scenario_script_path",
              "application_id", "application_name", "adopt")
SCENARIO_NAME_MAX = 29  # "less than 30 characters"
MAX_SCRIPT_BYTES = 128 * 1024 - 1  # "less than 128 KB"; the API answers 130 above it


class ScriptError(ValueError):
    """The script cannot be uploaded; the message names the input, the file and the fix."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Script:
    """A script as it will be uploaded."""

    text: str
    sha256: str


def script_file_path(props: dict[str, Any]) -> Path:
    """Where the file is: the program's absolute path, else relative to this process's cwd."""
    resolved = props.get("scenario_script_path")
    if isinstance(resolved, str) and resolved:
        return Path(resolved)
    return Path(os.getcwd(), props["scenario_script_file"])


def _from_bytes(key: str, data: bytes, where: str) -> Script:
    if not data:
        raise ScriptError(key, f"{where} is empty; a scenario needs its code (the API treats "
                               f"an empty script as no change)")
    if len(data) > MAX_SCRIPT_BYTES:
        raise ScriptError(key, f"{where} is {len(data)} bytes; the API takes scripts under "
                               f"128 KB ({MAX_SCRIPT_BYTES + 1} bytes): split it or minify it")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScriptError(key, f"{where} is not UTF-8 text (byte {exc.start}); save it as "
                               f"UTF-8") from None
    return Script(text, hashlib.sha256(data).hexdigest())


def load_script(props: dict[str, Any]) -> Script:
    """The script the inputs name, read now; ScriptError says what is wrong with it."""
    inline = props.get("scenario_script")
    if inline is not None:
        return _from_bytes("scenario_script", inline.encode("utf-8"), "scenario_script")
    written = props["scenario_script_file"]
    path = script_file_path(props)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ScriptError("scenario_script_file", (
            f"scenario_script_file {written!r}: cannot read {str(path)!r} ({reason}); the "
            f"path is relative to the program's working directory (the Pulumi project "
            f"directory)")) from None
    return _from_bytes("scenario_script_file", data, f"scenario_script_file {written!r}")


def _check_source(props: dict[str, Any], failures: list[Failure]) -> None:
    inline, file = props.get("scenario_script"), props.get("scenario_script_file")
    if (inline is None) == (file is None):
        what = "both are set" if inline is not None else "neither is set"
        failures.append(Failure("scenario_script", f"set exactly one of scenario_script (the "
                                                   f"code as text) and scenario_script_file (a "
                                                   f"path); {what}"))
        return
    key = "scenario_script" if inline is not None else "scenario_script_file"
    value = props[key]
    path = props.get("scenario_script_path")
    if is_unknown(value) or is_unknown(path):
        return
    if not isinstance(value, str) or (key == "scenario_script_file" and not value):
        failures.append(Failure(key, f"{key} must be a string, got {shown(value)!r}"))
        return
    try:
        props["script_sha256"] = load_script(props).sha256
    except ScriptError as exc:
        failures.append(Failure(exc.key, str(exc)))


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a Scenario's inputs, read and hash its script; return every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    check_name(props, "scenario_name", SCENARIO_NAME_MAX, failures)
    check_application_ref(props, failures, required=False, what="scenario")
    _check_source(props, failures)
    check_adopt(props, failures)
    return props, failures


def declared(props: dict[str, Any]) -> dict[str, Any]:
    """The inputs worth keeping in outputs: no script text, no machine-specific path, no hash."""
    return {k: v for k, v in props.items()
            if k not in ("scenario_script", "scenario_script_path", "script_sha256")}
