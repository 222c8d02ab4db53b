"""The run's declarations over gRPC: concurrent steps never unbind what the program declares.

Each round is one `pulumi up` as the engine drives it: a fresh provider process checks every
binding of the new program, then runs the creates, updates and deletes concurrently in a
random order. Afterwards the rule must run exactly the union of what the program declares,
each binding's scenarios in its order.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.support.protocol_harness import APP, Harness
from tests.support.provider_process import ProviderError

RULE = "inbound"
NAMES = ("greeting", "menu", "bye", "foreign-a", "foreign-b")
ROUNDS = 6


def _program(rng: random.Random) -> dict[str, list[str]]:
    """A random program: 2-4 bindings on one rule, overlapping, in one consistent order."""
    order = rng.sample(NAMES, len(NAMES))
    bindings = {}
    for name in rng.sample(["one", "two", "three", "four"], rng.randint(2, 4)):
        chosen = set(rng.sample(NAMES, rng.randint(1, 3)))
        bindings[name] = [s for s in order if s in chosen]
    return bindings


def _inputs(scenarios: list[str]) -> dict[str, Any]:
    return {"application_name": APP, "rule_name": RULE, "scenario_names": scenarios}


def test_concurrent_steps_leave_the_union_of_declarations(h: Harness) -> None:
    rng = random.Random(20261130)
    state: dict[str, tuple[str, dict[str, Any]]] = {}  # name -> (id, outputs)
    for _ in range(ROUNDS):
        program = _program(rng)
        h.next_command()
        checked = {}
        for name, scenarios in program.items():
            inputs, failures = h.provider.check(_inputs(scenarios), name=name)
            assert failures == []
            checked[name] = inputs

        def step(name: str, checked: dict[str, Any] = checked,
                 program: dict[str, list[str]] = program) -> None:
            if name not in program:
                h.provider.delete(state[name][0], state[name][1], name=name)
                del state[name]
            elif name in state:
                outs = h.provider.update(state[name][0], state[name][1], checked[name], name=name)
                state[name] = (state[name][0], outs)
            else:
                state[name] = h.provider.create(checked[name], name=name)

        steps = sorted(set(program) | set(state))
        rng.shuffle(steps)
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(step, steps))

        live = h.bound(RULE)
        declared = {s for scenarios in program.values() for s in scenarios}
        assert set(live) == declared, (program, live)
        for name, scenarios in program.items():
            assert [s for s in live if s in scenarios] == scenarios, (name, program, live)
            assert state[name][1]["scenario_names"] == scenarios


def test_contradicting_orders_on_one_rule_are_refused_clearly(h: Harness) -> None:
    one = _inputs(["greeting", "menu"])
    two = _inputs(["menu", "greeting"])
    inputs_one, _ = h.provider.check(one, name="one")
    inputs_two, _ = h.provider.check(two, name="two")
    for name, inputs in (("one", inputs_one), ("two", inputs_two)):
        with pytest.raises(ProviderError) as info:
            h.provider.create(inputs, name=name)
        message = info.value.details
        assert "contradicting orders" in message and "'greeting'" in message
        assert "Traceback" not in message
        assert h.bound(RULE) == [], "a refused binding rolls back what it bound"
