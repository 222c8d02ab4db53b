"""API calls run on the plugin's thread pool, many at once, never on the event loop."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from pulumi.dynamic import CreateResult
from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue

from pulumi_voxbind.plugin.provider import VoxbindPlugin

CALLS = 12  # more than the dynamic provider server's 4 workers


def test_creates_run_at_once_on_pool_threads(monkeypatch: Any) -> None:
    """Each create blocks until all CALLS are running: serialised calls would time out."""
    barrier = threading.Barrier(CALLS, timeout=20)
    threads: set[str] = set()
    loop_thread: list[threading.Thread] = []

    def create(self: Any, props: dict[str, Any]) -> CreateResult:
        assert threading.current_thread() is not loop_thread[0], "blocking on the event loop"
        threads.add(threading.current_thread().name)
        barrier.wait()
        return CreateResult("1", {"application_id": 1, "application_name": props[
            "application_name"]})

    monkeypatch.setattr("pulumi_voxbind.provider.ApplicationProvider.create", create)
    plugin = VoxbindPlugin(threads=32)

    async def run() -> list[rpc.CreateResponse]:
        loop_thread.append(threading.current_thread())
        urn = "urn:pulumi:dev::p::voxbind:index:Application::a{}"
        return await asyncio.gather(*(
            plugin.create(rpc.CreateRequest(urn.format(i), {
                "applicationName": PropertyValue(f"a{i}")}, 0, False))
            for i in range(CALLS)))

    responses = asyncio.run(run())
    assert [r.resource_id for r in responses] == ["1"] * CALLS
    assert len(threads) == CALLS and all(t.startswith("voxbind-api") for t in threads)
