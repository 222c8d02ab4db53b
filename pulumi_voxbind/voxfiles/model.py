"""The plain model a voxfiles/ tree reads into: what to declare, with no Pulumi in it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScenarioSpec:
    """A scenario some rule references; `script_path` is the file to upload, as the tree names it.

    `script_path` joins the tree path the caller gave with the file's place in the tree, so a
    relative tree path gives a relative script path (state then holds no machine-specific path).
    `renamed_from` names the scenario this one replaces in place (see `renames.py`), or None.
    """

    name: str
    script_path: str
    source_path: str
    sha256: str
    renamed_from: str | None = None


@dataclass(frozen=True)
class RuleSpec:
    """One entry of rules.config: its position is the rule's place in the application's order.

    `pattern_exclude` and `video_conference` come from the optional keys `rulePatternExclude`
    and `videoConference`, which voxengine-ci ignores; absent, they are unset and false.
    """

    name: str
    pattern: str
    scenarios: tuple[str, ...]
    pattern_exclude: str | None = None
    video_conference: bool = False
    renamed_from: str | None = None


@dataclass(frozen=True)
class ApplicationSpec:
    """One `applications/<full name>/` directory with its rules in config order."""

    directory: str
    short_name: str
    rules: tuple[RuleSpec, ...]


@dataclass(frozen=True)
class VoxfilesTree:
    """Everything a tree declares: applications (sorted by directory) and referenced scenarios.

    `warnings` are things voxengine-ci ignores that a user may have meant (unknown keys,
    unreadable metadata); they never stop a deployment.
    """

    root: str
    applications: tuple[ApplicationSpec, ...]
    scenarios: dict[str, ScenarioSpec]
    warnings: tuple[str, ...] = field(default=())
