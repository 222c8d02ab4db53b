"""Where the provider finds its credentials, endpoint and deadline, and how they are checked.

Sources, first match wins:
  credentials: stack config `voxbind:credentials` (secret; the key file's JSON text),
               else env `VOXIMPLANT_CREDENTIALS` (the key file's path, or its JSON text,
               recognised by its first non-blank character `{`);
  endpoint:    stack config `voxbind:endpoint`, else env `VOXIMPLANT_API_URL`, else the
               public API;
  deadline:    env `VOXBIND_API_DEADLINE` (seconds one API call may take, retries included),
               else 120.

What Pulumi hands a dynamic provider (checked with the real CLI, see docs/reliability.md):
`pulumi preview`/`up` (and `refresh`/`destroy --run-program`) configure it with the stack
config as it is now; `pulumi refresh` and `pulumi destroy` without the program configure it
with the stack config saved in state by the last `up`. The environment is always current.
So a key rotated through config takes effect at the next `up`; messages about credentials
say which of these the provider used. When a refresh or destroy gets a saved config key
that the API refuses, the client moves to the environment's key of the same account (see
`environment_fallback`). This module only reads a mapping of config values (and which of
them its source marked secret) and the environment, so a provider plugin can call the same
functions with its own config source. Nothing read here is stored on the pickled provider.

One client per (endpoint, key) is kept for the life of the provider process: its pooled
connection, cached JWT, name lookups and its record of a refused key serve every resource.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported when first used: `configure` runs before any API call is needed,
    # and requests, PyJWT and cryptography add ~0.1 s to the provider's first Check
    from pulumi_voxbind.api.client import KeyFallback, VoximplantClient
    from pulumi_voxbind.api.credentials import Credentials

CONFIG_CREDENTIALS = "voxbind:credentials"
CONFIG_ENDPOINT = "voxbind:endpoint"
ENV_CREDENTIALS = "VOXIMPLANT_CREDENTIALS"
ENV_ENDPOINT = "VOXIMPLANT_API_URL"
ENV_DEADLINE = "VOXBIND_API_DEADLINE"
EXAMPLE_ENDPOINT = "https://api.voximplant.com/platform_api"
API_PATH = "/platform_api"

# Retry budget for unattended pipelines: a 30% transient failure rate still converges.
MAX_ATTEMPTS = 10
DEADLINE_SECONDS = 120.0

SET_CONFIG_KEY = f"pulumi config set --secret {CONFIG_CREDENTIALS} < key.json"
STALE_NOTE = ("`pulumi refresh` and `pulumi destroy` without --run-program use the stack "
              "config as of the last `pulumi up`")


class SettingsError(ValueError):
    """A setting is wrong or missing; the message names it, its source and a right value."""


class MissingCredentialsError(SettingsError):
    """Raised when neither credential source is set; the message names both."""


class PlaintextCredentialsError(SettingsError):
    """`voxbind:credentials` is stored in plain text; raised in the program, before any call."""


@dataclass(frozen=True)
class ProviderSettings:
    """Configuration handed to the provider by Pulumi's `configure` (never pickled).

    `plaintext` lists the `voxbind:*` keys that reached the provider without Pulumi's secret
    marker (None: the config source cannot tell). `current` is False when the config is the
    copy saved by the last `pulumi up` rather than the stack config as it is now.
    """

    credentials_json: str | None = field(default=None, repr=False)
    endpoint: str | None = None
    plaintext: frozenset[str] | None = None
    current: bool = True

    @classmethod
    def from_config(cls, config: Any, secret_keys: Collection[str] | None = None,
                    ) -> ProviderSettings:
        """Read the `voxbind:*` keys from a `pulumi.dynamic.Config` (or any `.get(key)`)."""
        get: Callable[[str], Any] = config.get if config is not None else (lambda _key: None)
        return cls.from_values(get, secret_keys)

    @classmethod
    def from_values(cls, get: Callable[[str], Any], secret_keys: Collection[str] | None,
                    ) -> ProviderSettings:
        """Settings from a config lookup and the keys its source marked secret (if known)."""
        credentials = get(CONFIG_CREDENTIALS)
        endpoint = get(CONFIG_ENDPOINT)
        plaintext = None
        if secret_keys is not None:
            plaintext = frozenset(key for key in (CONFIG_CREDENTIALS,)
                                  if get(key) is not None and key not in secret_keys)
        return cls(credentials_json=credentials if isinstance(credentials, str) and
                   credentials else None,
                   endpoint=endpoint if isinstance(endpoint, str) and endpoint else None,
                   plaintext=plaintext)

    def as_saved(self) -> ProviderSettings:
        """The same settings, known to be the copy the last `pulumi up` saved in state."""
        return ProviderSettings(self.credentials_json, self.endpoint, self.plaintext, False)


# -- checks at preview (no API call) -----------------------------------------------------


def check_settings(settings: ProviderSettings, environ: Mapping[str, str] | None = None,
                   ) -> None:
    """Raise SettingsError for the first wrong setting: plaintext key, endpoint, deadline.

    Runs in `check`, so a preview fails before any API call; credentials are only parsed
    when an operation needs them (loading them costs the API client's imports).
    """
    env = os.environ if environ is None else environ
    if settings.plaintext and CONFIG_CREDENTIALS in settings.plaintext:
        raise PlaintextCredentialsError(plaintext_message())
    endpoint_setting(settings, env)
    api_deadline(env)


def endpoint_setting(settings: ProviderSettings, environ: Mapping[str, str] | None = None,
                     ) -> str | None:
    """The endpoint to use, checked; None means the public API."""
    env = os.environ if environ is None else environ
    if settings.endpoint:
        return validate_endpoint(settings.endpoint, f"stack config '{CONFIG_ENDPOINT}'",
                                 f"pulumi config set {CONFIG_ENDPOINT} {EXAMPLE_ENDPOINT}")
    value = env.get(ENV_ENDPOINT, "")
    if value.strip():
        return validate_endpoint(value, f"environment variable {ENV_ENDPOINT}",
                                 f"{ENV_ENDPOINT}={EXAMPLE_ENDPOINT}")
    return None


def validate_endpoint(value: str, source: str, example: str) -> str:
    """An http(s) URL of a host whose path ends in /platform_api; the message never shows the
    value (a value that is not a URL may be anything, key material included)."""
    url = value.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # .port raises on a bad port
    except ValueError:
        _bad_endpoint(source, example, "is not a URL")
    if parts.scheme not in ("http", "https"):
        _bad_endpoint(source, example, "has no http:// or https:// scheme")
    if not host:
        _bad_endpoint(source, example, "has no host name")
    if any(c.isspace() for c in url) or not all(c.isalnum() or c in "-._:[]" for c in host):
        _bad_endpoint(source, example, "has characters a host name cannot have")
    if parts.username is not None or parts.password is not None:
        _bad_endpoint(source, example, "holds a user name or password")
    if parts.query or parts.fragment:
        _bad_endpoint(source, example, "has a query string or fragment")
    if not parts.path.endswith(API_PATH):
        _bad_endpoint(source, example, f"does not end in the API path {API_PATH}")
    return url


def _bad_endpoint(source: str, example: str, problem: str) -> NoReturn:
    raise SettingsError(f"{source} {problem}; it must be the Management API URL, for "
                        f"example {example} (the value is not shown)")


def api_deadline(environ: Mapping[str, str] | None = None) -> float:
    """Seconds one API call may take, retries included (env VOXBIND_API_DEADLINE, else 120).

    A hung API then fails the call, and the resource, after this long with a clear error.
    """
    env = os.environ if environ is None else environ
    raw = env.get(ENV_DEADLINE, "").strip()
    if not raw:
        return DEADLINE_SECONDS
    try:
        value = float(raw)
    except ValueError:
        problem = "is not a number (the value is not shown)"
    else:
        if math.isfinite(value) and value > 0:
            return value
        problem = f"is {value:g}" if math.isfinite(value) else "is not finite"
    raise SettingsError(f"environment variable {ENV_DEADLINE} {problem}; it must be a "
                        f"positive number of seconds, for example {ENV_DEADLINE}=120")


# -- credentials -------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialSource:
    """Where the provider's key comes from, for messages (never holds key material in repr)."""

    label: str  # e.g. "stack config 'voxbind:credentials'", "VOXIMPLANT_CREDENTIALS=/k.json"
    fix: str  # what to do when the API refuses this key
    identity: str  # cache key: a digest of the config text, or the environment's value digest
    load: Callable[[], Credentials] = field(repr=False, compare=False)


def credential_source(settings: ProviderSettings, environ: Mapping[str, str] | None = None,
                      ) -> CredentialSource:
    """The source the provider will take its key from, per the precedence above."""
    from pulumi_voxbind.api.credentials import Credentials, is_key_json_text

    env = os.environ if environ is None else environ
    text = settings.credentials_json
    if text:
        label = f"stack config '{CONFIG_CREDENTIALS}'"
        fix = f"put a valid key of this account in the stack config: {SET_CONFIG_KEY}"
        if not settings.current:
            label += (" as Pulumi gave it to this command: for `pulumi refresh` and `pulumi "
                      "destroy` without --run-program, as of the last `pulumi up`")
            fix = (f"put a valid key of this account in the stack config ({SET_CONFIG_KEY}), "
                   f"then run `pulumi up` (or the command again with --run-program: `pulumi "
                   f"refresh --run-program`, `pulumi destroy --run-program`) so that it is "
                   f"used: {STALE_NOTE}")
        source = label

        def load_config() -> Credentials:
            if not is_key_json_text(text):
                raise SettingsError(
                    f"{source} must hold the key file's JSON text (it starts with '{{'); it "
                    f"holds something else, perhaps a path (the value is not shown). Set it "
                    f"from the file: {SET_CONFIG_KEY}")
            return Credentials.from_json(text, source=source)

        return CredentialSource(label, fix, "config:" + _digest(text), load_config)
    value = env.get(ENV_CREDENTIALS, "")
    if value.strip():
        if is_key_json_text(value):
            label = f"{ENV_CREDENTIALS} (key file JSON text)"
        else:
            label = f"{ENV_CREDENTIALS}={value.strip()}" if _is_file(value) else ENV_CREDENTIALS
        fix = f"set {ENV_CREDENTIALS} to a valid key file of this account (its path or JSON text)"
        if not settings.current:
            fix += ("; if the last `pulumi up` had the key in stack config, remove it there and "
                    "run `pulumi up`")
        return CredentialSource(label, fix, "env:" + _digest(value),
                                lambda: Credentials.from_text_or_path(value,
                                                                      setting=ENV_CREDENTIALS))
    missing = (f"no Voximplant credentials: set the stack config '{CONFIG_CREDENTIALS}' "
               f"({SET_CONFIG_KEY}) or the environment variable {ENV_CREDENTIALS} (the key "
               f"file's path or its JSON text)")
    if not settings.current:
        missing += (f". {STALE_NOTE}, which had no '{CONFIG_CREDENTIALS}': set "
                    f"{ENV_CREDENTIALS} for this command, or run `pulumi up` (or the command "
                    f"again with --run-program) so that the key now in config is used")

    def fail() -> Credentials:
        raise MissingCredentialsError(missing)

    return CredentialSource("no source", "", "none", fail)


def environment_fallback(settings: ProviderSettings, environ: Mapping[str, str] | None = None,
                         ) -> Callable[[], KeyFallback] | None:
    """The environment's key, for when the last `up`'s config key is refused.

    In `pulumi refresh` and `pulumi destroy` the provider gets the stack config saved by the
    last `up`, not the one the operator has now, while the environment is current. So when
    the saved config key is refused (revoked in a rotation) and VOXIMPLANT_CREDENTIALS holds a
    key, the client moves to that key, if it is of the same account (a key of another account
    would make every object look deleted). Not offered when the config is known current.
    """
    env = os.environ if environ is None else environ
    if settings.current or not settings.credentials_json or not env.get(ENV_CREDENTIALS, ""
                                                                          ).strip():
        return None
    source = credential_source(ProviderSettings(current=False), env)

    def fallback() -> KeyFallback:
        from pulumi_voxbind.api.client import KeyFallback

        return KeyFallback(source.load(), source.label, source.fix,
                           note=f"Run `pulumi up` so that the stack config is saved as it is now "
                                f"(or remove '{CONFIG_CREDENTIALS}' from it if the key now "
                                f"lives in {ENV_CREDENTIALS})")

    return fallback


def load_credentials(settings: ProviderSettings) -> Credentials:
    """Credentials from stack config, else from the environment (a key file path or text)."""
    return credential_source(settings).load()


def resolve_endpoint(settings: ProviderSettings) -> str | None:
    """The API endpoint to use, checked; None means the client's default public endpoint."""
    return endpoint_setting(settings)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _is_file(value: str) -> bool:
    try:
        return "\0" not in value and os.path.isfile(value.strip())
    except (OSError, ValueError):
        return False


# -- which config this process has ------------------------------------------------------

_checked = threading.Event()


def note_checked() -> None:
    """A resource was checked in this process: the program ran, so the config is current.

    (`pulumi refresh/destroy --run-program` run the program but check nothing; its config is
    current too, which messages then hedge about rather than claim.)
    """
    _checked.set()


def as_known(settings: ProviderSettings) -> ProviderSettings:
    """`settings`, marked as possibly the last `up`'s copy when no check ran in this process."""
    return settings if _checked.is_set() else settings.as_saved()


def refuse_plaintext_credentials() -> None:
    """In a Pulumi program: refuse a `voxbind:credentials` that is not a secret.

    The provider cannot tell (the dynamic-provider server drops Pulumi's secret markers before
    any of this package runs), but the program's runtime config knows which keys are secret.
    Outside a Pulumi program there is no config and nothing is checked.
    """
    from pulumi import RunError
    from pulumi.runtime import config as runtime_config

    if runtime_config.get_config(CONFIG_CREDENTIALS) is None:
        return
    if (runtime_config.is_config_secret(CONFIG_CREDENTIALS)
            or CONFIG_CREDENTIALS in runtime_config.get_config_secret_keys_env()):
        return

    class _Refused(PlaintextCredentialsError, RunError):
        """Shown by the Pulumi CLI as its message alone, without a traceback."""

    raise _Refused(plaintext_message())


def plaintext_message() -> str:
    """Why plaintext credentials are refused and how to fix it."""
    return (f"the stack config '{CONFIG_CREDENTIALS}' is stored in plain text (in "
            f"Pulumi.<stack>.yaml, which teams commit, and it would reach the state); it is "
            f"refused before any API call. Store it as a secret: {SET_CONFIG_KEY} (then "
            f"remove any plain copy from version control and rotate the key)")


# -- the process-wide clients ------------------------------------------------------------

_clients: dict[tuple[str, str, bool], VoximplantClient] = {}
_clients_lock = threading.Lock()


def client_for(settings: ProviderSettings) -> VoximplantClient:
    """The process-wide client for these settings, created on first use."""
    from pulumi_voxbind.api.client import VoximplantClient

    settings = as_known(settings)
    endpoint = resolve_endpoint(settings) or ""
    source = credential_source(settings)
    key = (endpoint, source.identity, settings.current)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = VoximplantClient(
                source.load(),
                endpoint=endpoint or None,
                max_attempts=MAX_ATTEMPTS,
                deadline=api_deadline(),
                credentials_source=source.label,
                auth_fix=source.fix,
                fallback=environment_fallback(settings),
            )
            _clients[key] = client
        return client
