"""Typed request values shared by the wire layer and the backend: references and pages."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COUNT = 20


@dataclass(frozen=True)
class Ref:
    """One object named by id, by name, or by both (then both must name the same object)."""

    id: int | None = None
    name: str | None = None

    def given(self) -> bool:
        """Whether the request named the object at all."""
        return self.id is not None or self.name is not None


@dataclass(frozen=True)
class ListRef:
    """Several objects named by ``;``-separated ids, names, or the literal ``all``."""

    ids: tuple[int, ...] | None = None
    names: tuple[str, ...] | None = None
    all: bool = False

    def given(self) -> bool:
        """Whether the request named any object."""
        return self.all or self.ids is not None or self.names is not None


@dataclass(frozen=True)
class Page:
    """``count``/``offset`` pagination of a list method."""

    count: int = DEFAULT_COUNT
    offset: int = 0
