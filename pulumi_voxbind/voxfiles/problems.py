"""A malformed voxfiles/ tree: every problem found, each naming the file, the key and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the tree: where (file, key inside it) and what to do about it."""

    path: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else self.path
        return f"{where}: {self.message}"


class VoxfilesError(ValueError):
    """The tree cannot be declared as it is; `problems` lists everything found, in file order."""

    def __init__(self, root: str, problems: list[Problem]) -> None:
        self.root = root
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(
            f"voxfiles tree {root!r} has {count} problem{'s' if count != 1 else ''}; "
            f"nothing was sent to Voximplant:\n{lines}")
