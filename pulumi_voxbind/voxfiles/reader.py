"""Read a voxengine-ci `voxfiles/` tree into a plain model, offline, reporting every problem.

Layout (voxengine-ci 28, ../shared/voximplant-routing-api.md §8):
    applications/<full app name>/application.config.json  {"applicationName": "<full name>"}
    applications/<full app name>/rules.config.json        [{"ruleName", "rulePattern",
                                                            "scenarios"}, ...]
    scenarios/src/<name>.voxengine.js | .ts                scenario sources
    .voxengine-ci/...                                      voxengine-ci's metadata (hints only)
Config files may also be .yml/.yaml/.toml/.ts/.js, as voxengine-ci reads them (`formats.py`).
The scenarios declared are the ones rules reference, as voxengine-ci uploads them: a source
file no rule references is not read at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from pulumi_voxbind.voxfiles.formats import Unreadable, find_config, load_config
from pulumi_voxbind.voxfiles.metadata import MetadataHints, read_hints
from pulumi_voxbind.voxfiles.model import (
    ApplicationSpec,
    RuleSpec,
    ScenarioSpec,
    VoxfilesTree,
)
from pulumi_voxbind.voxfiles.problems import Problem, VoxfilesError
from pulumi_voxbind.voxfiles.renames import pair_renames

# API limits (../shared/voximplant-routing-api.md §2.1, §4.1, §5.2, §5.6).
APPLICATION_SHORT_NAME = re.compile(r"[a-z][a-z0-9-]{1,64}")
RULE_NAME_MAX = 99              # "less than 100"
SCENARIO_NAME_MAX = 29          # "less than 30"
PATTERN_MAX_BYTES = 65535       # "< 64 KB"
SCRIPT_MAX_BYTES = 131071       # "< 128 KB"
# `;` separates list items on the wire; control characters never survive a form field.
_FORBIDDEN_IN_NAMES = re.compile(r"[;\x00-\x1f\x7f]")
RULE_KEYS = ("ruleName", "rulePattern", "scenarios")
# Read by us only: voxengine-ci ignores unknown keys, so a tree keeps working with both.
RULE_EXTENSION_KEYS = ("rulePatternExclude", "videoConference")


def read_tree(path: str | os.PathLike[str]) -> VoxfilesTree:
    """Read the tree at `path` (relative to the current directory); raise VoxfilesError."""
    return _TreeReader(os.fspath(path)).read()


class _TreeReader:
    """One pass over one tree, collecting problems instead of stopping at the first."""

    def __init__(self, root: str) -> None:
        self.shown_root = root
        self.root = Path(root)
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        # scenario name -> where it is first referenced (file, key): for "unknown scenario".
        self.references: dict[str, tuple[str, str]] = {}

    def shown(self, *parts: str) -> str:
        return os.path.join(self.shown_root, *parts)

    def problem(self, path: str, key: str, message: str) -> None:
        self.problems.append(Problem(path, key, message))

    def fail_if_any(self) -> None:
        if self.problems:
            raise VoxfilesError(self.shown_root, self.problems)

    def read(self) -> VoxfilesTree:
        if not self.root.is_dir():
            self.problem(self.shown_root, "", "no such directory: give VoxfilesProject the "
                         "voxfiles root (voxengine-ci's VOX_CI_ROOT_PATH), relative to the "
                         "Pulumi project directory")
            self.fail_if_any()
        applications_dir = self.root / "applications"
        if not applications_dir.is_dir():
            self.problem(self.shown("applications"), "", "missing: a voxfiles tree keeps "
                         "applications/<full application name>/ directories (voxengine-ci "
                         "init writes them)")
            self.fail_if_any()
        directories = sorted(p for p in applications_dir.iterdir()
                             if p.is_dir() and not p.name.startswith("."))
        applications = [self.read_application(d) for d in directories]
        self.check_unique_short_names(applications)
        scenarios = {name: spec for name in self.references
                     if (spec := self.read_scenario(name)) is not None}
        self.fail_if_any()
        hints = read_hints(self.root, self.shown_root)
        self.warnings.extend(hints.warnings)
        scenarios = _with_scenario_renames(scenarios, hints)
        applications = [_with_rule_renames(app, hints, scenarios) for app in applications]
        return VoxfilesTree(self.shown_root, tuple(applications), scenarios,
                            tuple(self.warnings))

    # -- applications ---------------------------------------------------------------------

    def read_application(self, directory: Path) -> ApplicationSpec:
        name = directory.name
        short = name.split(".", 1)[0]
        shown_dir = self.shown("applications", name)
        if not APPLICATION_SHORT_NAME.fullmatch(short):
            self.problem(shown_dir, "", f"application name {name!r}: the short name {short!r} "
                         "(before the first '.') must be a lowercase letter followed by 1 to 64 "
                         "lowercase letters, digits or '-'; rename the directory and "
                         "applicationName")
        self.read_application_config(directory)
        rules = self.read_rules(directory)
        return ApplicationSpec(name, short, tuple(rules))

    def read_application_config(self, directory: Path) -> None:
        name = directory.name
        found = find_config(directory, "application.config")
        if found is None:
            self.problem(self.shown("applications", name, "application.config.json"), "",
                         f'missing: write {{"applicationName": "{name}"}} (voxengine-ci needs '
                         "it to create the application, and so do we)")
            return
        shown = self.shown("applications", name, found.name)
        try:
            data = load_config(found, shown, toml_key=None)
        except Unreadable as exc:
            self.problems.append(exc.problem)
            return
        if not isinstance(data, dict):
            self.problem(shown, "", f'must be an object: {{"applicationName": "{name}"}}')
            return
        declared = data.get("applicationName")
        if not isinstance(declared, str):
            self.problem(shown, "applicationName", f'missing or not a string: write "{name}", '
                         "the directory's name")
        elif declared != name:
            self.problem(shown, "applicationName", f"{declared!r} differs from its directory "
                         f"{name!r}: they must be equal (voxengine-ci refuses this too); rename "
                         "one of them")

    def check_unique_short_names(self, applications: list[ApplicationSpec]) -> None:
        seen: dict[str, str] = {}
        for app in applications:
            other = seen.setdefault(app.short_name, app.directory)
            if other != app.directory:
                self.problem(self.shown("applications", app.directory), "",
                             f"duplicate application: {other!r} has the same short name "
                             f"{app.short_name!r}, and an account has one application per "
                             "short name; keep one directory")

    # -- rules ----------------------------------------------------------------------------

    def read_rules(self, directory: Path) -> list[RuleSpec]:
        name = directory.name
        found = find_config(directory, "rules.config")
        if found is None:
            self.problem(self.shown("applications", name, "rules.config.json"), "",
                         "missing: write the application's rules as a JSON array, [] for none "
                         "(a missing file would otherwise remove every rule of the application)")
            return []
        shown = self.shown("applications", name, found.name)
        try:
            data = load_config(found, shown, toml_key="rules")
        except Unreadable as exc:
            self.problems.append(exc.problem)
            return []
        if not isinstance(data, list):
            self.problem(shown, "", "must be an array of rules, in routing order: "
                         '[{"ruleName": ..., "rulePattern": ..., "scenarios": [...]}]')
            return []
        rules: list[RuleSpec] = []
        first_index: dict[str, int] = {}
        for index, entry in enumerate(data):
            rule = self.read_rule(shown, index, entry)
            if rule is None:
                continue
            earlier = first_index.setdefault(rule.name, index)
            if earlier != index:
                self.problem(shown, f"[{index}].ruleName", f"duplicate rule name {rule.name!r} "
                             f"(also at [{earlier}]): rule names are unique within an "
                             "application")
                continue
            rules.append(rule)
        return rules

    def read_rule(self, shown: str, index: int, entry: Any) -> RuleSpec | None:
        key = f"[{index}]"
        if not isinstance(entry, dict):
            self.problem(shown, key, 'must be an object: {"ruleName": ..., "rulePattern": ..., '
                         '"scenarios": [...]}')
            return None
        ignored = sorted(str(k) for k in entry if k not in RULE_KEYS + RULE_EXTENSION_KEYS)
        if ignored:
            self.warnings.append(f"{shown}: {key}: ignored {', '.join(ignored)}: VoxfilesProject "
                                 "reads ruleName, rulePattern, scenarios, rulePatternExclude "
                                 "and videoConference")
        name = self.rule_name(shown, key, entry.get("ruleName"))
        pattern = self.rule_pattern(shown, key, entry.get("rulePattern"))
        scenarios = self.rule_scenarios(shown, key, entry)
        exclude = self.rule_pattern_exclude(shown, key, entry.get("rulePatternExclude"))
        video = entry.get("videoConference", False)
        if not isinstance(video, bool):
            self.problem(shown, f"{key}.videoConference", f"{video!r} must be true or false")
        if (name is None or pattern is None or scenarios is None or isinstance(exclude, bool)
                or not isinstance(video, bool)):
            return None
        return RuleSpec(name, pattern, scenarios, pattern_exclude=exclude,
                        video_conference=video)

    def rule_name(self, shown: str, key: str, value: Any) -> str | None:
        if not isinstance(value, str) or not value:
            self.problem(shown, f"{key}.ruleName", "missing or not a non-empty string: every "
                         "rule needs a name")
            return None
        if len(value) > RULE_NAME_MAX:
            self.problem(shown, f"{key}.ruleName", f"{value[:20]!r}... is {len(value)} "
                         f"characters; the API allows at most {RULE_NAME_MAX}")
            return None
        if _FORBIDDEN_IN_NAMES.search(value):
            self.problem(shown, f"{key}.ruleName", f"{value!r} contains ';' or a control "
                         "character, which the API cannot carry in a name")
            return None
        return value

    def rule_pattern(self, shown: str, key: str, value: Any) -> str | None:
        if value is None:
            return ".*"   # voxengine-ci's default (readApplicationRulesByName)
        if not isinstance(value, str):
            self.problem(shown, f"{key}.rulePattern", f"{value!r} is not a string: quote it "
                         "(voxengine-ci would silently use '.*' and route every call here)")
            return None
        if not value:
            self.problem(shown, f"{key}.rulePattern", "empty: a rule needs a pattern ('.*' "
                         "matches every destination)")
            return None
        if len(value.encode("utf-8")) > PATTERN_MAX_BYTES:
            self.problem(shown, f"{key}.rulePattern", f"is {len(value.encode('utf-8'))} bytes; "
                         f"the API allows at most {PATTERN_MAX_BYTES}")
            return None
        return value

    def rule_pattern_exclude(self, shown: str, key: str, value: Any) -> str | bool | None:
        """The optional exclude pattern, None when absent, False after reporting a problem."""
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.problem(shown, f"{key}.rulePatternExclude", f"{value!r} must be a non-empty "
                         "string (leave the key out for no exclude pattern)")
            return False
        if len(value.encode("utf-8")) > PATTERN_MAX_BYTES:
            self.problem(shown, f"{key}.rulePatternExclude", f"is "
                         f"{len(value.encode('utf-8'))} bytes; the API allows at most "
                         f"{PATTERN_MAX_BYTES}")
            return False
        return value

    def rule_scenarios(self, shown: str, key: str, entry: dict[str, Any]
                       ) -> tuple[str, ...] | None:
        if "scenarios" not in entry:
            self.problem(shown, f"{key}.scenarios", "missing: list the scenario names the rule "
                         "runs, in order ([] for none)")
            return None
        value = entry["scenarios"]
        if not isinstance(value, list):
            self.problem(shown, f"{key}.scenarios", "must be an array of scenario names, in "
                         "execution order")
            return None
        names: list[str] = []
        ok = True
        for position, item in enumerate(value):
            item_key = f"{key}.scenarios[{position}]"
            if not self.valid_scenario_name(shown, item_key, item):
                ok = False
                continue
            if item in names:
                self.problem(shown, item_key, f"{item!r} is listed twice: a rule runs each "
                             "scenario once")
                ok = False
                continue
            names.append(item)
            self.references.setdefault(item, (shown, item_key))
        return tuple(names) if ok else None

    def valid_scenario_name(self, shown: str, key: str, value: Any) -> bool:
        if not isinstance(value, str) or not value:
            self.problem(shown, key, "must be a non-empty string: a scenario name")
            return False
        if len(value) > SCENARIO_NAME_MAX:
            self.problem(shown, key, f"scenario name {value!r} is {len(value)} characters; the "
                         f"API allows at most {SCENARIO_NAME_MAX}")
            return False
        if _FORBIDDEN_IN_NAMES.search(value) or "/" in value or "\\" in value or value in (
                ".", ".."):
            self.problem(shown, key, f"scenario name {value!r} cannot name a file "
                         "scenarios/src/<name>.voxengine.js or be sent to the API (no ';', "
                         "'/', '\\' or control characters)")
            return False
        return True

    # -- scenarios ------------------------------------------------------------------------

    def read_scenario(self, name: str) -> ScenarioSpec | None:
        source_dir = self.root / "scenarios" / "src"
        js_name, ts_name = f"{name}.voxengine.js", f"{name}.voxengine.ts"
        js_shown = self.shown("scenarios", "src", js_name)
        if not (source_dir / js_name).is_file():
            if (source_dir / ts_name).is_file():
                self.problem(self.shown("scenarios", "src", ts_name), "", "TypeScript source "
                             "without its compiled JavaScript: scenarios are uploaded as "
                             "JavaScript, as voxengine-ci uploads tsc's output; compile it (as "
                             "voxengine-ci does: allowJs, target ES2020) and put the result "
                             f"beside it as {js_shown}")
            else:
                shown, key = self.references[name]
                self.problem(shown, key, f"unknown scenario {name!r}: the tree has no "
                             f"{js_shown} (nor .ts); add the file or fix the name")
            return None
        try:
            data = (source_dir / js_name).read_bytes()
        except OSError as exc:
            self.problem(js_shown, "", f"cannot be read: {exc.strerror}")
            return None
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problem(js_shown, "", f"is not UTF-8 text (byte {exc.start}); the API takes "
                         "scripts as UTF-8")
            return None
        if len(data) > SCRIPT_MAX_BYTES:
            self.problem(js_shown, "", f"is {len(data)} bytes; the API takes scripts up to "
                         f"{SCRIPT_MAX_BYTES} bytes")
            return None
        source = ts_name if (source_dir / ts_name).is_file() else js_name
        return ScenarioSpec(name=name, script_path=js_shown,
                            source_path=self.shown("scenarios", "src", source),
                            sha256=hashlib.sha256(data).hexdigest())


def _with_scenario_renames(scenarios: dict[str, ScenarioSpec], hints: MetadataHints
                           ) -> dict[str, ScenarioSpec]:
    """Mark each declared scenario that renames one voxengine-ci knew (see renames.py)."""
    vanished = {name: hint.sha256 for name, hint in hints.scenarios.items()
                if name not in scenarios}
    appeared = {name: spec.sha256 for name, spec in scenarios.items()
                if name not in hints.scenarios}
    pairs = pair_renames(vanished, appeared)
    return {name: (dataclasses.replace(spec, renamed_from=pairs[name]) if name in pairs
                   else spec) for name, spec in scenarios.items()}


def _with_rule_renames(app: ApplicationSpec, hints: MetadataHints,
                       scenarios: dict[str, ScenarioSpec]) -> ApplicationSpec:
    """Mark each rule that renames one of the application's metadata rules (see renames.py)."""
    known = hints.rules.get(app.directory)
    if not known:
        return app
    current_name = {spec.renamed_from: name for name, spec in scenarios.items()
                    if spec.renamed_from}
    declared = {rule.name for rule in app.rules}
    vanished = {name: (hint.pattern, tuple(current_name.get(s, s) for s in hint.scenarios))
                for name, hint in known.items() if name not in declared}
    appeared = {rule.name: (rule.pattern, rule.scenarios) for rule in app.rules
                if rule.name not in known}
    pairs = pair_renames(vanished, appeared)
    if not pairs:
        return app
    rules = tuple(dataclasses.replace(r, renamed_from=pairs[r.name]) if r.name in pairs else r
                  for r in app.rules)
    return ApplicationSpec(app.directory, app.short_name, rules)
