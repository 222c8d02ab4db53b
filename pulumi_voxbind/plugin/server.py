"""The plugin's gRPC server: Pulumi's own (`pulumi.provider.experimental.server`), two fixes on.

`main` is the SDK's `server.main` with a subclass of its servicer:
- errors this package explains (API, credential and our own errors) reach the CLI as their
  message alone; the SDK's server appends a Python stack to every error, which is right only
  for bugs (those keep it; VOXBIND_DEBUG=1 keeps it for every error, as for the dynamic door);
- `DiffConfig` is served without the SDK's detailed-diff conversion, which reads a misspelt
  attribute (`v.inputDiff`) and would fail the call (provider.diff_config returns none).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc  # type: ignore[import-untyped]
import grpc.aio  # type: ignore[import-untyped]
from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime import proto
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_voxbind.plugin.provider import VoxbindPlugin, plugin_version, user_words
from pulumi_voxbind.resources.errors import _is_explained
from pulumi_voxbind.voxfiles.problems import VoxfilesError


def explained(exc: BaseException) -> str | None:
    """The user-facing message behind an error the SDK's server re-raised, if it has one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_explained(current) or isinstance(current, VoxfilesError):
            return user_words(str(current))
        current = current.__cause__ or current.__context__
    return None


class VoxbindServicer(ProviderServicer):
    """Pulumi's servicer with clean error messages and a working DiffConfig."""

    async def _clean(self, call: Callable[[Any, Any], Awaitable[Any]], request: Any,
                     context: Any) -> Any:
        try:
            return await call(request, context)
        except Exception as exc:
            message = None if os.environ.get("VOXBIND_DEBUG") else explained(exc)
            if message is None:
                raise
            await context.abort(grpc.StatusCode.UNKNOWN, message)

    async def Check(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Check, request, context)

    async def Diff(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Diff, request, context)

    async def Create(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Create, request, context)

    async def Read(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Read, request, context)

    async def Update(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Update, request, context)

    async def Delete(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Delete, request, context)

    async def Construct(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Construct, request, context)

    async def DiffConfig(self, request: Any, context: Any) -> Any:
        resp = await self._provider.diff_config(rpc.DiffRequest(
            request.urn, request.id, PropertyValue.unmarshal_map(request.olds),
            PropertyValue.unmarshal_map(request.news), list(request.ignoreChanges)))
        changes = proto.DiffResponse.DIFF_UNKNOWN if resp.changes is None else (
            proto.DiffResponse.DIFF_SOME if resp.changes else proto.DiffResponse.DIFF_NONE)
        return proto.DiffResponse(replaces=resp.replaces, stables=resp.stables,
                                  deleteBeforeReplace=resp.delete_before_replace,
                                  changes=changes, diffs=resp.diffs)


def main(argv: list[str] | None = None) -> None:
    """Entry point of `pulumi-resource-voxbind`: serve the provider on a loopback port."""
    args = list(sys.argv[1:] if argv is None else argv)
    engine = next((a for a in args if not a.startswith("-")), "")

    async def serve() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = VoxbindServicer(args, plugin_version(), VoxbindPlugin(), engine_address=engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.buffer.write(f"{port}\n".encode())
        sys.stdout.buffer.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
