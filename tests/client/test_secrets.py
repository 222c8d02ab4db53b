"""Tokens and key material never reach repr/str, exception text, tracebacks or logs."""

from __future__ import annotations

import json
import logging
import socket
import traceback
from collections.abc import Callable
from typing import Any

import pytest

from pulumi_voxbind import Credentials, CredentialsError, VoximplantClient, VoximplantError

from .apiserver import ApiServer, Recorded, Reply, api_error, ok

MakeClient = Callable[..., VoximplantClient]


def _echo_auth(status: int, as_json: bool) -> Callable[[Recorded], Reply]:
    """A misbehaving server that echoes our Authorization header back."""

    def handle(rec: Recorded) -> Reply:
        header = rec.headers["authorization"]
        if as_json:
            return Reply(status, {"error": {"code": 101, "msg": f"bad header {header}"}})
        return Reply(status, f"<html>{header}</html>".encode(), {"Content-Type": "text/html"})

    return handle


def _refused_endpoint() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/platform_api"


SCENARIOS: list[tuple[str, Any]] = [
    ("api-permanent", [api_error(147, "The 'rule_id' parameter is invalid")]),
    ("api-auth-twice", [api_error(100, "Authorization failed")] * 2),
    ("api-transient-exhausted", [api_error(2, "Internal error")] * 3),
    ("api-echoes-token", _echo_auth(200, as_json=True)),
    ("http-503-echoes-token", _echo_auth(503, as_json=False)),
    ("http-200-html-echoes-token", _echo_auth(200, as_json=False)),
    ("http-401-json-echoes-token", _echo_auth(401, as_json=True)),
    ("http-429", [Reply(429, b"Bearer x", {"Retry-After": "1"})] * 3),
    ("reset", [Reply(action="reset")] * 3),
    ("closed", [Reply(action="close")] * 3),
    ("hang", [Reply(action="hang")] * 3),
    ("refused", "refused"),
]


def _secrets(pem: str, server: ApiServer) -> list[str]:
    lines = [line for line in pem.splitlines() if line and "-----" not in line]
    tokens = [r.token for r in server.requests if "authorization" in r.headers]
    return [*lines, *tokens, "PRIVATE KEY", "Bearer ey"]


def _all_text(exc: BaseException) -> str:
    return "\n".join([str(exc), repr(exc), *traceback.format_exception(exc)])


@pytest.mark.parametrize(("name", "script"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_no_secret_in_errors_or_logs(
    server: ApiServer,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    pem: str,
    name: str,
    script: Any,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, requests, urllib3
    kwargs: dict[str, Any] = {"max_attempts": 3, "read_timeout": 0.3, "deadline": 2.0}
    if script == "refused":
        kwargs["endpoint"] = _refused_endpoint()
    elif callable(script):
        server.handler = script
    else:
        server.script(*script)
    client = make_client(**kwargs)
    # Make sure a token exists to look for even when nothing reaches the server.
    tokens = [client._auth.token()]
    with pytest.raises(VoximplantError) as info:
        client.call("BindScenario", scenario_id=[1, 2], rule_id=3)
    text = _all_text(info.value) + "\n" + caplog.text + repr(client)
    text += "\n".join(str(r.args) for r in caplog.records)
    for secret in [*_secrets(pem, server), *tokens]:
        assert secret not in text, f"{name}: secret leaked"
    assert "BindScenario failed" in str(info.value)


def test_success_logs_no_secret(
    server: ApiServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture, pem: str
) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(ok({"result": 1}))
    client = make_client()
    client.call("BindScenario", scenario_id=[1], rule_id=3)
    assert caplog.records, "expected debug lines to check"
    for secret in _secrets(pem, server):
        assert secret not in caplog.text
    assert "scenario_id" not in caplog.text  # params are not logged either


def test_echoed_token_is_redacted(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = _echo_auth(200, as_json=True)
    with pytest.raises(VoximplantError) as info:
        make_client().call("GetRules", application_id=1)
    assert info.value.msg == "bad header Bearer <redacted>"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d, p: d.update(private_key=p.replace(p.splitlines()[2], "A" * 64)),
        lambda d, p: d.update(private_key=p[: len(p) // 2]),
        lambda d, p: d.update(private_key=p.replace("PRIVATE KEY", "PUBLIC KEY")),
        lambda d, p: d.pop("key_id"),
        lambda d, p: d.update(account_id="x"),
    ],
    ids=["corrupt", "truncated", "wrong-label", "missing-field", "bad-id"],
)
def test_credentials_errors_never_show_key(
    key_data: dict[str, Any], pem: str, mutate: Callable[[dict[str, Any], str], Any]
) -> None:
    mutate(key_data, pem)
    with pytest.raises(CredentialsError) as info:
        Credentials.from_json(json.dumps(key_data))
    text = _all_text(info.value)
    for line in pem.splitlines()[1:-1]:
        assert line not in text


def test_repr_of_credentials_and_client(
    credentials: Credentials, make_client: MakeClient, pem: str
) -> None:
    client = make_client()
    for text in (repr(credentials), str(credentials), repr(client), str(client)):
        assert "PRIVATE" not in text and pem.splitlines()[1] not in text
        assert "RSAPrivateKey" not in text
