"""Config files as voxengine-ci finds and parses them: `<base>.json|yml|yaml|toml|ts|js`.

voxengine-ci (`lib/domains/contexts/file-system.context.ts`) takes the first of those
extensions that exists, converts YAML as is, keeps only the top-level `rules` key of TOML, and
reads `.ts`/`.js` config files as JSON text. We do the same, so a tree that worked with
voxengine-ci reads the same here; what it silently misread (an `application.config.toml`
yields nothing) is refused with the fix instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pulumi_voxbind.voxfiles.problems import Problem

CONFIG_EXTENSIONS = ("json", "yml", "yaml", "toml", "ts", "js")


class Unreadable(Exception):
    """A config file that cannot be turned into data; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def find_config(directory: Path, basename: str) -> Path | None:
    """The file voxengine-ci would read for `basename`: first existing extension wins."""
    for extension in CONFIG_EXTENSIONS:
        candidate = directory / f"{basename}.{extension}"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path, shown: str, *, toml_key: str | None) -> Any:
    """Parse a config file the way voxengine-ci does; raise Unreadable naming the file.

    `toml_key` is the one key voxengine-ci keeps from a TOML file (`rules`), or None when a
    TOML variant of this file never worked with voxengine-ci and is refused.
    """
    extension = path.suffix[1:].lower()
    text = _read_text(path, shown)
    if extension in ("yml", "yaml"):
        return _load_yaml(text, shown)
    if extension == "toml":
        return _load_toml(text, shown, toml_key)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = ("" if extension == "json" else
                f"; voxengine-ci reads a .{extension} config file as JSON text, so it must "
                "hold plain JSON (or rename it to .json)")
        raise Unreadable(Problem(shown, "", f"not valid JSON (line {exc.lineno}, column "
                                            f"{exc.colno}: {exc.msg}){hint}")) from None


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise Unreadable(Problem(shown, "", f"cannot be read: {exc.strerror}")) from None
    except UnicodeDecodeError as exc:
        raise Unreadable(Problem(shown, "", f"is not UTF-8 text (byte {exc.start}); "
                                            "save it as UTF-8")) from None


def _load_yaml(text: str, shown: str) -> Any:
    try:
        import yaml  # PyYAML: installed with the Pulumi SDK, imported only for YAML trees
    except ImportError:
        raise Unreadable(Problem(shown, "", "is YAML, which needs the PyYAML package: "
                                            "`pip install pyyaml`, or convert the file to "
                                            "JSON")) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        reason = getattr(exc, "problem", None) or "cannot be parsed"
        raise Unreadable(Problem(shown, "", f"not valid YAML{where}: {reason}")) from None


def _load_toml(text: str, shown: str, toml_key: str | None) -> Any:
    if toml_key is None:
        raise Unreadable(Problem(shown, "", "voxengine-ci reads only the top-level `rules` key "
                                            "of a TOML file, so it never read this file; "
                                            "write it as JSON (same name, .json)"))
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise Unreadable(Problem(shown, "", "is TOML, which needs Python 3.11 or the "
                                                "tomli package: `pip install tomli`, or "
                                                "convert the file to JSON")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Unreadable(Problem(shown, "", f"not valid TOML: {exc}")) from None
    if toml_key not in data:
        raise Unreadable(Problem(shown, toml_key, f"missing: voxengine-ci reads only the "
                                                  f"top-level `{toml_key}` key of a TOML "
                                                  f"file (write [[{toml_key}]] tables)"))
    return data[toml_key]
