"""The emulated account: state and API rules, independent of HTTP (moto's "models").

Every public method runs in one transaction of the :class:`Store`, validates everything before
it changes anything, and raises :mod:`exceptions` classes for API errors. Results are plain
dicts already in the wire shape of the reference.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from . import bindings, resolve, rule_order
from . import exceptions as exc
from .inbound import InboundOps
from .refs import ListRef, Page, Ref
from .resolve import Row, check_name, check_size, full_app_name, now, page
from .routing import RoutingOps
from .scenarios import ScenarioOps
from .store import Store

DEFAULT_ACCOUNT = {
    "account_id": 100001,
    "account_name": "emulator",
    "account_email": "emulator@example.com",
}
SHORT_APP_NAME = re.compile(r"[a-z][a-z0-9-]{1,79}")
MAX_RULE_NAME = 99  # "less than 100 characters"
MAX_PATTERN_BYTES = 64 * 1024 - 1  # "less than 64 KB"


class Backend(ScenarioOps, RoutingOps, InboundOps):
    """One account's applications, rules, scenarios and ordered bindings in a :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.write() as conn:
            row = conn.execute("SELECT * FROM accounts ORDER BY account_id LIMIT 1").fetchone()
            if row is None:
                row = {**DEFAULT_ACCOUNT, "created": now()}
                conn.execute(
                    "INSERT INTO accounts (account_id, account_name, account_email, created) "
                    "VALUES (:account_id, :account_name, :account_email, :created)",
                    row,
                )
            elif not row["created"]:  # a state file from before the column existed
                row = {**dict(row), "created": now()}
                conn.execute(
                    "UPDATE accounts SET created = ? WHERE account_id = ?",
                    (row["created"], row["account_id"]),
                )
            self.account: Row = dict(row)
        self.api_address = ""  # host:port the clients reach us at; set by EmulatorServer

    # -- account and keys ------------------------------------------------------------------

    def add_key(self, key_id: str, public_key_pem: str) -> None:
        """Register a service-account public key for the account."""
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO keys (key_id, account_id, public_key) VALUES (?, ?, ?)",
                (key_id, self.account["account_id"], public_key_pem),
            )

    def delete_key(self, key_id: str) -> None:
        """Forget a key of the account (revoked), across restarts with a state file."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM keys WHERE key_id = ?", (key_id,))

    def keys(self) -> list[tuple[str, int, str]]:
        """Return every known key as ``(key_id, account_id, public_key_pem)``."""
        with self.store.read() as conn:
            rows = conn.execute("SELECT key_id, account_id, public_key FROM keys").fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def mark_seed(self, digest: str) -> bool:
        """Record a seed as applied; False if this exact seed was applied before."""
        with self.store.write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO seeds (digest, applied) VALUES (?, ?)", (digest, now())
            )
        return cur.rowcount == 1

    def forget_seed(self, digest: str) -> None:
        """Undo :meth:`mark_seed` (the seed failed part-way)."""
        with self.store.write() as conn:
            conn.execute("DELETE FROM seeds WHERE digest = ?", (digest,))

    def account_info(self) -> Row:
        """Return the account as GetAccountInfo reports it."""
        return {**self.account, "active": True, "frozen": False}

    # -- applications ----------------------------------------------------------------------

    def add_application(self, name: str, secure_record_storage: bool = False) -> Row:
        """Create an application from its short (or own full) name."""
        suffix = f".{self.account['account_name']}.{resolve.DOMAIN}"
        short = name.removesuffix(suffix)
        if not SHORT_APP_NAME.fullmatch(short):
            raise exc.InvalidApplicationName()
        full = full_app_name(short, self.account["account_name"])
        with self.store.write() as conn:
            try:
                cur = conn.execute(
                    "INSERT INTO applications (account_id, application_name, "
                    "secure_record_storage, modified) VALUES (?, ?, ?, ?)",
                    (self.account["account_id"], full, int(secure_record_storage), now()),
                )
            except sqlite3.IntegrityError:
                raise exc.ApplicationNameNotUnique() from None
        return {
            "result": 1,
            "application_id": cur.lastrowid,
            "application_name": full,
            "secure_record_storage": secure_record_storage,
        }

    def get_applications(self, app_id: int | None, name_part: str | None, pg: Page) -> Row:
        """List applications, filtered by id and by a case-insensitive name part."""
        sql = (
            "SELECT application_id, application_name, modified, secure_record_storage "
            "FROM applications WHERE account_id = ?"
        )
        args: list[Any] = [self.account["account_id"]]
        if app_id is not None:
            sql, args = sql + " AND application_id = ?", [*args, app_id]
        if name_part is not None:
            sql, args = sql + " AND ci_contains(application_name, ?)", [*args, name_part]
        with self.store.read() as conn:
            rows, total = page(conn, sql + " ORDER BY application_id", args, pg)
        for row in rows:
            row["secure_record_storage"] = bool(row["secure_record_storage"])
        return {"result": rows, "total_count": total, "count": len(rows)}

    def del_applications(self, ref: ListRef) -> Row:
        """Delete applications with their rules, scenarios and bindings."""
        with self.store.write() as conn:
            if ref.all:
                ids = [
                    r[0]
                    for r in conn.execute(
                        "SELECT application_id FROM applications WHERE account_id = ?",
                        (self.account["account_id"],),
                    )
                ]
            else:
                ids = [
                    resolve.application(conn, self.account, Ref(id=i))["application_id"]
                    for i in ref.ids or ()
                ] + [
                    resolve.application(conn, self.account, Ref(name=n))["application_id"]
                    for n in ref.names or ()
                ]
            conn.executemany(
                "DELETE FROM applications WHERE application_id = ?", [(i,) for i in ids]
            )
        return {"result": 1}

    # -- rules -----------------------------------------------------------------------------

    def add_rule(
        self,
        app: Ref,
        name: str,
        pattern: str,
        exclude: str,
        video_conference: bool,
        scenarios: ListRef,
    ) -> Row:
        """Create a rule in an application, binding the given scenarios in order."""
        check_name(name, MAX_RULE_NAME, exc.InvalidRuleName)
        check_size(pattern, MAX_PATTERN_BYTES, "rule_pattern")
        check_size(exclude, MAX_PATTERN_BYTES, "rule_pattern_exclude")
        with self.store.write() as conn:
            app_row = resolve.application(conn, self.account, app)
            bound = resolve.scenarios(conn, self.account, scenarios) if scenarios.given() else []
            try:
                cur = conn.execute(
                    "INSERT INTO rules (application_id, rule_name, rule_pattern, "
                    "rule_pattern_exclude, video_conference, modified) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        app_row["application_id"],
                        name,
                        pattern,
                        exclude,
                        int(video_conference),
                        now(),
                    ),
                )
            except sqlite3.IntegrityError:
                raise exc.DuplicateRuleName() from None
            rule_row = {"rule_id": cur.lastrowid, "application_id": app_row["application_id"]}
            rule_order.append(conn, app_row["application_id"], rule_row["rule_id"])
            resolve.check_same_application(bound, rule_row, scenarios.names is not None)
            bindings.append(conn, rule_row["rule_id"], [r["scenario_id"] for r in bound])
        return {"result": 1, "rule_id": rule_row["rule_id"]}

    def get_rules(
        self,
        app: Ref,
        rule_id: int | None,
        name_part: str | None,
        video_conference: bool | None,
        with_scenarios: bool,
        pg: Page,
    ) -> Row:
        """List an application's rules in rule order, optionally with bound scenarios in order."""
        with self.store.read() as conn:
            app_row = resolve.application(conn, self.account, app)
            sql = (
                "SELECT r.rule_id, r.application_id, r.rule_name, r.rule_pattern, "
                "r.rule_pattern_exclude, r.video_conference, r.modified "
                f"FROM {rule_order.FROM_ORDERED} WHERE r.application_id = ?"
            )
            args: list[Any] = [app_row["application_id"]]
            if rule_id is not None:
                sql, args = sql + " AND r.rule_id = ?", [*args, rule_id]
            if name_part is not None:
                sql, args = sql + " AND ci_contains(r.rule_name, ?)", [*args, name_part]
            if video_conference is not None:
                sql, args = sql + " AND r.video_conference = ?", [*args, int(video_conference)]
            rows, total = page(conn, f"{sql} ORDER BY {rule_order.ORDER_BY}", args, pg)
            bound = bindings.bound(conn, [r["rule_id"] for r in rows]) if with_scenarios else {}
        for row in rows:
            row["video_conference"] = bool(row["video_conference"])
            if not row["rule_pattern_exclude"]:
                del row["rule_pattern_exclude"]
            if with_scenarios:
                row["scenarios"] = bound.get(row["rule_id"], [])
        return {"result": rows, "total_count": total, "count": len(rows)}

    def set_rule_info(
        self,
        rule: Ref,
        app: Ref,
        name: str | None,
        pattern: str | None,
        exclude: str | None,
        video_conference: bool | None,
    ) -> Row:
        """Edit a rule's name, patterns or video flag (bindings are untouched)."""
        changes: dict[str, Any] = {}
        if name is not None:
            changes["rule_name"] = check_name(name, MAX_RULE_NAME, exc.InvalidRuleName)
        if pattern is not None:
            changes["rule_pattern"] = check_size(pattern, MAX_PATTERN_BYTES, "rule_pattern")
        if exclude is not None:
            changes["rule_pattern_exclude"] = check_size(
                exclude, MAX_PATTERN_BYTES, "rule_pattern_exclude"
            )
        if video_conference is not None:
            changes["video_conference"] = int(video_conference)
        with self.store.write() as conn:
            app_row = resolve.optional_application(conn, self.account, app)
            rule_row = resolve.rule(conn, self.account, rule, app_row)
            sets = ", ".join(f"{column} = ?" for column in changes)
            try:
                conn.execute(
                    f"UPDATE rules SET {sets}{', ' if sets else ''}modified = ? WHERE rule_id = ?",
                    [*changes.values(), now(), rule_row["rule_id"]],
                )
            except sqlite3.IntegrityError:
                raise exc.DuplicateRuleName() from None
        return {"result": 1}

    def del_rules(self, ids: ListRef, app: Ref) -> Row:
        """Delete rules (and their bindings) by ids, names or ``all``."""
        with self.store.write() as conn:
            app_row = resolve.optional_application(conn, self.account, app)
            if ids.all:
                sql = (
                    "SELECT r.rule_id FROM rules r JOIN applications a USING (application_id) "
                    "WHERE a.account_id = ?"
                )
                args: list[Any] = [self.account["account_id"]]
                if app_row is not None:
                    sql, args = (
                        sql + " AND r.application_id = ?",
                        [*args, app_row["application_id"]],
                    )
                doomed = [r[0] for r in conn.execute(sql, args)]
            else:
                doomed = [
                    resolve.rule(conn, self.account, Ref(id=i), app_row)["rule_id"]
                    for i in ids.ids or ()
                ] + [
                    resolve.rule(conn, self.account, Ref(name=n), app_row)["rule_id"]
                    for n in ids.names or ()
                ]
            conn.executemany("DELETE FROM rules WHERE rule_id = ?", [(i,) for i in doomed])
        return {"result": 1}

    def rule_scenarios(self, rule_id: int) -> list[tuple[int, str]]:
        """Return the rule's bound scenarios as ``(scenario_id, scenario_name)`` in order."""
        with self.store.read() as conn:
            items = bindings.bound(conn, [rule_id]).get(rule_id, [])
        return [(s["scenario_id"], s["scenario_name"]) for s in items]
