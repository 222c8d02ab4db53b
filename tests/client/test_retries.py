"""Retries: each transient kind recovers, permanent errors do not retry, deadlines hold."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable

import jwt
import pytest

from pulumi_voxbind import Credentials, VoximplantClient
from pulumi_voxbind.api.auth import JWTAuth
from pulumi_voxbind.api.client import backoff_delay
from pulumi_voxbind.api.errors import (
    AuthError,
    InvalidParameterError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    TransportError,
)
from pulumi_voxbind.api.transport import parse_retry_after

from .apiserver import ApiServer, Reply, api_error, ok
from .conftest import SleepRecorder
from .test_auth import NOW

MakeClient = Callable[..., VoximplantClient]
SUCCESS = ok({"result": 1})


@pytest.mark.parametrize("code", [2, 4, 162, 416, 484, 515, 340, 1, 13])
def test_transient_api_code_then_success(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder, code: int
) -> None:
    server.script(api_error(code), SUCCESS)
    assert make_client().call("BindScenario", rule_id=1) == {"result": 1}
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body
    assert len(sleeps.delays) == 1


@pytest.mark.parametrize(
    "failure",
    [
        Reply(429, b"", {"Content-Type": "text/plain"}),
        Reply(503, b"down", {"Content-Type": "text/plain"}),
        Reply(500, b"oops", {"Content-Type": "text/plain"}),
        Reply(200, b"<html>", {"Content-Type": "text/html"}),
        Reply(action="reset"),
        Reply(action="close"),
    ],
    ids=["http429", "http503", "http500", "non-json", "connection-reset", "closed-socket"],
)
def test_transient_transport_then_success(
    server: ApiServer, make_client: MakeClient, failure: Reply
) -> None:
    server.script(failure, SUCCESS)
    assert make_client().call("GetRules", application_id=1) == {"result": 1}
    assert len(server.requests) == 2


def test_read_timeout_then_success(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(action="hang"), SUCCESS)
    started = time.monotonic()
    assert make_client(read_timeout=0.3).call("GetRules", application_id=1) == {"result": 1}
    assert len(server.requests) == 2
    assert time.monotonic() - started < 2.0


def test_connection_refused_is_retried_then_raised(
    make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(endpoint=f"http://127.0.0.1:{port}/platform_api", max_attempts=3)
    with pytest.raises(TransportError) as info:
        client.call("GetRules", application_id=1)
    assert len(sleeps.delays) == 2
    assert str(info.value).startswith("GetRules failed: connection error (ConnectionRefused")
    assert "gave up after 3 attempts" in str(info.value)


@pytest.mark.parametrize(
    "error",
    [api_error(147), api_error(101), api_error(104), api_error(175), api_error(999)],
)
def test_permanent_error_is_a_single_request(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder, error: Reply
) -> None:
    server.script(error, SUCCESS)
    with pytest.raises(Exception) as info:
        make_client().call("BindScenario", rule_id=1)
    assert not isinstance(info.value, TransientError)
    assert len(server.requests) == 1
    assert sleeps.delays == []


def test_not_found_is_permanent(server: ApiServer, make_client: MakeClient) -> None:
    server.script(api_error(147, "The 'rule_id' parameter is invalid"), SUCCESS)
    with pytest.raises(NotFoundError):
        make_client().call("BindScenario", rule_id=1)
    assert len(server.requests) == 1


def test_max_attempts_bounds_retries(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    server.script(*[api_error(2, "Internal error")] * 10)
    with pytest.raises(TransientError) as info:
        make_client(max_attempts=4, rng=lambda: 1.0).call("GetRules", application_id=1)
    assert len(server.requests) == 4
    assert sleeps.delays == pytest.approx([0.01, 0.02, 0.04])
    assert "gave up after 4 attempts" in str(info.value)
    assert info.value.code == 2


def test_backoff_is_capped(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    server.script(*[api_error(2)] * 6)
    with pytest.raises(TransientError):
        make_client(max_attempts=6, rng=lambda: 1.0).call("GetRules", application_id=1)
    assert sleeps.delays == pytest.approx([0.01, 0.02, 0.04, 0.05, 0.05])


def test_backoff_delay_full_jitter() -> None:
    assert backoff_delay(1, 0.25, 8.0, lambda: 0.5) == 0.125
    assert backoff_delay(3, 0.25, 8.0, lambda: 1.0) == 1.0
    assert backoff_delay(10, 0.25, 8.0, lambda: 1.0) == 8.0
    assert backoff_delay(10, 0.25, 8.0, lambda: 0.0) == 0.0


@pytest.mark.parametrize("code", [1, 13])
def test_fatal_codes_are_retried_only_once(
    server: ApiServer, make_client: MakeClient, code: int
) -> None:
    server.script(*[api_error(code)] * 5)
    with pytest.raises(TransientError):
        make_client(max_attempts=6).call("GetRules", application_id=1)
    assert len(server.requests) == 2


def test_retry_after_is_honoured(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    server.script(Reply(429, b"", {"Retry-After": "3"}), SUCCESS)
    make_client().call("GetRules", application_id=1)
    assert sleeps.delays == [3.0]


def test_retry_after_on_503(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    server.script(Reply(503, b"", {"Retry-After": "2"}), SUCCESS)
    make_client().call("GetRules", application_id=1)
    assert sleeps.delays == [2.0]


def test_retry_after_beyond_deadline_fails_now(
    server: ApiServer, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    server.script(Reply(429, b"", {"Retry-After": "120"}), SUCCESS)
    with pytest.raises(RateLimitedError) as info:
        make_client(deadline=5.0).call("GetRules", application_id=1)
    assert len(server.requests) == 1 and sleeps.delays == []
    assert "asked to wait 120 s, beyond the deadline" in str(info.value)


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    date = "Wed, 21 Oct 2026 07:28:10 GMT"
    from email.utils import parsedate_to_datetime

    now = parsedate_to_datetime(date).timestamp() - 4
    assert parse_retry_after(date, now=now) == pytest.approx(4.0)
    assert parse_retry_after(date, now=now + 100) == 0.0


def test_hung_server_fails_within_deadline(server: ApiServer, make_client: MakeClient) -> None:
    server.script(*[Reply(action="hang")] * 3)
    client = make_client(deadline=0.6, read_timeout=30.0, sleep=time.sleep)
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        client.call("GetRules", application_id=1)
    elapsed = time.monotonic() - started
    assert elapsed < 0.6 + 0.4
    message = str(info.value)
    assert message.startswith("GetRules failed: no response within 0.6 s (read timeout")
    assert "deadline=0.6 s" in message


def test_trickling_body_cannot_outlast_deadline(server: ApiServer, make_client: MakeClient) -> None:
    server.script(Reply(200, {"result": "x" * 200}, action="trickle"))
    client = make_client(deadline=0.5, read_timeout=5.0, max_attempts=1)
    started = time.monotonic()
    with pytest.raises(TransportError):
        client.call("GetRules", application_id=1)
    assert time.monotonic() - started < 0.5 + 0.4


def test_deadline_bounds_real_backoff(server: ApiServer, make_client: MakeClient) -> None:
    server.handler = lambda rec: Reply(503, b"", {"Content-Type": "text/plain"})
    client = make_client(
        deadline=0.4, backoff_base=0.1, backoff_max=0.2, max_attempts=100, sleep=time.sleep
    )
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        client.call("GetRules", application_id=1)
    assert time.monotonic() - started < 0.4 + 0.3
    assert 1 < len(server.requests) < 100
    assert info.value.http_status == 503


def test_auth_code_remints_and_retries_once(
    server: ApiServer, credentials: Credentials, make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    ticks = iter(range(NOW, NOW + 1000))
    client = make_client(auth=JWTAuth(credentials, clock=lambda: next(ticks)))
    server.script(api_error(456, "The token has expired."), SUCCESS)
    assert client.call("GetRules", application_id=1) == {"result": 1}
    first, second = server.requests
    assert first.token != second.token
    assert sleeps.delays == []


@pytest.mark.parametrize("code", [100, 455, 456])
def test_auth_retry_once_then_fail(server: ApiServer, make_client: MakeClient, code: int) -> None:
    server.script(*[api_error(code, "Authorization failed")] * 3)
    with pytest.raises(AuthError) as info:
        make_client().call("GetRules", application_id=1)
    assert len(server.requests) == 2
    assert info.value.code == code


def test_clock_skew_retry_backdates_more(server: ApiServer, make_client: MakeClient) -> None:
    server.script(api_error(455, "Token issued in the future."), SUCCESS)
    make_client().call("GetRules", application_id=1)
    first, second = (
        jwt.decode(r.token, options={"verify_signature": False}) for r in server.requests
    )
    assert first["iat"] - second["iat"] >= 55
    assert second["exp"] - second["iat"] == 300


@pytest.mark.parametrize("code", [433, 447, 454, 104])
def test_other_auth_codes_are_not_retried(
    server: ApiServer, make_client: MakeClient, code: int
) -> None:
    server.script(api_error(code), SUCCESS)
    with pytest.raises(AuthError):
        make_client().call("GetRules", application_id=1)
    assert len(server.requests) == 1


def test_auth_retry_does_not_use_transient_budget(
    server: ApiServer, make_client: MakeClient
) -> None:
    server.script(api_error(456), api_error(2), SUCCESS)
    assert make_client(max_attempts=2).call("GetRules", application_id=1) == {"result": 1}
    assert len(server.requests) == 3


def test_invalid_parameter_not_retried_after_transient(
    server: ApiServer, make_client: MakeClient
) -> None:
    server.script(api_error(2), api_error(101), SUCCESS)
    with pytest.raises(InvalidParameterError):
        make_client().call("GetRules", application_id=1)
    assert len(server.requests) == 2


def test_debug_log_lines(
    server: ApiServer, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pulumi_voxbind.api.client")
    server.script(api_error(2, "Internal error"), SUCCESS)
    make_client().call("GetRules", application_id=1)
    lines = [r.getMessage() for r in caplog.records if r.name == "pulumi_voxbind.api.client"]
    assert any(line.startswith("GetRules attempt 1: HTTP 200 in ") for line in lines)
    assert any("GetRules attempt 1 failed (" in line and "retrying in" in line for line in lines)
    assert any(line.startswith("GetRules attempt 2: HTTP 200 in ") for line in lines)
