"""Drive the real voxbind plugin process (`pulumi-resource-voxbind`) over gRPC, as the engine.

Requests carry camelCase property maps; numbers travel as floats, unknowns as the engine's
sentinel, secrets in their signature wrapper. No Pulumi CLI is needed.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from tests.support.provider_process import ProviderError

URN = "urn:pulumi:dev::proj::voxbind:index:{kind}::{name}"
PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:voxbind::default"
UNKNOWN = rpc.UNKNOWN


def marshal(props: dict[str, Any]) -> Any:
    """A Python dict as the protobuf Struct the engine sends (secrets kept as secrets)."""
    return asyncio.run(rpc.serialize_properties(props, {}, keep_output_values=False))


def unmarshal(struct: Any) -> dict[str, Any]:
    """A Struct as a dict, secrets left in their wrapper (so tests can see them)."""
    return rpc.deserialize_properties(struct, keep_unknowns=True, keep_internal=True)


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(rpc._special_sig_key) == \
        rpc._special_secret_sig


class PluginProcess:
    """One plugin process and a stub to call it; `calls` counts requests by method."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.stderr_path = cwd / "plugin-stderr.log"
        self._stderr = self.stderr_path.open("wb")
        # The console script pip put next to this interpreter (the engine finds it on PATH).
        exe = Path(sys.executable).parent / "pulumi-resource-voxbind"
        assert exe.is_file(), f"{exe} is missing: pip install -e . puts it there"
        self.proc = subprocess.Popen([str(exe), "127.0.0.1:0"], stdout=subprocess.PIPE,
                                     stderr=self._stderr, cwd=cwd, env=env)
        assert self.proc.stdout is not None
        port = int(self.proc.stdout.readline())
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(self.channel).result(timeout=30)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def _rpc(self, name: str, request: Any) -> Any:
        try:
            return getattr(self.stub, name)(request, timeout=120)
        except grpc.RpcError as exc:
            raise ProviderError(exc.code(), exc.details() or "") from None

    def plugin_info(self) -> str:
        return str(self.stub.GetPluginInfo(empty_pb2.Empty()).version)

    def schema(self) -> str:
        return str(self._rpc("GetSchema", provider_pb2.GetSchemaRequest(version=0)).schema)

    def configure(self, args: dict[str, Any]) -> Any:
        return self._rpc("Configure", provider_pb2.ConfigureRequest(
            args=marshal(args), acceptSecrets=True, acceptResources=True))

    def diff_config(self, olds: dict[str, Any], news: dict[str, Any]) -> Any:
        return self._rpc("DiffConfig", provider_pb2.DiffRequest(
            urn=PROVIDER_URN, id="p", olds=marshal(olds), news=marshal(news)))

    def check(self, kind: str, news: dict[str, Any], name: str = "r",
              olds: dict[str, Any] | None = None) -> tuple[
            dict[str, Any], list[tuple[str, str]]]:
        """Check as the engine does: `olds` are the resource's old inputs (none when new)."""
        response = self._rpc("Check", provider_pb2.CheckRequest(
            urn=URN.format(kind=kind, name=name), olds=marshal(olds or {}),
            news=marshal(news)))
        return unmarshal(response.inputs), [(f.property, f.reason) for f in response.failures]

    def diff(self, kind: str, id_: str, olds: dict[str, Any], news: dict[str, Any],
             name: str = "r") -> Any:
        return self._rpc("Diff", provider_pb2.DiffRequest(
            id=id_, urn=URN.format(kind=kind, name=name), olds=marshal(olds),
            news=marshal(news)))

    def create(self, kind: str, inputs: dict[str, Any], name: str = "r") -> tuple[
            str, dict[str, Any]]:
        response = self._rpc("Create", provider_pb2.CreateRequest(
            urn=URN.format(kind=kind, name=name), properties=marshal(inputs)))
        return response.id, unmarshal(response.properties)

    def update(self, kind: str, id_: str, olds: dict[str, Any], news: dict[str, Any],
               name: str = "r") -> dict[str, Any]:
        response = self._rpc("Update", provider_pb2.UpdateRequest(
            id=id_, urn=URN.format(kind=kind, name=name), olds=marshal(olds),
            news=marshal(news)))
        return unmarshal(response.properties)

    def read(self, kind: str, id_: str, outputs: dict[str, Any] | None = None,
             inputs: dict[str, Any] | None = None, name: str = "r") -> tuple[
            str, dict[str, Any], dict[str, Any]]:
        response = self._rpc("Read", provider_pb2.ReadRequest(
            id=id_, urn=URN.format(kind=kind, name=name), properties=marshal(outputs or {}),
            inputs=marshal(inputs or {})))
        return response.id, unmarshal(response.properties), unmarshal(response.inputs)

    def delete(self, kind: str, id_: str, outputs: dict[str, Any], name: str = "r") -> None:
        self._rpc("Delete", provider_pb2.DeleteRequest(
            id=id_, urn=URN.format(kind=kind, name=name), properties=marshal(outputs)))

    def close(self) -> str:
        self.channel.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()
        return self.stderr_path.read_text(errors="replace")
