"""`voxbind:index:VoxfilesProject` as a multi-language component, built by the plugin.

A program in any language registers the component remotely; the engine asks the plugin to
construct it. The plugin builds the same `VoxfilesProject` the Python door has, with the
plugin's own resource classes (`pulumi_voxbind.sdk`) as its children, and reads the tree
relative to its working directory, which the engine sets to the program's directory.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.output import Unknown
from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from pulumi_voxbind.plugin.values import data_property, to_plain
from pulumi_voxbind.resources.errors import ProviderError
from pulumi_voxbind.voxfiles.component import TYPE_TOKEN, VoxfilesProject

OUTPUTS = ("applications", "rules", "scenarios")


class PluginVoxfilesProject(VoxfilesProject):
    """VoxfilesProject whose children are the plugin's resources (voxbind:index:*)."""

    @staticmethod
    def _classes() -> Any:
        import pulumi_voxbind.sdk

        return pulumi_voxbind.sdk


async def _state(output: pulumi.Output[Any]) -> PropertyValue:
    """An output of the component as the engine's property value (unknown in a preview)."""
    if not await output.is_known():
        return PropertyValue(UNKNOWN)
    value = await output.future(with_unknowns=True)
    if isinstance(value, Unknown):
        return PropertyValue(UNKNOWN)
    return data_property(value, secret=await output.is_secret())


async def construct(request: rpc.ConstructRequest) -> rpc.ConstructResponse:
    """Build the component and its children; answer with its URN and outputs."""
    if request.resource_type != TYPE_TOKEN:
        raise ProviderError(f"the voxbind provider has no component {request.resource_type!r}; "
                            f"it builds {TYPE_TOKEN}")
    inputs = to_plain(request.inputs).values
    path, adopt = inputs.get("path"), inputs.get("adopt", True)
    if not isinstance(path, str) or not path:
        raise ProviderError(f"VoxfilesProject {request.name!r}: path must be the voxfiles "
                            f"directory (a string known before deployment), got {path!r}")
    if not isinstance(adopt, bool):
        raise ProviderError(f"VoxfilesProject {request.name!r}: adopt must be true or false, "
                            f"got {adopt!r}")
    project = PluginVoxfilesProject(request.name, path, adopt=adopt, opts=request.options)
    state = {key: await _state(getattr(project, key)) for key in OUTPUTS}
    urn = await project.urn.future()
    assert urn is not None
    return rpc.ConstructResponse(urn=urn, state=state, state_dependencies={})
