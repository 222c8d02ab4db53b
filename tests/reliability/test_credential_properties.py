"""Property test: key material, in whatever form and place a user may paste it, never reaches
a message, a log line, a repr or the provider's pickled state.

Each example is a piece of secret material (a line of a real PEM body, a base64 fragment of
random bytes, a JWT-shaped token, a whole PEM block) embedded in random text, and put where
an operator might put it: VOXIMPLANT_CREDENTIALS (as a would-be path, as broken JSON text, in
a key file's fields), the stack config voxbind:credentials, voxbind:endpoint,
VOXIMPLANT_API_URL and VOXBIND_API_DEADLINE. Every error path of credential loading and of
the settings checks runs; each error is raised through `clear_errors` as the provider would
show it. The secret must not appear in str() or repr() of the error, in any log record or
stderr output of the run, in the repr of the settings and credential source, or in the dill
blob Pulumi would store for a configured provider.
"""

from __future__ import annotations

import base64
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from pulumi_voxbind.api.credentials import Credentials, CredentialsError
from pulumi_voxbind.emulator.keys import generate_key
from pulumi_voxbind.resources import settings as s
from pulumi_voxbind.resources.binding.provider import ScenarioBindingProvider
from pulumi_voxbind.resources.errors import ProviderError, clear_errors

PEM, _ = generate_key()
PEM_LINES = PEM.splitlines()[1:-1]
FIELDS = ("account_email", "account_id", "key_id", "private_key")

B64_FRAGMENTS = st.binary(min_size=12, max_size=48).map(
    lambda b: base64.b64encode(b).decode().rstrip("="))
TOKENS = st.tuples(B64_FRAGMENTS, B64_FRAGMENTS, B64_FRAGMENTS).map(
    lambda parts: "eyJ" + ".".join(parts))
SECRETS = st.one_of(st.sampled_from(PEM_LINES), B64_FRAGMENTS, TOKENS,
                    st.just(PEM), st.just(PEM.replace("\n", "\\n")))
NOISE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def embedded(draw: st.DrawFn) -> tuple[str, str]:
    """(value, secret): the secret inside random text, a would-be path or broken JSON."""
    secret = draw(SECRETS)
    before, after = draw(NOISE), draw(NOISE)
    shape = draw(st.sampled_from(["text", "path", "json-cut", "json-field", "json-type",
                                  "json-nested", "json-bad-pem", "url", "number"]))
    if shape == "path":
        value = f"{before}/{secret}.json"
    elif shape == "json-cut":
        doc = json.dumps({"account_email": "ci@example.com", "account_id": 1, "key_id": "k",
                          "private_key": secret})
        value = doc[: draw(st.integers(1, len(doc) - 1))] + before
        if secret not in value:
            value = '{"private_key": "' + secret + after  # unterminated string
    elif shape in ("json-field", "json-type", "json-nested", "json-bad-pem"):
        field = draw(st.sampled_from(FIELDS))
        doc = {"account_email": "ci@example.com", "account_id": 1, "key_id": "k",
               "private_key": before + secret + after}
        if shape == "json-field":
            doc.pop(draw(st.sampled_from(FIELDS)))
            doc["extra"] = secret
        elif shape == "json-type":
            doc[field] = draw(st.sampled_from([[secret], {"v": secret}, secret]))
            if field != "account_id":
                doc["account_id"] = secret  # a string where a number must be
        elif shape == "json-nested":
            doc = {"result": draw(st.sampled_from([[secret], secret, {"private_key": secret}]))}
        value = json.dumps(doc)
    elif shape == "url":
        value = draw(st.sampled_from([f"https://{secret}", f"{secret}/platform_api",
                                      f"https://api.voximplant.com/{secret}",
                                      f"https://u:{secret}@h/platform_api",
                                      f"https://h/platform_api?k={secret}"]))
    elif shape == "number":
        value = f"{before}{secret}"
    else:
        value = before + secret + after
    return value, secret


def _errors(value: str) -> list[BaseException]:
    """Every credential and settings error path this value can take, as the provider shows."""
    raised: list[BaseException] = []
    attempts = [
        lambda: Credentials.from_text_or_path(value, setting=s.ENV_CREDENTIALS),
        lambda: Credentials.from_env({s.ENV_CREDENTIALS: value}),
        lambda: Credentials.from_json(value, source=s.ENV_CREDENTIALS),
        lambda: s.credential_source(s.ProviderSettings(credentials_json=value), {}).load(),
        lambda: s.credential_source(s.ProviderSettings(credentials_json=value).as_saved(),
                                    {}).load(),
        lambda: s.credential_source(s.ProviderSettings(), {s.ENV_CREDENTIALS: value}).load(),
        lambda: s.check_settings(s.ProviderSettings(endpoint=value), {}),
        lambda: s.check_settings(s.ProviderSettings(), {s.ENV_ENDPOINT: value}),
        lambda: s.check_settings(s.ProviderSettings(), {s.ENV_DEADLINE: value}),
    ]
    for attempt in attempts:
        try:
            with clear_errors("ScenarioBinding"):
                attempt()
        except ProviderError as exc:
            raised.append(exc)
            raised.append(exc.__context__) if exc.__context__ else None
        except (CredentialsError, s.SettingsError) as exc:  # pragma: no cover - not expected
            raised.append(exc)
    return raised


def _configured_blob(value: str) -> bytes:
    provider = ScenarioBindingProvider()
    provider.configure(ConfigureRequest(Config({"voxbind:credentials": value,
                                                "voxbind:endpoint": value}, "proj")))
    return base64.b64decode(serialize_provider(provider))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=embedded())
def test_no_key_material_reaches_messages_logs_reprs_or_state(
        case: tuple[str, str], caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    value, secret = case
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        errors = _errors(value)
    assert errors, "every example fails somewhere"
    outputs: list[str] = []
    for error in errors:
        outputs += [str(error), repr(error), *map(str, getattr(error, "args", ()))]
    outputs += [record.getMessage() for record in caplog.records]
    captured = capsys.readouterr()
    outputs += [captured.out, captured.err]
    outputs += [repr(s.ProviderSettings(credentials_json=value, endpoint=None)),
                repr(s.credential_source(s.ProviderSettings(credentials_json=value), {}))]
    for text in outputs:
        assert secret not in text, (text, secret)
        assert "PRIVATE KEY" not in text
    blob = _configured_blob(value)
    assert secret.encode() not in blob and b"PRIVATE" not in blob
    assert len(blob) < 200


def test_the_generator_covers_every_shape() -> None:
    """The property above is not vacuous: its examples reach each error kind."""
    seen: dict[str, int] = {}

    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(case=embedded())
    def collect(case: tuple[str, str]) -> None:
        for error in _errors(case[0]):
            text = str(error)
            for marker in ("invalid JSON", "missing field", "must be a", "is neither the path",
                           "must hold the key file's JSON text", "has no http",
                           "VOXBIND_API_DEADLINE", "is not a readable PEM", "JSON object"):
                if marker in text:
                    seen[marker] = seen.get(marker, 0) + 1

    collect()
    assert set(seen) >= {"invalid JSON", "missing field", "must be a", "is neither the path",
                         "must hold the key file's JSON text", "has no http",
                         "VOXBIND_API_DEADLINE", "is not a readable PEM"}, seen
