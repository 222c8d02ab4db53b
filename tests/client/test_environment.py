"""Proxy and CA-bundle variables are read once, when the client is built, and still honoured.

The client turns off requests' per-request environment scan (`trust_env`), which cost about a
fifth of its CPU per call, and applies the same settings itself at construction.
"""

from __future__ import annotations

import pytest

from pulumi_voxbind import Credentials, TransportError, VoximplantClient

from .apiserver import ApiServer, ok

DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens there


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE",
                 "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def test_proxy_from_environment_is_used(clean_env: pytest.MonkeyPatch, server: ApiServer,
                                        credentials: Credentials) -> None:
    clean_env.setenv("HTTP_PROXY", DEAD_PROXY)
    with VoximplantClient(credentials, endpoint=server.url, max_attempts=1) as client:
        assert client._session.proxies.get("http") == DEAD_PROXY
        with pytest.raises(TransportError):
            client.call("GetRules", application_id=1)
    assert server.requests == []


def test_no_proxy_bypasses_the_proxy(clean_env: pytest.MonkeyPatch, server: ApiServer,
                                     credentials: Credentials) -> None:
    clean_env.setenv("HTTP_PROXY", DEAD_PROXY)
    clean_env.setenv("NO_PROXY", "127.0.0.1,localhost")
    server.script(ok({"result": [], "total_count": 0}))
    with VoximplantClient(credentials, endpoint=server.url, max_attempts=1) as client:
        assert client.call("GetRules", application_id=1)["result"] == []


def test_ca_bundle_from_environment(clean_env: pytest.MonkeyPatch,
                                    credentials: Credentials) -> None:
    clean_env.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/custom.pem")
    with VoximplantClient(credentials, endpoint="https://api.example.test/platform_api") as c:
        assert c._session.verify == "/etc/ssl/custom.pem"
    clean_env.delenv("REQUESTS_CA_BUNDLE")
    with VoximplantClient(credentials, endpoint="https://api.example.test/platform_api") as c:
        assert c._session.verify is True


def test_environment_is_not_scanned_per_request(credentials: Credentials) -> None:
    with VoximplantClient(credentials, endpoint="http://127.0.0.1:1/platform_api") as client:
        assert client._session.trust_env is False
