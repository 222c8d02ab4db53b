"""`.voxengine-ci/` metadata, read as hints only: it may be stale, absent or hand-edited.

voxengine-ci rewrites it on `init` and `upload` only, so after a move to Pulumi it describes
the account as voxengine-ci last left it. Nothing here decides what is declared or which
object is adopted (the account, looked up by name, is the truth); it only helps tell a rename
from a delete plus an add (`renames.py`). A metadata file that cannot be read is a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

METADATA_DIR = ".voxengine-ci"
SCENARIO_SUFFIX = ".metadata.config.json"


@dataclass(frozen=True)
class ScenarioHint:
    """`.voxengine-ci/scenarios/dist/<name>.metadata.config.json`: id and sha256 at last upload."""

    name: str
    scenario_id: int | None
    sha256: str


@dataclass(frozen=True)
class RuleHint:
    """One entry of `rules.metadata.config.json`, as the platform had the rule at last upload."""

    name: str
    rule_id: int | None
    pattern: str
    scenarios: tuple[str, ...]


@dataclass(frozen=True)
class MetadataHints:
    """Everything readable under `.voxengine-ci/`, plus warnings for what was not."""

    scenarios: dict[str, ScenarioHint]
    rules: dict[str, dict[str, RuleHint]]   # application directory -> rule name -> hint
    warnings: tuple[str, ...]


def read_hints(root: Path, shown_root: str) -> MetadataHints:
    """Read the metadata voxengine-ci left under `root/.voxengine-ci` (none is fine)."""
    warnings: list[str] = []
    scenarios: dict[str, ScenarioHint] = {}
    rules: dict[str, dict[str, RuleHint]] = {}
    base = root / METADATA_DIR
    dist = base / "scenarios" / "dist"
    if dist.is_dir():
        for path in sorted(dist.glob(f"*{SCENARIO_SUFFIX}")):
            name = path.name[: -len(SCENARIO_SUFFIX)]
            data = _load(path, _shown(shown_root, path, root), warnings)
            hint = _scenario_hint(name, data)
            if hint is not None:
                scenarios[name] = hint
            elif data is not None:
                warnings.append(f"{_shown(shown_root, path, root)}: ignored: expected "
                                '{"scenarioId": int, "scenarioName": str, "hash": str}')
    applications = base / "applications"
    if applications.is_dir():
        for directory in sorted(p for p in applications.iterdir() if p.is_dir()):
            path = directory / "rules.metadata.config.json"
            if not path.is_file():
                continue
            data = _load(path, _shown(shown_root, path, root), warnings)
            hints = _rule_hints(data)
            if hints is None:
                if data is not None:
                    warnings.append(f"{_shown(shown_root, path, root)}: ignored: expected a "
                                    "list of {ruleName, ruleId, rulePattern, scenarios}")
                continue
            rules[directory.name] = hints
    return MetadataHints(scenarios, rules, tuple(warnings))


def _shown(shown_root: str, path: Path, root: Path) -> str:
    return str(Path(shown_root) / path.relative_to(root))


def _load(path: Path, shown: str, warnings: list[str]) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        warnings.append(f"{shown}: ignored: cannot be read as JSON ({exc})")
        return None


def _scenario_hint(name: str, data: Any) -> ScenarioHint | None:
    if not isinstance(data, dict) or not isinstance(data.get("hash"), str):
        return None
    scenario_id = data.get("scenarioId")
    return ScenarioHint(name, scenario_id if _is_int(scenario_id) else None,
                        data["hash"].lower())


def _rule_hints(data: Any) -> dict[str, RuleHint] | None:
    if not isinstance(data, list):
        return None
    hints: dict[str, RuleHint] = {}
    for entry in data:
        if not isinstance(entry, dict) or not isinstance(entry.get("ruleName"), str):
            return None
        listed = entry.get("scenarios") or []
        raw = [s.get("scenarioName") for s in listed if isinstance(s, dict)]
        names = tuple(n for n in raw if isinstance(n, str))
        if len(names) != len(raw):
            return None
        pattern = entry.get("rulePattern")
        rule_id = entry.get("ruleId")
        hints[entry["ruleName"]] = RuleHint(
            entry["ruleName"], rule_id if _is_int(rule_id) else None,
            pattern if isinstance(pattern, str) else ".*", names)
    return hints


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
