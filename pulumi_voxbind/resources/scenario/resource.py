"""Scenario: the resource users declare in their Pulumi programs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.scenario.provider import ScenarioProvider

OUTPUT_KEYS = ("scenario_id", "scenario_name", "application_id", "script_sha256")


@dataclass
class ScenarioArgs:
    """Inputs of a Scenario; every field accepts plain values, Inputs or Outputs.

    Exactly one of `scenario_script` (the code as text) and `scenario_script_file` (a path
    relative to the program's working directory, the Pulumi project directory). Without
    `application_id` / `application_name` the scenario goes into the Shared folder.
    """

    scenario_name: pulumi.Input[str] | None = None
    scenario_script: pulumi.Input[str] | None = None
    scenario_script_file: pulumi.Input[str] | None = None
    application_id: pulumi.Input[int] | None = None
    application_name: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None


def _absolute(path: Any) -> Any:
    """The program resolves a relative script path against its own working directory."""
    if path is None:
        return None
    if isinstance(path, str):
        return os.path.abspath(path)
    return pulumi.Output.from_input(path).apply(
        lambda p: os.path.abspath(p) if isinstance(p, str) else p)


class Scenario(Resource, module="voxbind", name="Scenario"):
    """A VoxEngine scenario, uploaded exactly as written; a script edit is one in-place update.

    Type token `pulumi-python:dynamic/voxbind:Scenario`. Outputs: `scenario_id`,
    `scenario_name`, `application_id` (None for the Shared folder) and `script_sha256`
    (lowercase hex SHA-256 of the uploaded UTF-8 bytes). A script read from a file is kept in
    state as its path and hash only.
    """

    scenario_id: pulumi.Output[int]
    scenario_name: pulumi.Output[str]
    application_id: pulumi.Output[int | None]
    script_sha256: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ScenarioArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        scenario_name: pulumi.Input[str] | None = None,
        scenario_script: pulumi.Input[str] | None = None,
        scenario_script_file: pulumi.Input[str] | None = None,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None:
        keywords = {
            "scenario_name": scenario_name,
            "scenario_script": scenario_script,
            "scenario_script_file": scenario_script_file,
            "application_id": application_id,
            "application_name": application_name,
            "adopt": adopt,
        }
        props = resource_props("Scenario", resource_name, args, keywords, OUTPUT_KEYS)
        props["scenario_script_path"] = _absolute(props.get("scenario_script_file"))
        super().__init__(ScenarioProvider(), resource_name, props, opts)
        self.scenario_id = id_output(self)  # known in previews of updates
