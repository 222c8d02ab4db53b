"""Run a Pulumi program under pulumi.runtime mocks and record what it registers.

Until the Application / Rule / Scenario / RuleOrder resources land (issue 12), `pinned`
stands them in with their pinned constructor signatures (keyword inputs only, a wrong
keyword is a TypeError) and type tokens, so VoxfilesProject is tested against that surface.
ScenarioBinding is the real class.
"""

from __future__ import annotations

import asyncio
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor

DYNAMIC = "pulumi-python:dynamic/voxbind:"
FIRST_ID = {"Application": 101, "Rule": 2001, "Scenario": 30001}


class _Pinned(pulumi.CustomResource):
    KIND = ""
    OUTPUTS: tuple[str, ...] = ()

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None,
                 inputs: dict[str, Any]) -> None:
        props = {**{key: None for key in self.OUTPUTS}, **inputs}
        super().__init__(DYNAMIC + self.KIND, resource_name, props, opts)


class Application(_Pinned):
    KIND, OUTPUTS = "Application", ("application_id", "application_name")

    def __init__(self, resource_name: str, args: object = None,
                 opts: pulumi.ResourceOptions | None = None, *, application_name: Any = None,
                 adopt: Any = None) -> None:
        super().__init__(resource_name, opts, {"application_name": application_name,
                                               "adopt": adopt})


class Scenario(_Pinned):
    KIND, OUTPUTS = "Scenario", ("scenario_id", "script_sha256")

    def __init__(self, resource_name: str, args: object = None,
                 opts: pulumi.ResourceOptions | None = None, *, scenario_name: Any = None,
                 scenario_script: Any = None, scenario_script_file: Any = None,
                 application_id: Any = None, application_name: Any = None,
                 adopt: Any = None) -> None:
        super().__init__(resource_name, opts, {
            "scenario_name": scenario_name, "scenario_script": scenario_script,
            "scenario_script_file": scenario_script_file, "application_id": application_id,
            "application_name": application_name, "adopt": adopt})


class Rule(_Pinned):
    KIND, OUTPUTS = "Rule", ("rule_id",)

    def __init__(self, resource_name: str, args: object = None,
                 opts: pulumi.ResourceOptions | None = None, *, application_id: Any = None,
                 application_name: Any = None, rule_name: Any = None, rule_pattern: Any = None,
                 rule_pattern_exclude: Any = None, video_conference: Any = None,
                 adopt: Any = None) -> None:
        super().__init__(resource_name, opts, {
            "application_id": application_id, "application_name": application_name,
            "rule_name": rule_name, "rule_pattern": rule_pattern,
            "rule_pattern_exclude": rule_pattern_exclude,
            "video_conference": video_conference, "adopt": adopt})


class RuleOrder(_Pinned):
    KIND = "RuleOrder"

    def __init__(self, resource_name: str, args: object = None,
                 opts: pulumi.ResourceOptions | None = None, *, application_id: Any = None,
                 application_name: Any = None, rule_ids: Any = None) -> None:
        super().__init__(resource_name, opts, {"application_id": application_id,
                                               "application_name": application_name,
                                               "rule_ids": rule_ids})


PINNED = {"Application": Application, "Scenario": Scenario, "Rule": Rule,
          "RuleOrder": RuleOrder}


@dataclass
class Registration:
    """One RegisterResource call as the engine would see it."""

    type: str
    name: str
    parent: str
    inputs: dict[str, Any]
    aliases: list[str]
    retain_on_delete: bool
    urn: str = ""

    @property
    def kind(self) -> str:
        return self.type.rsplit(":", 1)[-1]


@dataclass
class Recorder(pulumi.runtime.Mocks):
    """Mocks that give every object an emulator-like id and keep every registration."""

    registrations: list[Registration] = field(default_factory=list)
    counters: dict[str, itertools.count] = field(default_factory=dict)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        kind = args.typ.rsplit(":", 1)[-1]
        state = dict(args.inputs)
        if kind in FIRST_ID:
            counter = self.counters.setdefault(kind, itertools.count(FIRST_ID[kind]))
            object_id = next(counter)
            state[{"Application": "application_id", "Rule": "rule_id",
                   "Scenario": "scenario_id"}[kind]] = object_id
            return str(object_id), state
        return f"{kind}-{args.name}", state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict, list | None]:
        return {}, None

    def by_kind(self, kind: str) -> list[Registration]:
        return [r for r in self.registrations if r.kind == kind]

    def named(self, name: str) -> Registration:
        [found] = [r for r in self.registrations if r.name == name]
        return found


class _RecordingMonitor(MockMonitor):
    def __init__(self, recorder: Recorder) -> None:
        super().__init__(recorder)
        self.recorder = recorder

    def RegisterResource(self, request: Any) -> Any:  # the gRPC method name
        response = super().RegisterResource(request)
        if request.type != "pulumi:pulumi:Stack":
            aliases = [a.urn or a.spec.name for a in request.aliases]
            aliases += list(request.aliasURNs)
            self.recorder.registrations.append(Registration(
                request.type, request.name, request.parent,
                pulumi.runtime.rpc.deserialize_properties(request.object), aliases,
                request.retainOnDelete, response.urn))
        return response


def run_program(program: Callable[[], Any], *, preview: bool = False,
                recorder: Recorder | None = None) -> Recorder:
    """Run `program` like `pulumi up` (or preview) under mocks; return every registration."""
    recorder = recorder if recorder is not None else Recorder()
    _ensure_current_loop()
    pulumi.runtime.set_mocks(recorder, project="proj", stack="dev", preview=preview,
                             monitor=_RecordingMonitor(recorder))

    @pulumi.runtime.test
    def run() -> Any:
        return program()

    run()
    return recorder


def _ensure_current_loop() -> None:
    """The SDK schedules on the thread's current loop, which an earlier asyncio.run() unsets.

    A loop set here stays current for the rest of the session, like the default one would.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            asyncio.get_event_loop()
    except RuntimeError:
        asyncio.set_event_loop(asyncio.new_event_loop())
