"""The pinned public surface: names other code and external checks rely on."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from dataclasses import fields

import pytest

import pulumi_voxbind

RESOURCES = {
    # resource: (provider class, type token, Args fields = keywords)
    "Application": ("ApplicationProvider", ("application_name", "adopt")),
    "Rule": ("RuleProvider", ("application_id", "application_name", "rule_name", "rule_pattern",
                              "rule_pattern_exclude", "video_conference", "adopt")),
    "Scenario": ("ScenarioProvider", ("scenario_name", "scenario_script", "scenario_script_file",
                                      "application_id", "application_name", "adopt")),
    "RuleOrder": ("RuleOrderProvider", ("application_id", "application_name", "rule_ids")),
    "ScenarioBinding": ("ScenarioBindingProvider", ("application_id", "application_name",
                                                    "rule_id", "rule_name", "scenario_ids",
                                                    "scenario_names")),
    "PhoneNumberBinding": ("PhoneNumberBindingProvider", ("phone_number", "phone_id",
                                                          "application_id", "application_name",
                                                          "rule_id", "rule_name", "adopt")),
    "Secret": ("SecretProvider", ("application_id", "application_name", "secret_name",
                                  "secret_value", "description", "adopt")),
    "SipWhitelistEntry": ("SipWhitelistEntryProvider", ("network", "description", "adopt")),
}
# Inputs a program must give (no default in the Args dataclass, no "| None" in the keyword
# overload); the others default to None, adopt included.
REQUIRED = {
    "Application": {"application_name"},
    "Rule": {"rule_name", "rule_pattern"},
    "Scenario": {"scenario_name"},
    "RuleOrder": {"rule_ids"},
    "ScenarioBinding": set(),
    "PhoneNumberBinding": set(),
    "Secret": {"secret_name", "secret_value"},
    "SipWhitelistEntry": {"network"},
}
OUTPUTS = {
    "Application": {"application_id", "application_name"},
    "Rule": {"rule_id", "rule_name", "application_id", "application_name", "rule_pattern",
             "rule_pattern_exclude", "video_conference"},
    "Scenario": {"scenario_id", "scenario_name", "application_id", "script_sha256"},
    "RuleOrder": {"application_id", "rule_ids", "rule_names"},
    "PhoneNumberBinding": {"phone_id", "phone_number", "application_id", "application_name",
                           "rule_id", "rule_name"},
    "Secret": {"secret_id", "secret_name", "application_id", "description"},
    "SipWhitelistEntry": {"sip_whitelist_id", "network", "description"},
}


def test_all_lists_exactly_the_public_names() -> None:
    assert pulumi_voxbind.__all__ == sorted(pulumi_voxbind.__all__)
    assert set(pulumi_voxbind.__all__) == {
        "Application", "ApplicationArgs", "ApplicationProvider", "AuthError", "ConflictError",
        "Credentials", "CredentialsError", "EndpointUnreachableError", "InvalidParameterError",
        "NotFoundError", "PhoneNumberBinding", "PhoneNumberBindingArgs",
        "PhoneNumberBindingProvider", "RateLimitedError", "Rule", "RuleArgs", "RuleOrder",
        "RuleOrderArgs",
        "RuleOrderProvider", "RuleProvider", "Scenario", "ScenarioArgs", "ScenarioBinding",
        "ScenarioBindingArgs", "ScenarioBindingProvider", "ScenarioProvider", "Secret",
        "SecretArgs", "SecretProvider", "SipWhitelistEntry", "SipWhitelistEntryArgs",
        "SipWhitelistEntryProvider", "TransientError",
        "TransportError", "VoxfilesProject", "VoximplantClient", "VoximplantError",
    }
    for name in pulumi_voxbind.__all__:
        assert getattr(pulumi_voxbind, name).__name__ == name


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_provider_class_keeps_its_import_path(resource: str) -> None:
    """State pickles each provider by reference: moving a class would break old stacks."""
    import pulumi_voxbind.provider as stable

    provider_name, _ = RESOURCES[resource]
    provider = getattr(pulumi_voxbind, provider_name)
    assert provider.__module__ == "pulumi_voxbind.provider"
    assert getattr(stable, provider_name) is provider
    assert getattr(pulumi_voxbind, resource)._resource_type_name == f"dynamic/voxbind:{resource}"


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_args_and_keywords_are_the_pinned_inputs(resource: str) -> None:
    import inspect

    _, inputs = RESOURCES[resource]
    args = getattr(pulumi_voxbind, f"{resource}Args")
    assert {f.name for f in fields(args)} == set(inputs)
    optional = {f.name for f in fields(args) if f.default is not dataclasses.MISSING}
    assert set(inputs) - optional == REQUIRED[resource]
    assert all(f.default is None for f in fields(args) if f.name in optional)
    signature = inspect.signature(getattr(pulumi_voxbind, resource).__init__)
    keywords = [p.name for p in signature.parameters.values() if p.kind == p.KEYWORD_ONLY]
    assert set(keywords) == set(inputs)
    if resource in OUTPUTS:
        annotations = inspect.get_annotations(getattr(pulumi_voxbind, resource))
        assert set(annotations) == OUTPUTS[resource]


def test_provider_paths_unpickle_in_a_fresh_process() -> None:
    """The exact bytes Pulumi stores load in a new interpreter (by reference, not by value)."""
    from pulumi.dynamic.dynamic import serialize_provider

    blobs = [serialize_provider(getattr(pulumi_voxbind, p)()) for p, _ in RESOURCES.values()]
    code = ("import base64, sys, dill; "
            "print(*[type(dill.loads(base64.b64decode(b))).__qualname__ "
            "for b in sys.argv[1:]])")
    out = subprocess.run([sys.executable, "-c", code, *blobs], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == [p for p, _ in RESOURCES.values()]
    assert all(len(b) < 200 for b in blobs), "pickled by reference: a class path, no code"


def test_emulator_imports_without_requests_or_pulumi() -> None:
    code = ("import sys, pulumi_voxbind.emulator; "
            "print(sorted(m for m in ('requests', 'pulumi') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_version_comes_from_the_package_metadata() -> None:
    """`__version__` is what pip installed, and pyproject.toml is the one place it is written."""
    import re
    from importlib.metadata import version
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    declared = re.search(r'^version = "([^"]+)"$', pyproject, re.MULTILINE)
    assert declared is not None
    assert pulumi_voxbind.__version__ == version("pulumi-voxbind") == declared.group(1)
    assert "__version__" in dir(pulumi_voxbind)


def test_voxfiles_project_is_a_component_with_its_type_token() -> None:
    import pulumi

    from pulumi_voxbind import VoxfilesProject

    assert issubclass(VoxfilesProject, pulumi.ComponentResource)
    assert VoxfilesProject.__module__ == "pulumi_voxbind.voxfiles.component"
