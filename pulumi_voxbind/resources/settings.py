"""Where the provider finds its credentials and endpoint, read when a method runs.

Sources, first match wins:
  credentials: stack config `voxbind:credentials` (secret; the key file's JSON text),
               else env `VOXIMPLANT_CREDENTIALS` (path to the key file);
  endpoint:    stack config `voxbind:endpoint`, else env `VOXIMPLANT_API_URL`, else the
               public API.
  deadline:    env `VOXBIND_API_DEADLINE` (seconds one API call may take, retries included),
               else 120.
Nothing read here is ever stored on the pickled provider, so it cannot reach Pulumi state.
One client per (endpoint, key) is kept for the life of the provider process: its pooled
connection, cached JWT and name lookups serve every binding of a `pulumi up`.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when first used: `configure` runs before any API call is needed,
    # and requests, PyJWT and cryptography add ~0.1 s to the provider's first Check
    from pulumi_voxbind.api.client import VoximplantClient
    from pulumi_voxbind.api.credentials import Credentials

CONFIG_CREDENTIALS = "voxbind:credentials"
CONFIG_ENDPOINT = "voxbind:endpoint"
ENV_CREDENTIALS = "VOXIMPLANT_CREDENTIALS"
ENV_ENDPOINT = "VOXIMPLANT_API_URL"
ENV_DEADLINE = "VOXBIND_API_DEADLINE"

# Retry budget for unattended pipelines: a 30% transient failure rate still converges.
MAX_ATTEMPTS = 10
DEADLINE_SECONDS = 120.0


class MissingCredentialsError(RuntimeError):
    """Raised when neither credential source is set; the message names both."""


def api_deadline() -> float:
    """Seconds one API call may take, retries included (env VOXBIND_API_DEADLINE, else 120).

    A hung API then fails the call, and the binding, after this long with a clear error.
    """
    raw = os.environ.get(ENV_DEADLINE, "").strip()
    if not raw:
        return DEADLINE_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{ENV_DEADLINE} must be a positive number of seconds, got {raw!r}")
    return value


@dataclass(frozen=True)
class ProviderSettings:
    """Configuration handed to the provider by Pulumi's `configure` (never pickled)."""

    credentials_json: str | None = field(default=None, repr=False)
    endpoint: str | None = None

    @classmethod
    def from_config(cls, config: Any) -> ProviderSettings:
        """Read the `voxbind:*` keys from a `pulumi.dynamic.Config`."""
        credentials = config.get(CONFIG_CREDENTIALS) if config is not None else None
        endpoint = config.get(CONFIG_ENDPOINT) if config is not None else None
        return cls(credentials_json=credentials or None, endpoint=endpoint or None)


def load_credentials(settings: ProviderSettings) -> Credentials:
    """Credentials from stack config, else from the key file named by the environment."""
    from pulumi_voxbind.api.credentials import Credentials

    if settings.credentials_json:
        return Credentials.from_json(settings.credentials_json)
    path = os.environ.get(ENV_CREDENTIALS)
    if path:
        return Credentials.from_file(path)
    raise MissingCredentialsError(
        "no Voximplant credentials: set the stack config "
        f"'{CONFIG_CREDENTIALS}' (pulumi config set --secret {CONFIG_CREDENTIALS} < key.json) "
        f"or the environment variable {ENV_CREDENTIALS}=/path/to/key.json"
    )


def resolve_endpoint(settings: ProviderSettings) -> str | None:
    """The API endpoint to use; None means the client's default public endpoint."""
    return settings.endpoint or os.environ.get(ENV_ENDPOINT) or None


_clients: dict[tuple[str, str], VoximplantClient] = {}
_clients_lock = threading.Lock()


def client_for(settings: ProviderSettings) -> VoximplantClient:
    """The process-wide client for these settings, created on first use."""
    from pulumi_voxbind.api.client import VoximplantClient

    endpoint = resolve_endpoint(settings) or ""
    if settings.credentials_json:
        source = "config:" + hashlib.sha256(settings.credentials_json.encode()).hexdigest()
    else:
        source = "env:" + os.environ.get(ENV_CREDENTIALS, "")
    key = (endpoint, source)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = VoximplantClient(
                load_credentials(settings),
                endpoint=endpoint or None,
                max_attempts=MAX_ATTEMPTS,
                deadline=api_deadline(),
            )
            _clients[key] = client
        return client
