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
        "VoximplantClient", "VoximplantError",
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
