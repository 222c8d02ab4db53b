"""The version the package reports has its own section in CHANGELOG.md, dated, under Unreleased."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_version_is_the_newest_changelog_release() -> None:
    found = re.search(r'^version = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert found, "pyproject.toml has no version line"
    version = found.group(1)  # tomllib needs Python 3.11; the suite runs on 3.10 too
    headings = re.findall(r"^## \[([^\]]+)\](.*)$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert headings[0] == ("Unreleased", "")
    newest, date = headings[1]
    assert newest == version
    assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", date), date
