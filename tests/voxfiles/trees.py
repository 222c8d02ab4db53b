"""Build voxfiles/ trees on disk as voxengine-ci writes them (JSON.stringify, no whitespace)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ACCOUNT = "emulator.voximplant.com"


def full(short: str) -> str:
    return f"{short}.{ACCOUNT}"


def compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_tree(root: Path, applications: dict[str, list[dict[str, Any]]],
              scenarios: dict[str, str]) -> Path:
    """A tree with `applications` (short name -> rules.config entries) and scenario sources."""
    (root / "applications").mkdir(parents=True, exist_ok=True)
    for short, rules in applications.items():
        directory = root / "applications" / full(short)
        write(directory / "application.config.json", compact({"applicationName": full(short)}))
        write(directory / "rules.config.json", compact(rules))
    for name, script in scenarios.items():
        write(root / "scenarios" / "src" / f"{name}.voxengine.js", script)
    (root / "scenarios" / "dist").mkdir(parents=True, exist_ok=True)
    return root


def write_scenario_metadata(root: Path, name: str, scenario_id: int, script: str) -> Path:
    """`.voxengine-ci/scenarios/dist/<name>.metadata.config.json` as upload/init write it."""
    return write(root / ".voxengine-ci" / "scenarios" / "dist" / f"{name}.metadata.config.json",
                 compact({"scenarioId": scenario_id, "scenarioName": name,
                          "hash": sha256(script)}))


def write_rules_metadata(root: Path, short: str, rules: list[dict[str, Any]]) -> Path:
    """`rules.metadata.config.json`; each rule has `scenarios` as (name, id) pairs."""
    entries = [{"ruleName": r["ruleName"], "ruleId": r["ruleId"],
                "scenarios": [{"scenarioName": n, "scenarioId": i} for n, i in r["scenarios"]],
                "rulePattern": r["rulePattern"]} for r in rules]
    return write(root / ".voxengine-ci" / "applications" / full(short)
                 / "rules.metadata.config.json", compact(entries))
