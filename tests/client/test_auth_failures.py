"""A refused key: the message names the key (id, account, source), the cause and the fix, and
the client's later calls are not sent (like a dead endpoint, found once per client)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.api.errors import AuthError

from .apiserver import ApiServer, api_error, ok
from .conftest import ACCOUNT_ID, KEY_ID

MakeClient = Callable[..., VoximplantClient]


def _fail(client: VoximplantClient, method: str = "GetRules") -> AuthError:
    with pytest.raises(AuthError) as info:
        client.call(method, application_id=1)
    return info.value


@pytest.mark.parametrize(("code", "cause"), [
    (100, "revoked or deleted, belong to another account"),
    (433, "knows no key with this id"),
    (447, "pulumi-voxbind bug"),
    (454, "lifetime was over the API's limit"),
    (455, "clock is ahead"),
    (456, "clock is behind"),
])
def test_definite_refusal_is_found_once(server: ApiServer, make_client: MakeClient,
                                        code: int, cause: str) -> None:
    server.handler = lambda rec: api_error(code, "Refused")
    client = make_client(credentials_source="VOXIMPLANT_CREDENTIALS=/keys/ci.json",
                         auth_fix="set VOXIMPLANT_CREDENTIALS to a valid key file")
    first = _fail(client)
    text = str(first)
    assert text.startswith(f"GetRules failed: API error {code}: Refused. ")
    assert f"key '{KEY_ID}' of account {ACCOUNT_ID}" in text
    assert "(from VOXIMPLANT_CREDENTIALS=/keys/ci.json)" in text and cause in text
    assert text.endswith("Fix: set VOXIMPLANT_CREDENTIALS to a valid key file")
    sent = len(server.requests)
    assert sent == (2 if code in (100, 455, 456) else 1)  # one retry with a fresh token

    for method in ("GetRules", "BindScenario", "GetApplications"):
        later = _fail(client, method)
        assert later.code == code and later.method == method
        assert str(later).startswith(f"{method} failed: API error {code}: not sent: the key "
                                     f"'{KEY_ID}' of account {ACCOUNT_ID} (from "
                                     "VOXIMPLANT_CREDENTIALS=/keys/ci.json) was refused earlier")
        assert "GetRules got API error" in str(later) and "Fix: " in str(later)
    assert len(server.requests) == sent, "no call is sent once the key is known refused"


def test_a_method_the_role_may_not_call_is_not_remembered(server: ApiServer,
                                                          make_client: MakeClient) -> None:
    server.script(api_error(104, "Forbidden"), ok({"result": []}))
    client = make_client()
    error = _fail(client, "BindScenario")
    assert "role may not call this method" in str(error)
    assert client.call("GetRules", application_id=1) == {"result": []}
    assert len(server.requests) == 2


def test_a_100_from_a_write_may_be_the_role_and_is_not_remembered(
        server: ApiServer, make_client: MakeClient) -> None:
    """Which code a key without the role gets (DelApplication needs Owner) is UNCONFIRMED; a
    100 there must not stop the run's other calls, which the key may well be allowed."""
    server.script(api_error(100, "Authorization failed"), api_error(100, "Authorization failed"),
                  ok({"result": []}))
    client = make_client()
    error = _fail(client, "DelApplication")
    assert "role may not call DelApplication" in str(error) and "needs Owner" in str(error)
    assert client.call("GetRules", application_id=1) == {"result": []}
    assert len(server.requests) == 3  # the refused call and its one retry, then the read


def test_a_new_client_with_a_new_key_is_not_held_back(server: ApiServer, make_client: MakeClient,
                                                      key_data: dict[str, Any],
                                                      tmp_path: Path) -> None:
    server.script(api_error(433, "Invalid key id."))
    _fail(make_client())
    server.script(ok({"result": []}))
    path = tmp_path / "new.json"
    path.write_text(json.dumps({**key_data, "key_id": "rotated"}))
    with VoximplantClient(Credentials.from_file(path), server.url) as rotated:
        assert rotated.call("GetRules", application_id=1) == {"result": []}
    assert server.requests[-1].token != server.requests[0].token


def test_refusal_messages_hold_no_key_material(server: ApiServer, make_client: MakeClient,
                                               pem: str) -> None:
    server.handler = lambda rec: api_error(100, "Authorization failed")
    client = make_client(credentials_source="stack config 'voxbind:credentials'")
    texts = [str(_fail(client)), repr(_fail(client)), str(_fail(client, "AddRule"))]
    token = server.requests[0].token
    for text in texts:
        assert "PRIVATE KEY" not in text and token not in text
        assert not any(line in text for line in pem.splitlines()[1:-1])
