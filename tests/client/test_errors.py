"""Error classification from `error` and `errors` bodies and from HTTP statuses."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable

import pytest

import pulumi_voxbind.api.errors as errors_module
from pulumi_voxbind import VoximplantClient
from pulumi_voxbind.api.errors import (
    AuthError,
    ConflictError,
    InvalidParameterError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    TransportError,
    VoximplantError,
)

from .apiserver import ApiServer, Reply, api_error

MakeClient = Callable[..., VoximplantClient]

CLASSES = [
    (100, AuthError),
    (104, AuthError),
    (433, AuthError),
    (447, AuthError),
    (454, AuthError),
    (455, AuthError),
    (456, AuthError),
    (101, InvalidParameterError),
    (102, InvalidParameterError),
    (103, InvalidParameterError),
    (134, InvalidParameterError),
    (458, InvalidParameterError),
    (496, InvalidParameterError),
    (107, NotFoundError),
    (116, NotFoundError),
    (132, NotFoundError),
    (147, NotFoundError),
    (156, NotFoundError),
    (168, NotFoundError),
    (558, NotFoundError),
    (129, ConflictError),
    (133, ConflictError),
    (175, ConflictError),
    (2, TransientError),
    (4, TransientError),
    (162, TransientError),
    (416, TransientError),
    (484, TransientError),
    (515, TransientError),
    (1, TransientError),
    (13, TransientError),
    (340, RateLimitedError),
    (375, VoximplantError),
    (429, VoximplantError),  # API code 429 is INVALID_RESOURCE_TYPE, not HTTP 429
]


def _raise(make_client: MakeClient, method: str = "BindScenario") -> VoximplantError:
    client = make_client(max_attempts=1)
    with pytest.raises(VoximplantError) as info:
        client.call(method, rule_id=1, scenario_id=[2])
    return info.value


@pytest.mark.parametrize(("code", "cls"), CLASSES)
def test_error_body(
    server: ApiServer, make_client: MakeClient, code: int, cls: type[VoximplantError]
) -> None:
    # 100/455/456 get one re-auth retry first; script the same error twice.
    server.script(api_error(code, "The text"), api_error(code, "The text"))
    error = _raise(make_client)
    assert type(error) is cls
    assert (error.code, error.msg, error.method, error.http_status) == (
        code,
        "The text",
        "BindScenario",
        200,
    )
    expected = re.escape(f"BindScenario failed: API error {code}: The text")
    if cls.retryable:
        expected += r" \(gave up after 1 attempt in [0-9.]+ s\)"  # max_attempts=1
    if cls is AuthError:  # which key, from where, why and the fix (see test_auth_failures)
        expected += r"\. The key '[^']+' of account \d+ \(from .+\) was refused: .+\. Fix: .+"
    assert re.fullmatch(expected, str(error))


@pytest.mark.parametrize(("code", "cls"), CLASSES)
def test_errors_array_body(
    server: ApiServer, make_client: MakeClient, code: int, cls: type[VoximplantError]
) -> None:
    body = {"errors": [{"code": code, "msg": "first"}, {"code": 101, "msg": "second"}]}
    server.script(Reply(200, body), Reply(200, body))
    error = _raise(make_client)
    assert type(error) is cls
    assert error.code == code
    assert error.msg == "first (also 101: second)"


def test_rule_id_message_format(server: ApiServer, make_client: MakeClient) -> None:
    server.script(api_error(147, "The 'rule_id' parameter is invalid"))
    error = _raise(make_client)
    assert str(error) == "BindScenario failed: API error 147: The 'rule_id' parameter is invalid"


def test_string_code_and_missing_msg(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, {"error": {"code": "147"}}))
    error = _raise(make_client)
    assert isinstance(error, NotFoundError)
    assert error.code == 147 and error.msg == "(no message)"


def test_error_without_code(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, {"error": {"msg": "odd"}}))
    error = _raise(make_client)
    assert type(error) is VoximplantError
    assert error.code is None and error.http_status == 200
    assert str(error) == "BindScenario failed: HTTP 200: odd"


def test_empty_errors_array_is_success(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, {"result": 1, "errors": []}))
    assert make_client().call("BindScenario", rule_id=1) == {"result": 1, "errors": []}


def test_malformed_error_value(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, {"error": "boom"}))
    error = _raise(make_client)
    assert type(error) is VoximplantError and "malformed error body" in error.msg


def test_http_429_is_rate_limited_without_api_code(
    server: ApiServer, make_client: MakeClient
) -> None:
    server.script(Reply(429, b"slow down", {"Content-Type": "text/plain"}))
    error = _raise(make_client)
    assert type(error) is RateLimitedError
    assert (error.code, error.http_status) == (None, 429)
    assert str(error).startswith("BindScenario failed: HTTP 429: Too Many Requests (gave up")


def test_http_429_with_api_body_keeps_both(server: ApiServer, make_client: MakeClient) -> None:
    server.script(api_error(340, "Rate limit exceed", status=429))
    error = _raise(make_client)
    assert type(error) is RateLimitedError
    assert (error.code, error.http_status) == (340, 429)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_http_5xx_is_transport(server: ApiServer, make_client: MakeClient, status: int) -> None:
    server.script(Reply(status, b"<html>bad gateway</html>", {"Content-Type": "text/html"}))
    error = _raise(make_client)
    assert type(error) is TransportError
    assert (error.code, error.http_status) == (None, status)
    assert "text/html" in error.msg and "bad gateway" not in str(error)


def test_api_error_in_5xx_body_uses_api_code(server: ApiServer, make_client: MakeClient) -> None:
    server.script(api_error(2, "Internal error", status=500))
    error = _raise(make_client)
    assert type(error) is TransientError
    assert (error.code, error.http_status) == (2, 500)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 302])
def test_other_http_statuses_are_permanent(
    server: ApiServer, make_client: MakeClient, status: int
) -> None:
    headers = {"Content-Type": "text/html", "Location": "http://127.0.0.1:1/elsewhere"}
    server.script(Reply(status, b"nope", headers), Reply(200, {"result": 1}))
    client = make_client()
    with pytest.raises(VoximplantError) as info:
        client.call("BindScenario", rule_id=1)
    assert type(info.value) is VoximplantError
    assert info.value.http_status == status and info.value.code is None
    assert len(server.requests) == 1


def test_non_json_2xx_is_transport(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, b"<html>portal</html>", {"Content-Type": "text/html"}))
    error = _raise(make_client)
    assert type(error) is TransportError
    assert "expected a JSON object" in error.msg and "19 bytes" in error.msg


def test_json_array_2xx_is_transport(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, [1, 2]))
    assert type(_raise(make_client)) is TransportError


def test_tree_and_retryable_flags() -> None:
    assert issubclass(NotFoundError, InvalidParameterError)
    assert issubclass(ConflictError, InvalidParameterError)
    assert issubclass(RateLimitedError, TransientError)
    assert issubclass(TransportError, TransientError)
    for cls in (AuthError, InvalidParameterError, TransientError):
        assert issubclass(cls, VoximplantError)
    assert issubclass(VoximplantError, Exception)
    retryable = {
        c
        for c in vars(errors_module).values()
        if isinstance(c, type) and issubclass(c, VoximplantError) and c.retryable
    }
    assert retryable == {TransientError, RateLimitedError, TransportError}


def test_constructor_signature_and_pickle() -> None:
    error = NotFoundError("gone", code=147, method="GetRules", http_status=200)
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is NotFoundError
    assert (clone.msg, clone.code, clone.method, clone.http_status) == (
        "gone",
        147,
        "GetRules",
        200,
    )
    assert str(VoximplantError("plain")) == "plain"
    assert repr(error) == (
        "NotFoundError(msg='gone', code=147, method='GetRules', http_status=200)"
    )


def test_docstring_draws_the_tree() -> None:
    doc = errors_module.__doc__ or ""
    for name in (
        "VoximplantError",
        "AuthError",
        "NotFoundError",
        "RateLimitedError",
        "TransportError",
        "retried",
    ):
        assert name in doc
