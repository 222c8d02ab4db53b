"""Ordered bindings of scenarios to rules (the ``position`` column of ``bindings``)."""

from __future__ import annotations

import sqlite3

from .resolve import Row


def bound(conn: sqlite3.Connection, rule_ids: list[int]) -> dict[int, list[Row]]:
    """Bound scenarios per rule, in execution order."""
    out: dict[int, list[Row]] = {}
    if not rule_ids:
        return out
    marks = ", ".join("?" * len(rule_ids))
    rows = conn.execute(
        "SELECT b.rule_id, s.scenario_id, s.scenario_name, s.modified FROM bindings b "
        f"JOIN scenarios s USING (scenario_id) WHERE b.rule_id IN ({marks}) "
        "ORDER BY b.rule_id, b.position",
        rule_ids,
    ).fetchall()
    for row in rows:
        item = {**dict(row), "parent": False}  # ScenarioInfo.parent: no parent accounts here
        out.setdefault(item.pop("rule_id"), []).append(item)
    return out


def append(conn: sqlite3.Connection, rule_id: int, scenario_ids: list[int]) -> None:
    """Bind scenarios at the end of the rule's order; already bound ones keep their place."""
    top = conn.execute(
        "SELECT COALESCE(MAX(position), -1) FROM bindings WHERE rule_id = ?", (rule_id,)
    ).fetchone()[0]
    for scenario_id in scenario_ids:
        cur = conn.execute(
            "INSERT OR IGNORE INTO bindings (rule_id, scenario_id, position) VALUES (?, ?, ?)",
            (rule_id, scenario_id, top + 1),
        )
        top += cur.rowcount


def bound_ids(conn: sqlite3.Connection, rule_id: int) -> list[int]:
    """The rule's bound scenario ids in execution order."""
    rows = conn.execute(
        "SELECT scenario_id FROM bindings WHERE rule_id = ? ORDER BY position", (rule_id,)
    )
    return [r[0] for r in rows]


def remove(conn: sqlite3.Connection, rule_id: int, scenario_ids: list[int]) -> None:
    """Unbind scenarios; ones that are not bound are ignored (the rest keep their order)."""
    conn.executemany(
        "DELETE FROM bindings WHERE rule_id = ? AND scenario_id = ?",
        [(rule_id, s) for s in scenario_ids],
    )


def reorder(conn: sqlite3.Connection, rule_id: int, scenario_ids: list[int]) -> None:
    """Rewrite the positions of the rule's bindings to follow ``scenario_ids``."""
    conn.executemany(
        "UPDATE bindings SET position = ? WHERE rule_id = ? AND scenario_id = ?",
        [(pos, rule_id, s) for pos, s in enumerate(scenario_ids)],
    )
