"""Drive the real dynamic-provider process (`python -m pulumi.dynamic`) over gRPC.

Talks to it the way the Pulumi engine does: the serialized provider travels as `__provider`
in protobuf Structs, numbers arrive as floats, unknowns as the engine's sentinel, and the
provider is unpickled in a fresh process. No Pulumi CLI is needed.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from pulumi_voxbind.provider import ScenarioBindingProvider

URN = "urn:pulumi:dev::proj::pulumi-python:dynamic/voxbind:ScenarioBinding::{name}"
UNKNOWN = rpc.UNKNOWN


def marshal(props: dict[str, Any]) -> Any:
    """A Python dict as the protobuf Struct the engine sends."""
    return asyncio.run(rpc.serialize_properties(props, {}))


def unmarshal(struct: Any) -> dict[str, Any]:
    """A protobuf Struct as a Python dict (numbers come back as floats)."""
    return rpc.deserialize_properties(struct, True)


def secret(value: Any) -> dict[str, Any]:
    """A value wrapped as a Pulumi secret, as the engine sends secret config."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


class ProviderError(Exception):
    """A provider RPC failed; `details` holds the text the engine would show the user."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(details)
        self.code = code
        self.details = details


class ProviderProcess:
    """One `python -m pulumi.dynamic` process and a stub to call it."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.stderr_path = cwd / "provider-stderr.log"
        self._stderr = self.stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=self._stderr, cwd=cwd,
            env={**env, "PULUMI_PROJECT": "proj"},
        )
        assert self.proc.stdout is not None
        port = int(self.proc.stdout.readline())
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(self.channel).result(timeout=30)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)
        self.provider_blob = serialize_provider(ScenarioBindingProvider())

    def _rpc(self, name: str, request: Any) -> Any:
        try:
            return getattr(self.stub, name)(request, timeout=120)
        except grpc.RpcError as exc:
            raise ProviderError(exc.code(), exc.details() or "") from None

    def configure(self, config: dict[str, Any]) -> None:
        """Send stack config, as the engine's Configure does."""
        self.stub.GetPluginInfo(empty_pb2.Empty())
        self._rpc("Configure", provider_pb2.ConfigureRequest(args=marshal(config),
                                                             acceptSecrets=True))

    def check(self, news: dict[str, Any], olds: dict[str, Any] | None = None,
              name: str = "b") -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Check new inputs; returns the checked inputs and (property, reason) failures."""
        response = self._rpc("Check", provider_pb2.CheckRequest(
            urn=URN.format(name=name), olds=marshal(olds or {}),
            news=marshal({**news, "__provider": self.provider_blob})))
        return unmarshal(response.inputs), [(f.property, f.reason) for f in response.failures]

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any],
             name: str = "b") -> Any:
        """Diff state outputs against new inputs; returns the DiffResponse."""
        return self._rpc("Diff", provider_pb2.DiffRequest(
            id=id_, urn=URN.format(name=name), olds=marshal(olds),
            news=marshal({**news, "__provider": self.provider_blob})))

    def create(self, inputs: dict[str, Any], name: str = "b") -> tuple[str, dict[str, Any]]:
        """Create from checked inputs; returns (id, outputs)."""
        response = self._rpc("Create", provider_pb2.CreateRequest(
            urn=URN.format(name=name),
            properties=marshal({**inputs, "__provider": self.provider_blob})))
        return response.id, unmarshal(response.properties)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any],
               name: str = "b") -> dict[str, Any]:
        """Update from state outputs to new inputs; returns the new outputs."""
        response = self._rpc("Update", provider_pb2.UpdateRequest(
            id=id_, urn=URN.format(name=name), olds=marshal(olds),
            news=marshal({**news, "__provider": self.provider_blob})))
        return unmarshal(response.properties)

    def read(self, id_: str, outputs: dict[str, Any], inputs: dict[str, Any],
             name: str = "b") -> tuple[str, dict[str, Any], dict[str, Any]]:
        """Refresh; returns (id, outputs, inputs); an empty id means the resource is gone."""
        response = self._rpc("Read", provider_pb2.ReadRequest(
            id=id_, urn=URN.format(name=name), properties=marshal(outputs),
            inputs=marshal({**inputs, "__provider": self.provider_blob})))
        return response.id, unmarshal(response.properties), unmarshal(response.inputs)

    def delete(self, id_: str, outputs: dict[str, Any], name: str = "b") -> None:
        """Delete the resource described by its state outputs."""
        self._rpc("Delete", provider_pb2.DeleteRequest(
            id=id_, urn=URN.format(name=name), properties=marshal(outputs)))

    def close(self) -> str:
        """Stop the process; return what it wrote to stderr."""
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


def provider_env(**extra: str) -> dict[str, str]:
    """The test environment minus any ambient Voximplant settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VOXIMPLANT_CREDENTIALS", "VOXIMPLANT_API_URL")}
    env.update(extra)
    return env
