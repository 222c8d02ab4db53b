"""What every pulumi-voxbind provider shares: settings, pickling guard, input hygiene.

A provider instance is pickled into Pulumi state by class path with nothing in it: the
credentials and endpoint come from `configure()` (stack config) or the environment when a
method runs, and the client, its name caches and the run's declarations live in the provider
process, shared by its gRPC threads.
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from pulumi_voxbind.resources.errors import install_clean_errors
from pulumi_voxbind.resources.settings import ProviderSettings

install_clean_errors()  # a no-op outside the provider process


def user_inputs(props: dict[str, Any]) -> dict[str, Any]:
    """The user's inputs without Pulumi's reserved keys (`__provider`)."""
    return {k: v for k, v in props.items() if not k.startswith("__")}


class VoxbindProvider(ResourceProvider):
    """Base of every provider: empty pickled state, configuration read per process."""

    # Nothing secret is ever captured (the pickled state is empty), so skip the encryption
    # Pulumi applies to every `__provider` blob by default; it costs time on large stacks.
    serialize_as_secret_always = False

    def __init__(self) -> None:
        super().__init__()
        self._settings = ProviderSettings()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle nothing: configuration is per process and may hold secrets."""
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._settings = ProviderSettings()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def configure(self, req: ConfigureRequest) -> None:
        """Remember stack config `voxbind:credentials` / `voxbind:endpoint` for this process."""
        self._settings = ProviderSettings.from_config(req.config)
