"""Scenario methods of the backend: scenarios, binding them to rules, and their order."""

from __future__ import annotations

import sqlite3
from typing import Any

from . import bindings, resolve
from . import exceptions as exc
from .refs import ListRef, Page, Ref
from .resolve import Row, check_name, check_size, now, page
from .store import Store

MAX_SCENARIO_NAME = 29  # "less than 30 characters"
MAX_SCRIPT_BYTES = 128 * 1024 - 1  # "less than 128 KB"


class ScenarioOps:
    """Scenario, binding and ordering methods (mixed into :class:`backend.Backend`)."""

    store: Store
    account: Row

    def add_scenario(
        self, name: str, script: str | None, app: Ref, rule: Ref, rewrite: bool
    ) -> Row:
        """Create a scenario (Shared folder without an application), optionally binding it."""
        check_name(name, MAX_SCENARIO_NAME, exc.InvalidScenarioName)
        if script is not None:
            check_size(script, MAX_SCRIPT_BYTES, "scenario_script")
        with self.store.write() as conn:
            app_row = resolve.optional_application(conn, self.account, app)
            existing = conn.execute(
                "SELECT * FROM scenarios WHERE scenario_name = ? AND account_id = ?",
                (name, self.account["account_id"]),
            ).fetchone()
            if existing is not None and not rewrite:
                raise exc.ScenarioNameNotUnique()
            rule_row = resolve.rule(conn, self.account, rule, app_row) if rule.given() else None
            if existing is not None:
                row = dict(existing)
                if script is not None:
                    conn.execute(
                        "UPDATE scenarios SET scenario_script = ?, modified = ? "
                        "WHERE scenario_id = ?",
                        (script, now(), row["scenario_id"]),
                    )
            else:
                app_id = app_row["application_id"] if app_row else None
                cur = conn.execute(
                    "INSERT INTO scenarios (account_id, application_id, scenario_name, "
                    "scenario_script, modified) VALUES (?, ?, ?, ?, ?)",
                    (self.account["account_id"], app_id, name, script or "", now()),
                )
                row = {"scenario_id": cur.lastrowid, "application_id": app_id}
            if rule_row is not None:
                resolve.check_same_application([row], rule_row, by_name=True)
                bindings.append(conn, rule_row["rule_id"], [row["scenario_id"]])
        return {"result": 1, "scenario_id": row["scenario_id"]}

    def get_scenarios(
        self,
        scenario_id: int | None,
        name_part: str | None,
        app: Ref,
        with_script: bool,
        pg: Page,
    ) -> Row:
        """List scenarios by id, case-insensitive name part and application."""
        if with_script and scenario_id is None:
            raise exc.RequiredIsEmpty()  # documented: "You should specify the 'scenario_id' too!"
        columns = "scenario_id, scenario_name, modified"
        sql = f"SELECT {columns}{', scenario_script' if with_script else ''} FROM scenarios "
        sql += "WHERE account_id = ?"
        args: list[Any] = [self.account["account_id"]]
        with self.store.read() as conn:
            app_row = resolve.optional_application(conn, self.account, app)
            if app_row is not None:
                sql, args = sql + " AND application_id = ?", [*args, app_row["application_id"]]
            if scenario_id is not None:
                sql, args = sql + " AND scenario_id = ?", [*args, scenario_id]
            if name_part is not None:
                sql, args = sql + " AND ci_contains(scenario_name, ?)", [*args, name_part]
            rows, total = page(conn, sql + " ORDER BY scenario_id", args, pg)
        for row in rows:
            row["parent"] = False  # no parent accounts here: every scenario is the account's own
        out: Row = {"result": rows, "total_count": total, "count": len(rows)}
        if app_row is not None:
            out["application_id"] = app_row["application_id"]
            out["application_name"] = app_row["application_name"]
            out["extended_application_name"] = resolve.extended_app_name(
                app_row["application_name"]
            )
        return out

    def set_scenario_info(self, which: Ref, name: str | None, script: str | None) -> Row:
        """Rename a scenario or replace its script (bindings are untouched)."""
        changes: dict[str, Any] = {}
        if name is not None:
            changes["scenario_name"] = check_name(name, MAX_SCENARIO_NAME, exc.InvalidScenarioName)
        if script is not None:
            changes["scenario_script"] = check_size(script, MAX_SCRIPT_BYTES, "scenario_script")
        with self.store.write() as conn:
            row = resolve.scenario(conn, self.account, which)
            sets = "".join(f"{column} = ?, " for column in changes)
            try:
                conn.execute(
                    f"UPDATE scenarios SET {sets}modified = ? WHERE scenario_id = ?",
                    [*changes.values(), now(), row["scenario_id"]],
                )
            except sqlite3.IntegrityError:
                raise exc.ScenarioNameNotUnique() from None
        return {"result": 1}

    def del_scenarios(self, which: ListRef) -> Row:
        """Delete scenarios (and their bindings) by ids, names or ``all``."""
        with self.store.write() as conn:
            rows = resolve.scenarios(conn, self.account, which)
            conn.executemany(
                "DELETE FROM scenarios WHERE scenario_id = ?", [(r["scenario_id"],) for r in rows]
            )
        return {"result": 1}

    def bind_scenarios(self, which: ListRef, rule: Ref, app: Ref, bind: bool) -> Row:
        """Bind (appending in the order given) or unbind scenarios; idempotent both ways."""
        with self.store.write() as conn:
            app_row = resolve.optional_application(conn, self.account, app)
            rule_row = resolve.rule(conn, self.account, rule, app_row)
            rows = resolve.scenarios(conn, self.account, which)
            ids = [r["scenario_id"] for r in rows]
            if bind:
                resolve.check_same_application(rows, rule_row, which.ids is None)
                bindings.append(conn, rule_row["rule_id"], ids)
            else:
                bindings.remove(conn, rule_row["rule_id"], ids)
        return {"result": 1}

    def reorder_scenarios(self, rule: Ref, app: Ref, scenario_ids: tuple[int, ...]) -> Row:
        """Set the execution order: the ids must be exactly the rule's bound scenarios."""
        with self.store.write() as conn:
            app_row = resolve.optional_application(conn, self.account, app)
            rule_row = resolve.rule(conn, self.account, rule, app_row)
            current = bindings.bound_ids(conn, rule_row["rule_id"])
            wanted = list(scenario_ids)
            if len(wanted) != len(current) or set(wanted) != set(current):
                raise exc.InvalidParameter("scenario_id")
            bindings.reorder(conn, rule_row["rule_id"], wanted)
        return {"result": 1}
