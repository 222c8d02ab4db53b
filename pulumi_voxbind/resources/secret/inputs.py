"""Validation of Secret inputs (the provider's `check`): offline, every problem at once.

No message here (or anywhere in the provider) contains the secret value: only its type and
length are ever described.
"""

from __future__ import annotations

import re
from typing import Any

from pulumi_voxbind.resources.common import (
    Failure,
    check_adopt,
    check_application_ref,
    check_unknown_keys,
    is_unknown,
    shown,
)

KIND = "Secret"
INPUT_KEYS = ("application_id", "application_name", "secret_name", "secret_value",
              "description", "adopt")
# Docs (docs.voximplant.ai platform/voxengine/secrets); routing reference §10.2.
SECRET_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
MAX_VALUE = 8192
MAX_DESCRIPTION = 255  # UNCONFIRMED; the emulator enforces the same


def check_description(props: dict[str, Any], failures: list[Failure]) -> None:
    """An optional description: non-empty (the API cannot store '': it reads it as absent)."""
    value = props.get("description")
    if value is None or is_unknown(value):
        return
    if not isinstance(value, str) or not value.strip():
        failures.append(Failure("description", f"description must be a non-empty string, got "
                                               f"{shown(value)!r}; omit it to leave the "
                                               f"description as it is (the API cannot clear "
                                               f"one)"))
    elif len(value) > MAX_DESCRIPTION or any(ord(c) < 32 for c in value):
        failures.append(Failure("description", f"description is {len(value)} characters or "
                                               f"has control characters; keep it to one line "
                                               f"of at most {MAX_DESCRIPTION}"))


def check_inputs(news: dict[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """Validate a Secret's inputs; return them normalised and every failure found."""
    props = {k: v for k, v in news.items() if k in INPUT_KEYS and v is not None}
    failures = check_unknown_keys(news, INPUT_KEYS)
    check_application_ref(props, failures, required=True, what="secret")
    name = props.get("secret_name")
    if name is None:
        failures.append(Failure("secret_name", "secret_name is required: the name scenarios "
                                               "pass to VoxEngine.getSecretValue, e.g. "
                                               "'CRM_TOKEN'"))
    elif not is_unknown(name) and not (isinstance(name, str) and SECRET_NAME.fullmatch(name)):
        failures.append(Failure("secret_name", f"secret_name must start with a letter and hold "
                                               f"only letters, digits and '_' (at most 64), "
                                               f"e.g. 'CRM_TOKEN'; got {shown(name)!r}"))
    value = props.get("secret_value")
    if value is None:
        failures.append(Failure("secret_value", "secret_value is required: pass it from "
                                                "config, e.g. config.require_secret('crmToken')"))
    elif not is_unknown(value):
        if not isinstance(value, str) or not value:
            failures.append(Failure("secret_value", f"secret_value must be a non-empty string, "
                                                    f"got a {type(value).__name__} (the value "
                                                    f"is not shown)"))
        elif len(value) > MAX_VALUE:
            failures.append(Failure("secret_value", f"secret_value is {len(value)} characters; "
                                                    f"the API takes at most {MAX_VALUE} (the "
                                                    f"value is not shown)"))
    check_description(props, failures)
    check_adopt(props, failures)
    return props, failures


def declared(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs kept in state to compare and refresh: never the value (its digest is apart)."""
    return {k: v for k, v in inputs.items() if k not in ("secret_value", "value_digest")}


def import_props(resource_id: str) -> dict[str, Any]:
    """What `read` needs to import a secret: `<application_id>/<secret_name>`."""
    app, _, name = resource_id.strip().partition("/")
    if not (app.isascii() and app.isdigit() and int(app) > 0 and SECRET_NAME.fullmatch(name)):
        raise ValueError(f"import a Secret as <application_id>/<secret_name>, e.g. "
                         f"101/CRM_TOKEN; got {resource_id!r}")
    return {"application_id": int(app), "secret_name": name}
