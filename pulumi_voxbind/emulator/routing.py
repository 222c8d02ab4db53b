"""Application renames, the routing order of rules, and a snapshot of the whole account.

SetApplicationInfo and ReorderRules follow ../shared/voximplant-routing-api.md §2.2 and §4.6;
where the reference marks behaviour UNCONFIRMED the emulator takes the stricter reading:
a new application name must be a short name of at most 65 characters (AddApplication's
limit, tighter than SetApplicationInfo's documented 80), and ReorderRules refuses rules of
several applications or a rule listed twice with 147.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from typing import Any

from . import bindings, resolve, rule_order
from . import exceptions as exc
from .refs import Ref
from .resolve import Row, full_app_name, now
from .store import Store

NEW_APP_NAME = re.compile(r"[a-z][a-z0-9-]{1,64}")


class RoutingOps:
    """SetApplicationInfo, ReorderRules and :meth:`snapshot` (mixed into ``Backend``)."""

    store: Store
    account: Row

    def set_application_info(self, which: Ref, new_name: str | None) -> Row:
        """Rename an application in place; its id, rules and scenarios stay."""
        if new_name is not None and not NEW_APP_NAME.fullmatch(new_name):
            raise exc.InvalidApplicationName()
        with self.store.write() as conn:
            app = resolve.application(conn, self.account, which)
            name = app["application_name"]
            if new_name is not None:
                name = full_app_name(new_name, self.account["account_name"])
                try:
                    conn.execute(
                        "UPDATE applications SET application_name = ?, modified = ? "
                        "WHERE application_id = ?",
                        (name, now(), app["application_id"]),
                    )
                except sqlite3.IntegrityError:
                    raise exc.ApplicationNameNotUnique() from None
        return {
            "result": 1,
            "application_name": name,
            "secure_record_storage": bool(app.get("secure_record_storage") or False),
        }

    def reorder_rules(self, rule_ids: tuple[int, ...]) -> Row:
        """Put the listed rules first in that order; the application's others follow."""
        if len(set(rule_ids)) != len(rule_ids):
            raise exc.InvalidRuleId()
        with self.store.write() as conn:
            rows = [resolve.rule(conn, self.account, Ref(id=i), None) for i in rule_ids]
            applications = {row["application_id"] for row in rows}
            if len(applications) != 1:  # "the rules must belong to the same application!"
                raise exc.InvalidRuleId()
            rule_order.put_first(conn, applications.pop(), list(rule_ids))
        return {"result": 1}

    def snapshot(self) -> dict[str, Any]:
        """Everything a deployment can change, without timestamps: for "left as seeded" checks.

        Applications with their rules in routing order (each with its bound scenario ids in
        execution order), and scenarios with their folder and the SHA-256 of their script;
        then phone numbers, secrets (never values) and the SIP white list (inbound.py).
        """
        with self.store.read() as conn:
            apps = conn.execute(
                "SELECT application_id, application_name FROM applications "
                "WHERE account_id = ? ORDER BY application_id",
                (self.account["account_id"],),
            ).fetchall()
            out_apps = []
            for app in apps:
                ids = rule_order.ordered_ids(conn, app["application_id"])
                bound = bindings.bound(conn, ids)
                rules = []
                for rule_id in ids:
                    row = conn.execute(
                        "SELECT rule_id, rule_name, rule_pattern, rule_pattern_exclude, "
                        "video_conference FROM rules WHERE rule_id = ?",
                        (rule_id,),
                    ).fetchone()
                    rules.append({
                        **dict(row),
                        "video_conference": bool(row["video_conference"]),
                        "scenarios": [s["scenario_id"] for s in bound.get(rule_id, [])],
                    })
                out_apps.append({**dict(app), "rules": rules})
            scenarios = conn.execute(
                "SELECT scenario_id, scenario_name, application_id, scenario_script "
                "FROM scenarios WHERE account_id = ? ORDER BY scenario_id",
                (self.account["account_id"],),
            ).fetchall()
        return {
            "applications": out_apps,
            "scenarios": [
                {
                    "scenario_id": s["scenario_id"],
                    "scenario_name": s["scenario_name"],
                    "application_id": s["application_id"],
                    "script_sha256": hashlib.sha256(s["scenario_script"].encode()).hexdigest(),
                }
                for s in scenarios
            ],
            **self.inbound_snapshot(),  # type: ignore[attr-defined]  # from InboundOps
        }
