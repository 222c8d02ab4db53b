"""The pinned public surface other parts and external checks rely on."""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path

import pytest

from .apiserver import ApiServer, ok


def test_pinned_imports_and_call(server: ApiServer, key_file: Path) -> None:
    from pulumi_voxbind import Credentials, VoximplantClient, VoximplantError

    credentials = Credentials.from_file(key_file)
    client = VoximplantClient(credentials, endpoint=server.url)
    server.script(ok({"result": [], "total_count": 0}), ok({"error": {"code": 147, "msg": "x"}}))
    try:
        result = client.call("GetRules", application_id=1)
        assert isinstance(result, dict) and result == {"result": [], "total_count": 0}
        with pytest.raises(VoximplantError):
            client.call("GetRules", application_id=1)
    finally:
        client.close()


def test_exported_error_names() -> None:
    import pulumi_voxbind
    from pulumi_voxbind.api import errors

    for name in (
        "AuthError",
        "InvalidParameterError",
        "NotFoundError",
        "RateLimitedError",
        "TransientError",
        "TransportError",
        "VoximplantError",
    ):
        assert getattr(pulumi_voxbind, name) is getattr(errors, name)
    assert issubclass(pulumi_voxbind.CredentialsError, ValueError)


def test_contract_signatures() -> None:
    from pulumi_voxbind import VoximplantClient

    sig = inspect.signature(VoximplantClient)
    defaults = {n: p.default for n, p in sig.parameters.items()}
    assert list(sig.parameters)[:2] == ["credentials", "endpoint"]
    assert defaults["endpoint"] is None
    assert {
        k: defaults[k]
        for k in (
            "connect_timeout",
            "read_timeout",
            "max_attempts",
            "deadline",
            "backoff_base",
            "backoff_max",
        )
    } == {
        "connect_timeout": 5.0,
        "read_timeout": 30.0,
        "max_attempts": 6,
        "deadline": 60.0,
        "backoff_base": 0.25,
        "backoff_max": 8.0,
    }
    for method in (
        "call",
        "iterate",
        "find_application",
        "list_rules",
        "find_rule",
        "list_scenarios",
        "find_scenarios",
        "bind_scenarios",
        "reorder_scenarios",
        "close",
    ):
        assert callable(getattr(VoximplantClient, method))


def test_client_refuses_pickling(credentials: object, server: ApiServer) -> None:
    from pulumi_voxbind import VoximplantClient

    client = VoximplantClient(credentials, server.url)  # type: ignore[arg-type]
    with client, pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(client)
