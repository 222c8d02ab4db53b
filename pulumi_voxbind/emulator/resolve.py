"""Checks and look-ups inside a transaction: ids and names to rows, or the matching API error."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from . import exceptions as exc
from .refs import ListRef, Page, Ref

Row = dict[str, Any]
DOMAIN = "voximplant.com"
NODE = "n1"  # the emulator's one "node" in extended application names


def now() -> str:
    """Return the current UTC time in the API's ``YYYY-MM-DD HH:MM:SS`` format."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def full_app_name(name: str, account_name: str) -> str:
    """Expand a short application name to ``<short>.<account>.voximplant.com``."""
    return name if "." in name else f"{name}.{account_name}.{DOMAIN}"


def extended_app_name(full_name: str) -> str:
    """``<short>.<account>.n1.voximplant.com``: the full name "including the node name"."""
    return full_name.removesuffix(f".{DOMAIN}") + f".{NODE}.{DOMAIN}"


def check_name(name: str, limit: int, error: type[exc.ApiError]) -> str:
    """Validate an object name: 1..limit characters, no ``;`` and no control characters."""
    # ';' would make the name impossible to pass in a stringlist; control characters are junk.
    if not 0 < len(name) <= limit or ";" in name or any(ord(c) < 32 for c in name):
        raise error()
    return name


def check_size(value: str, limit: int, param: str) -> str:
    """Validate that a text parameter's UTF-8 size is at most ``limit`` bytes."""
    if len(value.encode()) > limit:
        raise exc.InvalidParameter(param)
    return value


def page(conn: sqlite3.Connection, sql: str, args: list[Any], pg: Page) -> tuple[list[Row], int]:
    """Run a list query: one page of rows plus the total number of matches."""
    total = conn.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0]
    rows = conn.execute(f"{sql} LIMIT ? OFFSET ?", [*args, pg.count, pg.offset]).fetchall()
    return [dict(r) for r in rows], total


def _one(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...]) -> Row | None:
    row = conn.execute(sql, args).fetchone()
    return dict(row) if row is not None else None


def _agree(by_id: Row, by_name: Row, key: str, id_param: str, name_param: str) -> Row:
    """Both id and name were sent: accept them only when they name the same object."""
    if by_id[key] != by_name[key]:
        raise exc.OnlyOneOfParameters(id_param, name_param)
    return by_id


def application(conn: sqlite3.Connection, account: Row, ref: Ref) -> Row:
    """Resolve an application of the account (116 / 107 when unknown)."""
    by_id = by_name = None
    if ref.id is not None:
        by_id = _one(
            conn,
            "SELECT * FROM applications WHERE application_id = ? AND account_id = ?",
            (ref.id, account["account_id"]),
        )
        if by_id is None:
            raise exc.InvalidApplicationId()
    if ref.name is not None:
        by_name = _one(
            conn,
            "SELECT * FROM applications WHERE application_name = ? AND account_id = ?",
            (full_app_name(ref.name, account["account_name"]), account["account_id"]),
        )
        if by_name is None:
            raise exc.InvalidApplicationName()
    if by_id is not None and by_name is not None:
        return _agree(by_id, by_name, "application_id", "application_id", "application_name")
    found = by_id or by_name
    if found is None:
        raise exc.RequiredIsEmpty()
    return found


def optional_application(conn: sqlite3.Connection, account: Row, ref: Ref) -> Row | None:
    """Resolve the application if the request named one."""
    return application(conn, account, ref) if ref.given() else None


def rule(conn: sqlite3.Connection, account: Row, ref: Ref, app: Row | None) -> Row:
    """Resolve a rule; by name it needs the application, by id it must lie in it if given."""
    by_id = by_name = None
    if ref.id is not None:
        by_id = _one(
            conn,
            "SELECT r.* FROM rules r JOIN applications a USING (application_id) "
            "WHERE r.rule_id = ? AND a.account_id = ?",
            (ref.id, account["account_id"]),
        )
        if by_id is None or (app is not None and by_id["application_id"] != app["application_id"]):
            raise exc.InvalidRuleId()
    if ref.name is not None:
        if app is None:
            raise exc.RequiredIsEmpty()  # rule names are only unique within an application
        by_name = _one(
            conn,
            "SELECT * FROM rules WHERE rule_name = ? AND application_id = ?",
            (ref.name, app["application_id"]),
        )
        if by_name is None:
            raise exc.InvalidRuleName()
    if by_id is not None and by_name is not None:
        return _agree(by_id, by_name, "rule_id", "rule_id", "rule_name")
    found = by_id or by_name
    if found is None:
        raise exc.RequiredIsEmpty()
    return found


def scenario(conn: sqlite3.Connection, account: Row, ref: Ref) -> Row:
    """Resolve one scenario of the account by id and/or exact name."""
    ids = (ref.id,) if ref.id is not None else None
    names = (ref.name,) if ref.name is not None else None
    return scenarios(conn, account, ListRef(ids=ids, names=names))[0]


def scenarios(conn: sqlite3.Connection, account: Row, ref: ListRef) -> list[Row]:
    """Resolve scenarios in the order given, without duplicates (132 / 168 when unknown)."""
    if ref.all:
        rows = conn.execute(
            "SELECT * FROM scenarios WHERE account_id = ? ORDER BY scenario_id",
            (account["account_id"],),
        ).fetchall()
        return [dict(r) for r in rows]
    by_id = _many(conn, account, "scenario_id", ref.ids, exc.InvalidScenarioId)
    by_name = _many(conn, account, "scenario_name", ref.names, exc.InvalidScenarioName)
    if by_id is not None and by_name is not None:
        if [r["scenario_id"] for r in by_id] != [r["scenario_id"] for r in by_name]:
            raise exc.OnlyOneOfParameters("scenario_id", "scenario_name")
        return by_id
    found = by_id if by_id is not None else by_name
    if not found:
        raise exc.RequiredIsEmpty()
    return found


def _many(
    conn: sqlite3.Connection,
    account: Row,
    column: str,
    keys: tuple[Any, ...] | None,
    error: type[exc.ApiError],
) -> list[Row] | None:
    if keys is None:
        return None
    out: list[Row] = []
    seen: set[int] = set()
    for key in keys:
        row = _one(
            conn,
            f"SELECT * FROM scenarios WHERE {column} = ? AND account_id = ?",
            (key, account["account_id"]),
        )
        if row is None:
            raise error()
        if row["scenario_id"] not in seen:
            seen.add(row["scenario_id"])
            out.append(row)
    return out


def check_same_application(rows: list[Row], rule_row: Row, by_name: bool) -> None:
    """Scenarios must live in the rule's application or in the Shared folder (NULL app)."""
    for row in rows:
        if row["application_id"] not in (None, rule_row["application_id"]):
            raise exc.InvalidScenarioName() if by_name else exc.InvalidScenarioId()
