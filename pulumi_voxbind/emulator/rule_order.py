"""The routing order of an application's rules (the ``rule_order`` table).

GetRules lists rules in this order and a call runs the first rule that matches. A new rule goes
last; ReorderRules puts the listed rules first, in the order given, and keeps the others after
them in their previous order.
"""

from __future__ import annotations

import sqlite3

# GetRules selects from this join and sorts by it (ties cannot happen; rule_id is a safeguard).
FROM_ORDERED = "rules r JOIN rule_order o USING (rule_id)"
ORDER_BY = "o.position, r.rule_id"


def append(conn: sqlite3.Connection, application_id: int, rule_id: int) -> None:
    """Put a new rule after every existing rule of its application."""
    conn.execute(
        "INSERT INTO rule_order (rule_id, position) SELECT ?, COALESCE(MAX(o.position), -1) + 1 "
        "FROM rule_order o JOIN rules r USING (rule_id) WHERE r.application_id = ?",
        (rule_id, application_id),
    )


def ordered_ids(conn: sqlite3.Connection, application_id: int) -> list[int]:
    """The application's rule ids in routing order."""
    rows = conn.execute(
        f"SELECT r.rule_id FROM {FROM_ORDERED} WHERE r.application_id = ? ORDER BY {ORDER_BY}",
        (application_id,),
    )
    return [row[0] for row in rows]


def put_first(conn: sqlite3.Connection, application_id: int, first: list[int]) -> None:
    """Give ``first`` the leading positions in that order; the others follow as they were."""
    chosen = set(first)
    rest = [r for r in ordered_ids(conn, application_id) if r not in chosen]
    conn.executemany(
        "UPDATE rule_order SET position = ? WHERE rule_id = ?",
        [(position, rule_id) for position, rule_id in enumerate([*first, *rest])],
    )
