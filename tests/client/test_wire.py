"""What goes on the wire: URL, form body bytes, headers, the JWT, connection reuse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.api.auth import JWTAuth
from pulumi_voxbind.api.transport import (
    DEFAULT_ENDPOINT,
    encode_params,
    resolve_endpoint,
    validate_method,
)

from .apiserver import ApiServer, ok
from .conftest import ACCOUNT_ID, KEY_ID
from .test_auth import NOW, Clock

MakeClient = Callable[..., VoximplantClient]


def test_bind_scenario_exact_request(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1}))
    client = make_client()
    assert client.call(
        "BindScenario", scenario_id=[11, 22, 33], rule_id=45, application_id=7, bind=False
    ) == {"result": 1}
    (req,) = server.requests
    assert req.path == "/platform_api/BindScenario"
    assert req.body == b"scenario_id=11%3B22%3B33&rule_id=45&application_id=7&bind=false"
    assert req.headers["content-type"] == "application/x-www-form-urlencoded"
    assert req.headers["accept"] == "application/json"
    assert req.headers["user-agent"].startswith("pulumi-voxbind/")
    assert req.headers["authorization"].startswith("Bearer ")
    assert "cookie" not in req.headers


def test_names_and_none_encoding(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": 1}))
    make_client().call(
        "BindScenario",
        scenario_name=["a b", "é&x"],
        rule_name="r/1",
        application_name="app.acc.voximplant.com",
        application_id=None,
        bind=True,
    )
    assert server.requests[0].body == (
        b"scenario_name=a+b%3B%C3%A9%26x&rule_name=r%2F1"
        b"&application_name=app.acc.voximplant.com&bind=true"
    )


def test_jwt_on_the_wire_verifies(
    server: ApiServer, make_client: MakeClient, rsa_key: rsa.RSAPrivateKey
) -> None:
    server.script(ok({"result": []}))
    make_client().call("GetRules", application_id=1)
    token = server.requests[0].token
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT", "kid": KEY_ID}
    claims = jwt.decode(token, rsa_key.public_key(), algorithms=["RS256"], issuer=str(ACCOUNT_ID))
    assert set(claims) == {"iss", "iat", "exp"}
    assert claims["iss"] == str(ACCOUNT_ID)
    assert claims["exp"] - claims["iat"] <= 3600
    assert claims["iat"] < claims["exp"]


def test_iat_is_backdated(
    server: ApiServer, credentials: Credentials, make_client: MakeClient
) -> None:
    server.script(ok({"result": []}))
    make_client(auth=JWTAuth(credentials, clock=Clock())).call("GetRules", application_id=1)
    claims = jwt.decode(server.requests[0].token, options={"verify_signature": False})
    assert claims == {"iss": str(ACCOUNT_ID), "iat": NOW - 5, "exp": NOW + 295}


def test_token_reused_across_calls_then_reminted(
    server: ApiServer, credentials: Credentials, make_client: MakeClient
) -> None:
    clock = Clock()
    client = make_client(auth=JWTAuth(credentials, clock=clock))
    server.script(*[ok({"result": []})] * 5)
    client.call("GetRules", application_id=1)
    clock.now += 200
    client.call("GetRules", application_id=1)
    clock.now += 64  # NOW + 264: 31 s before exp (NOW + 295), still reused
    client.call("GetRules", application_id=1)
    clock.now += 1  # 30 s before exp: re-mint
    client.call("GetRules", application_id=1)
    client.call("GetRules", application_id=1)
    tokens = [r.token for r in server.requests]
    assert tokens[0] == tokens[1] == tokens[2]
    assert tokens[3] != tokens[2] and tokens[3] == tokens[4]
    assert jwt.decode(tokens[3], options={"verify_signature": False})["iat"] == NOW + 265 - 5


def test_token_lifetime_argument(server: ApiServer, make_client: MakeClient) -> None:
    server.script(ok({"result": []}))
    make_client(token_lifetime=60).call("GetRules", application_id=1)
    claims = jwt.decode(server.requests[0].token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 60


def test_connection_is_pooled(server: ApiServer, make_client: MakeClient) -> None:
    client = make_client()
    server.script(*[ok({"result": []})] * 3)
    for _ in range(3):
        client.call("GetRules", application_id=1)
    assert len({r.client_port for r in server.requests}) == 1


def test_threads_share_client(server: ApiServer, make_client: MakeClient) -> None:
    import threading

    client = make_client()
    server.handler = lambda rec: ok({"result": [], "n": rec.form.get("rule_id")})
    results: list[dict[str, Any]] = []

    def work(i: int) -> None:
        for j in range(5):
            results.append(client.call("GetRules", application_id=1, rule_id=i * 10 + j + 1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(int(r["n"]) for r in results) == sorted(
        i * 10 + j + 1 for i in range(4) for j in range(5)
    )
    assert len({r.token for r in server.requests}) == 1


def test_endpoint_from_env(
    server: ApiServer, credentials: Credentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOXIMPLANT_API_URL", server.url + "/")
    server.script(ok({"result": 1}))
    with VoximplantClient(credentials) as client:
        assert client.endpoint == server.url
        client.call("ReorderScenarios", rule_id=1, scenario_id=[2])
    assert server.requests[0].path == "/platform_api/ReorderScenarios"


def test_endpoint_argument_beats_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOXIMPLANT_API_URL", "https://env.example/platform_api")
    assert resolve_endpoint("http://arg.example/api//") == "http://arg.example/api"


def test_default_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOXIMPLANT_API_URL", raising=False)
    assert resolve_endpoint() == DEFAULT_ENDPOINT == "https://api.voximplant.com/platform_api"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://x/platform_api", "http"),
        ("api.voximplant.com/platform_api", "http"),
        ("https://", "http"),
        ("https://user:pw@x/platform_api", "user name or password"),
        ("https://x/platform_api?cmd=1", "query"),
    ],
)
def test_bad_endpoint_rejected(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        resolve_endpoint(url)


def test_bad_env_endpoint_names_variable() -> None:
    with pytest.raises(ValueError, match="VOXIMPLANT_API_URL"):
        resolve_endpoint(None, {"VOXIMPLANT_API_URL": "nonsense"})


@pytest.mark.parametrize("method", ["getRules", "../GetRules", "Get Rules", "", "GetRules/x"])
def test_bad_method_name(method: str) -> None:
    with pytest.raises(ValueError, match="invalid API method name"):
        validate_method(method)


def test_bad_method_sends_nothing(server: ApiServer, make_client: MakeClient) -> None:
    with pytest.raises(ValueError):
        make_client().call("../admin")
    assert server.requests == []


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ({"a": 1, "b": "x", "c": None, "d": True, "e": False}, b"a=1&b=x&d=true&e=false"),
        ({"ids": (1, 2), "names": ["x", "y"]}, b"ids=1%3B2&names=x%3By"),
        ({"n": 0, "neg": -3, "big": 10**12}, b"n=0&neg=-3&big=1000000000000"),
        ({}, b""),
    ],
)
def test_encode_params(params: dict[str, Any], body: bytes) -> None:
    assert encode_params(params) == body


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"rule_id": 1.0}, TypeError, "'rule_id' must be"),
        ({"ids": [1, True]}, TypeError, "list items must be str or int, got bool"),
        ({"ids": [1.5]}, TypeError, "got float"),
        ({"ids": {1, 2}}, TypeError, "got set"),
        ({"ids": []}, ValueError, "empty list"),
        ({"names": ["a;b"]}, ValueError, "contains ';'"),
        ({"x": b"raw"}, TypeError, "got bytes"),
    ],
)
def test_encode_params_rejects(params: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        encode_params(params)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"deadline": 0}, "deadline"),
        ({"read_timeout": -1}, "read_timeout"),
        ({"connect_timeout": 0}, "connect_timeout"),
        ({"max_attempts": 0}, "max_attempts"),
        ({"max_attempts": True}, "max_attempts"),
        ({"backoff_base": -1}, "backoff"),
        ({"token_lifetime": 4000}, "lifetime"),
    ],
)
def test_constructor_validation(
    credentials: Credentials, kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        VoximplantClient(credentials, "http://127.0.0.1:1/platform_api", **kwargs)


def test_constructor_wants_credentials() -> None:
    with pytest.raises(TypeError, match="Credentials"):
        VoximplantClient({"account_id": 1}, "http://127.0.0.1:1/x")  # type: ignore[arg-type]
