"""A trivial dynamic provider used by the toolchain smoke tests.

It lives in an importable module (not in a test file or ``__main__``) so that Pulumi pickles it
by reference, as it does ``pulumi_voxbind``'s providers; the provider process imports it back
through ``PYTHONPATH`` (see ``tests.support.pulumi_cli.pulumi_env``).
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import (
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)


def _inputs(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != "__provider"}


class EchoProvider(ResourceProvider):
    """Stores its inputs as outputs; the id is derived from ``value``."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=f"echo-{props['value']}", outs=_inputs(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=_inputs(olds) != _inputs(news))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(outs={**_inputs(olds), **_inputs(news)})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_=id_, outs=_inputs(props))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class Echo(Resource):
    value: pulumi.Output[str]

    def __init__(self, name: str, value: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__(EchoProvider(), name, {"value": value}, opts)
