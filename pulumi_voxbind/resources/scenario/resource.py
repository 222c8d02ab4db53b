"""Scenario: the resource users declare in their Pulumi programs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, overload

import pulumi
from pulumi.dynamic import Resource

from pulumi_voxbind.resources.common import id_output, resource_props
from pulumi_voxbind.resources.scenario.provider import ScenarioProvider

OUTPUT_KEYS = ("scenario_id", "scenario_name", "application_id", "script_sha256")


@dataclass(kw_only=True)
class ScenarioArgs:
    """Inputs of a Scenario (keywords only); fields accept plain values, Inputs or Outputs.

    Exactly one of `scenario_script` (the code as text) and `scenario_script_file` (a path
    relative to the program's working directory, the Pulumi project directory). Without
    `application_id` / `application_name` the scenario goes into the Shared folder.
    """

    scenario_name: pulumi.Input[str]
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

    Type token `pulumi-python:dynamic/voxbind:Scenario`; the Pulumi id is the scenario id. A
    script read from a file is kept in state as its path and hash only, never its text.
    Renames and script changes are one SetScenarioInfo; another folder is a replace.

    Outputs:
        scenario_id (int): the scenario's id (known in previews of updates).
        scenario_name (str): its name on the account.
        application_id (int | None): its folder's application, None for the Shared folder.
        script_sha256 (str): lowercase hex SHA-256 of the uploaded UTF-8 bytes (the hash
            voxengine-ci keeps in its metadata).
    """

    scenario_id: pulumi.Output[int]
    scenario_name: pulumi.Output[str]
    application_id: pulumi.Output[int | None]
    script_sha256: pulumi.Output[str]

    @overload
    def __init__(self, resource_name: str, args: ScenarioArgs,
                 opts: pulumi.ResourceOptions | None = None) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        scenario_name: pulumi.Input[str],
        scenario_script: pulumi.Input[str] | None = None,
        scenario_script_file: pulumi.Input[str] | None = None,
        application_id: pulumi.Input[int] | None = None,
        application_name: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

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
        """Declare a scenario, with a `ScenarioArgs` or with keywords (not both).

        :param resource_name: the Pulumi name of this resource (not the scenario's name).
        :param args: every input as a `ScenarioArgs`.
        :param opts: Pulumi resource options.
        :param scenario_name: required; 1-29 characters, no `;`, unique across the
            account's folders.
        :param scenario_script_file: a path relative to the program's working directory
            (the Pulumi project directory); exactly one of this and `scenario_script`. It
            must exist, be UTF-8, non-empty and under 128 KB.
        :param scenario_script: the code as text.
        :param application_id: the folder's application (`app.application_id`); at most
            one of this and `application_name`; neither means the Shared folder.
        :param application_name: the folder's application by short or full name.
        :param adopt: take over an existing scenario of that name in that folder instead of
            failing (default False; matters only at create).
        """
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
