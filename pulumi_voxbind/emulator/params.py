"""Typed access to request parameters (all strings on the wire).

Conventions, applied to every method:
- an empty value is the same as an absent one, and so is ``0`` for an ``*_id`` parameter (the
  official Go client sends zero values for unset fields);
- lists are ``;``-separated; empty items are invalid;
- booleans are ``true``/``false`` in any case, or ``1``/``0``;
- a malformed value is an API error for that parameter (its dedicated code, else 496);
- parameters a method does not know are ignored, as the real API does.
"""

from __future__ import annotations

import re

from . import exceptions as exc
from .refs import DEFAULT_COUNT, ListRef, Page, Ref

_NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits only, and small enough for SQLite


class Params:
    """The request's parameters with typed getters that raise API errors."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def raw(self, name: str) -> str | None:
        """Return the value, or None when absent or empty."""
        value = self.values.get(name)
        return value if value else None

    def text(self, name: str, *, required: bool = False) -> str | None:
        """Return a string parameter (134 when required and absent)."""
        value = self.raw(name)
        if value is None and required:
            raise exc.RequiredIsEmpty()
        return value

    def require_text(self, name: str) -> str:
        """Return a required string parameter (134 when absent)."""
        value = self.raw(name)
        if value is None:
            raise exc.RequiredIsEmpty()
        return value

    def number(self, name: str, *, required: bool = False) -> int | None:
        """Return a non-negative integer parameter."""
        value = self.raw(name)
        number = None if value is None else _number(name, value)
        if number == 0 and name.endswith("_id"):
            number = None
        if number is None and required:
            raise exc.RequiredIsEmpty()
        return number

    def flag(self, name: str, default: bool) -> bool:
        """Return a boolean parameter, or ``default`` when absent."""
        value = self.optional_flag(name)
        return default if value is None else value

    def optional_flag(self, name: str) -> bool | None:
        """Return a boolean parameter, or None when absent."""
        value = self.raw(name)
        if value is None:
            return None
        lowered = value.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise exc.invalid(name)

    def int_list(self, name: str) -> tuple[int, ...] | None:
        """Return a ``;``-separated list of positive integers."""
        value = self.raw(name)
        if value is None:
            return None
        numbers = tuple(_number(name, item) for item in value.split(";"))
        if 0 in numbers:
            raise exc.invalid(name)
        return numbers

    def str_list(self, name: str) -> tuple[str, ...] | None:
        """Return a ``;``-separated list of non-empty strings."""
        value = self.raw(name)
        if value is None:
            return None
        items = tuple(value.split(";"))
        if "" in items:
            raise exc.invalid(name)
        return items

    def ref(self, kind: str) -> Ref:
        """Return the ``<kind>_id`` / ``<kind>_name`` pair naming one object."""
        return Ref(id=self.number(f"{kind}_id"), name=self.text(f"{kind}_name"))

    def list_ref(self, kind: str, *, allow_all: bool = False) -> ListRef:
        """Return the ``<kind>_id`` / ``<kind>_name`` lists naming several objects."""
        if allow_all and self.raw(f"{kind}_id") == "all":
            return ListRef(all=True)
        return ListRef(ids=self.int_list(f"{kind}_id"), names=self.str_list(f"{kind}_name"))

    def page(self) -> Page:
        """Return ``count`` (default 20; 0 means the default) and ``offset`` (default 0)."""
        count = self.number("count") or DEFAULT_COUNT
        return Page(count=count, offset=self.number("offset") or 0)


def _number(name: str, value: str) -> int:
    if not _NUMBER.fullmatch(value):
        raise exc.invalid(name)
    return int(value)
