"""The pinned public surface: names other code and external checks rely on."""

from __future__ import annotations

import subprocess
import sys

import pulumi_voxbind


def test_all_lists_exactly_the_public_names() -> None:
    assert pulumi_voxbind.__all__ == sorted(pulumi_voxbind.__all__)
    assert set(pulumi_voxbind.__all__) == {
        "AuthError", "ConflictError", "Credentials", "CredentialsError", "EndpointUnreachableError",
        "InvalidParameterError", "NotFoundError", "RateLimitedError", "ScenarioBinding",
        "ScenarioBindingArgs", "ScenarioBindingProvider", "TransientError", "TransportError",
        "VoxfilesProject", "VoximplantClient", "VoximplantError",
    }
    for name in pulumi_voxbind.__all__:
        assert getattr(pulumi_voxbind, name).__name__ == name


def test_provider_class_keeps_its_import_path() -> None:
    """State pickles the provider by reference: moving the class would break old stacks."""
    from pulumi_voxbind import ScenarioBindingProvider

    assert ScenarioBindingProvider.__module__ == "pulumi_voxbind.provider"
    assert pulumi_voxbind.ScenarioBinding._resource_type_name == "dynamic/voxbind:ScenarioBinding"


def test_emulator_imports_without_requests_or_pulumi() -> None:
    code = ("import sys, pulumi_voxbind.emulator; "
            "print(sorted(m for m in ('requests', 'pulumi') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_voxfiles_project_is_a_component_with_its_type_token() -> None:
    import pulumi

    from pulumi_voxbind import VoxfilesProject

    assert issubclass(VoxfilesProject, pulumi.ComponentResource)
    assert VoxfilesProject.__module__ == "pulumi_voxbind.voxfiles.component"
