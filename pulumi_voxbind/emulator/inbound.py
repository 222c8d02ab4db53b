"""Phone numbers, application secrets and the SIP white list of the emulated account.

Follows ../shared/voximplant-routing-api.md §10. Where the reference marks behaviour
UNCONFIRMED the emulator takes the stricter reading, so that provider code passing here does
not lean on leniency:
- numbers are never bought or released here (no AttachPhoneNumber/DeactivatePhoneNumber): the
  seed says which numbers the account owns; a number it does not own is 121 / 181;
- BindPhoneNumberToApplication with bind=true needs the application (134) and a rule of that
  application (147 / 156); binding a number bound elsewhere moves it in one call (the
  emulator's reading of "binds the number to the application"; the real API's answer is
  UNCONFIRMED, and a provider seeing 182 must leave the number where it is); binding without a
  rule clears a rule pin; bind=false naming another application than the number's is 116;
- DelRule clears the pin of numbers pinned to that rule, DelApplication unbinds its numbers
  (both UNCONFIRMED; no unbound number is ever deleted);
- secrets need their application (134); names `^[A-Za-z][A-Za-z0-9_]{0,63}$`, values 1..8192
  characters; a duplicate name in an application is 496 on secret_name (no dedicated code
  exists); error messages never contain a secret value;
- a SIP white list network must be IPv4 CIDR with its host bits zero (170), must not duplicate
  or overlap an entry (170), and the list holds at most SIP_WHITELIST_LIMIT entries (172).
"""

from __future__ import annotations

import ipaddress
import re
import sqlite3
from typing import Any

from . import exceptions as exc
from . import resolve
from .refs import ListRef, Page, Ref
from .resolve import Row, now, page
from .store import Store

SECRET_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
MAX_SECRET_VALUE = 8192
MAX_DESCRIPTION = 255  # UNCONFIRMED; a documented limit would replace it
SIP_WHITELIST_LIMIT = 10  # the real limit is undocumented (error 172 exists)
PHONE_DIGITS = re.compile(r"[0-9]{7,15}")


def _phone_row(row: Row) -> Row:
    """An AttachedPhoneInfo item (apiclient-nodejs Structures.ts), application/rule if bound."""
    item: Row = {
        "phone_id": row["phone_id"],
        "phone_number": row["phone_number"],
        "phone_price": 1.0,
        "phone_country_code": "US" if row["phone_number"].startswith("1") else "XX",
        "phone_next_renewal": "2099-01-01",
        "phone_purchase_date": row["purchased"],
        "deactivated": False,
        "canceled": False,
        "auto_charge": True,
        "category_name": "GEOGRAPHIC",
        "can_be_used": True,
        "is_sms_supported": False,
        "is_sms_enabled": False,
        "emergency_calls_to_be_enabled": False,
        "emergency_calls_enabled": False,
        "subscription_id": row["phone_id"],
        "modified": row["modified"],
    }
    if row["application_id"] is not None:
        item["application_id"] = row["application_id"]
        item["application_name"] = row["application_name"]
        item["extended_application_name"] = resolve.extended_app_name(row["application_name"])
    if row["rule_id"] is not None:
        item["rule_id"] = row["rule_id"]
        item["rule_name"] = row["rule_name"]
    return item


def digits(value: str) -> str:
    """A number as the API spells it: E.164 digits without '+' (input may have the '+')."""
    text = value.removeprefix("+")
    if not PHONE_DIGITS.fullmatch(text):
        raise exc.InvalidPhoneNumber()
    return text


def network(value: str) -> ipaddress.IPv4Network:
    """A strict IPv4 CIDR network ('203.0.113.0/24'; host bits zero; prefix required)."""
    if "/" not in value:
        raise exc.InvalidSipWhitelistNetwork()
    try:
        return ipaddress.IPv4Network(value, strict=True)
    except ValueError:
        raise exc.InvalidSipWhitelistNetwork() from None


def _description(value: str | None) -> str | None:
    if value is not None and len(value) > MAX_DESCRIPTION:
        raise exc.InvalidParameter("description")
    return value


_PHONE_SELECT = (
    "SELECT p.*, a.application_name, r.rule_name FROM phone_numbers p "
    "LEFT JOIN applications a ON a.application_id = p.application_id "
    "LEFT JOIN rules r ON r.rule_id = p.rule_id WHERE p.account_id = ?"
)


class InboundOps:
    """The methods of §10 (mixed into ``Backend``)."""

    store: Store
    account: Row

    # -- phone numbers ---------------------------------------------------------------------

    def add_owned_number(self, phone_number: str) -> int | None:
        """Give the account a number (the seed's way in; no API method buys one here).

        Returns its phone_id, or None when the account owned it already (left as it is).
        """
        with self.store.write() as conn:
            found = conn.execute("SELECT phone_id FROM phone_numbers WHERE phone_number = ?",
                                 (digits(phone_number),)).fetchone()
            if found is not None:
                return None
            cur = conn.execute(
                "INSERT INTO phone_numbers (account_id, phone_number, purchased, modified) "
                "VALUES (?, ?, ?, ?)",
                (self.account["account_id"], digits(phone_number), now(), now()))
        return int(cur.lastrowid or 0)

    def _phones(self, conn: sqlite3.Connection, ref: ListRef) -> list[Row]:
        """The numbers a request names (ids and/or digits); 181 / 121 for one not owned."""
        if ref.all:
            raise exc.InvalidPhoneId()  # 'all' is never needed to bind one number
        rows: dict[int, Row] = {}
        for phone_id in ref.ids or ():
            row = conn.execute(f"{_PHONE_SELECT} AND p.phone_id = ?",
                               (self.account["account_id"], phone_id)).fetchone()
            if row is None:
                raise exc.InvalidPhoneId()
            rows[row["phone_id"]] = dict(row)
        by_id = set(rows)
        for number in ref.names or ():
            row = conn.execute(f"{_PHONE_SELECT} AND p.phone_number = ?",
                               (self.account["account_id"], digits(number))).fetchone()
            if row is None:
                raise exc.InvalidPhoneNumber()
            if by_id and row["phone_id"] not in by_id:
                raise exc.OnlyOneOfParameters("phone_id", "phone_number")
            rows[row["phone_id"]] = dict(row)
        if not rows:
            raise exc.RequiredIsEmpty()
        return list(rows.values())

    def bind_phone_numbers(self, phones: ListRef, app: Ref, rule: Ref, bind: bool) -> Row:
        """Bind numbers to an application (and rule), move them there, or unbind them."""
        with self.store.write() as conn:
            rows = self._phones(conn, phones)
            if not bind:
                app_row = resolve.optional_application(conn, self.account, app)
                for row in rows:
                    if app_row is not None and row["application_id"] not in (
                            None, app_row["application_id"]):
                        raise exc.InvalidApplicationId()  # bound to another application
                conn.executemany(
                    "UPDATE phone_numbers SET application_id = NULL, rule_id = NULL, "
                    "modified = ? WHERE phone_id = ?", [(now(), r["phone_id"]) for r in rows])
                return {"result": 1}
            if not app.given():
                raise exc.RequiredIsEmpty()
            app_row = resolve.application(conn, self.account, app)
            rule_id = resolve.rule(conn, self.account, rule, app_row)["rule_id"] \
                if rule.given() else None
            conn.executemany(
                "UPDATE phone_numbers SET application_id = ?, rule_id = ?, modified = ? "
                "WHERE phone_id = ?",
                [(app_row["application_id"], rule_id, now(), r["phone_id"]) for r in rows])
        return {"result": 1}

    def get_phone_numbers(self, phones: ListRef, app: Ref, rule: Ref,
                          bound_to_app: bool | None, bound_to_rule: bool | None,
                          pg: Page) -> Row:
        """List the account's numbers, filtered by number, application and rule."""
        sql, args = _PHONE_SELECT, [self.account["account_id"]]
        with self.store.read() as conn:
            if phones.ids is not None:
                sql += f" AND p.phone_id IN ({','.join('?' * len(phones.ids))})"
                args += list(phones.ids)
            if phones.names is not None:
                sql += f" AND p.phone_number IN ({','.join('?' * len(phones.names))})"
                args += [n.removeprefix("+") for n in phones.names]
            if app.given():
                sql += " AND p.application_id = ?"
                args.append(resolve.application(conn, self.account, app)["application_id"])
            if rule.id is not None:
                sql += " AND p.rule_id = ?"
                args.append(rule.id)
            if rule.name is not None:
                sql += " AND r.rule_name = ?"
                args.append(rule.name)
            if bound_to_app is not None:
                sql += f" AND p.application_id IS {'NOT ' if bound_to_app else ''}NULL"
            if bound_to_rule is not None:
                sql += f" AND p.rule_id IS {'NOT ' if bound_to_rule else ''}NULL"
            rows, total = page(conn, sql + " ORDER BY p.phone_id", args, pg)
        items = [_phone_row(r) for r in rows]
        return {"result": items, "total_count": total, "count": len(items)}

    # -- secrets ---------------------------------------------------------------------------

    def _secret(self, conn: sqlite3.Connection, app_id: int, ref: Ref) -> Row:
        by_id = by_name = None
        if ref.id is not None:
            by_id = conn.execute("SELECT * FROM secrets WHERE secret_id = ? AND "
                                 "application_id = ?", (ref.id, app_id)).fetchone()
            if by_id is None:
                raise exc.InvalidParameter("secret_id")
        if ref.name is not None:
            by_name = conn.execute("SELECT * FROM secrets WHERE secret_name = ? AND "
                                   "application_id = ?", (ref.name, app_id)).fetchone()
            if by_name is None:
                raise exc.InvalidParameter("secret_name")
        if by_id is not None and by_name is not None and by_id["secret_id"] != by_name[
                "secret_id"]:
            raise exc.OnlyOneOfParameters("secret_id", "secret_name")
        found = by_id or by_name
        if found is None:
            raise exc.RequiredIsEmpty()
        return dict(found)

    def _secret_app(self, conn: sqlite3.Connection, app: Ref) -> int:
        if not app.given():  # UNCONFIRMED whether the API has a default; be strict
            raise exc.RequiredIsEmpty()
        return int(resolve.application(conn, self.account, app)["application_id"])

    @staticmethod
    def _check_secret(name: str | None, value: str | None) -> None:
        if name is not None and not SECRET_NAME.fullmatch(name):
            raise exc.InvalidParameter("secret_name")
        if value is not None and len(value) > MAX_SECRET_VALUE:
            raise exc.InvalidParameter("secret_value")  # the message never holds the value

    def add_secret(self, app: Ref, name: str, value: str, description: str | None) -> Row:
        """Create a secret in an application."""
        self._check_secret(name, value)
        _description(description)
        with self.store.write() as conn:
            app_id = self._secret_app(conn, app)
            try:
                cur = conn.execute(
                    "INSERT INTO secrets (application_id, secret_name, secret_value, "
                    "description, created, modified) VALUES (?, ?, ?, ?, ?, ?)",
                    (app_id, name, value, description or "", now(), now()))
            except sqlite3.IntegrityError:
                raise exc.InvalidParameter("secret_name") from None  # taken in this app
        return {"result": [{"secret_id": cur.lastrowid}]}

    def set_secret_info(self, app: Ref, which: Ref, new_name: str | None, value: str | None,
                        description: str | None) -> Row:
        """Rename a secret, replace its value and/or description."""
        self._check_secret(new_name, value)
        _description(description)
        changes: dict[str, Any] = {"secret_name": new_name, "secret_value": value,
                                   "description": description}
        changes = {k: v for k, v in changes.items() if v is not None}
        with self.store.write() as conn:
            row = self._secret(conn, self._secret_app(conn, app), which)
            sets = "".join(f"{column} = ?, " for column in changes)
            try:
                conn.execute(f"UPDATE secrets SET {sets}modified = ? WHERE secret_id = ?",
                             [*changes.values(), now(), row["secret_id"]])
            except sqlite3.IntegrityError:
                raise exc.InvalidParameter("new_secret_name") from None
        return {"result": 1}

    def del_secrets(self, app: Ref, which: ListRef) -> Row:
        """Delete secrets of an application by ids or names."""
        with self.store.write() as conn:
            app_id = self._secret_app(conn, app)
            if which.all:
                raise exc.InvalidParameter("secret_id")
            doomed = [self._secret(conn, app_id, Ref(id=i))["secret_id"]
                      for i in which.ids or ()]
            doomed += [self._secret(conn, app_id, Ref(name=n))["secret_id"]
                       for n in which.names or ()]
            if not doomed:
                raise exc.RequiredIsEmpty()
            conn.executemany("DELETE FROM secrets WHERE secret_id = ?", [(i,) for i in doomed])
        return {"result": 1}

    def get_secrets(self, app: Ref, name_part: str | None, pg: Page) -> Row:
        """An application's secrets without their values (SecretListItem)."""
        with self.store.read() as conn:
            app_id = self._secret_app(conn, app)
            sql = ("SELECT secret_id, secret_name, description, created, modified FROM secrets "
                   "WHERE application_id = ?")
            args: list[Any] = [app_id]
            if name_part is not None:
                sql, args = sql + " AND ci_contains(secret_name, ?)", [*args, name_part]
            rows, total = page(conn, sql + " ORDER BY secret_id", args, pg)
        for row in rows:
            if not row["description"]:
                del row["description"]
        return {"result": rows, "total_count": total, "count": len(rows)}

    def get_secret_value(self, app: Ref, which: Ref) -> Row:
        """One secret with its value (GetSecretValueResult, as a list of one)."""
        with self.store.read() as conn:
            row = self._secret(conn, self._secret_app(conn, app), which)
        item = {k: row[k] for k in ("secret_id", "secret_name", "secret_value", "created",
                                    "modified")}
        if row["description"]:
            item["description"] = row["description"]
        return {"result": [item]}

    # -- SIP white list --------------------------------------------------------------------

    def _check_network(self, conn: sqlite3.Connection, value: str,
                       skip_id: int | None = None) -> str:
        wanted = network(value)
        for row in conn.execute("SELECT sip_whitelist_id, sip_whitelist_network FROM "
                                "sip_whitelist WHERE account_id = ?",
                                (self.account["account_id"],)):
            if row[0] != skip_id and network(row[1]).overlaps(wanted):
                raise exc.InvalidSipWhitelistNetwork()  # duplicate or overlapping
        return str(wanted)

    def add_sip_whitelist_item(self, value: str, description: str | None) -> Row:
        """Whitelist a network; 172 once the list is full."""
        _description(description)
        with self.store.write() as conn:
            text = self._check_network(conn, value)
            count = conn.execute("SELECT COUNT(*) FROM sip_whitelist WHERE account_id = ?",
                                 (self.account["account_id"],)).fetchone()[0]
            if count >= SIP_WHITELIST_LIMIT:
                raise exc.SipWhiteListNetworkCountExceeded()
            cur = conn.execute(
                "INSERT INTO sip_whitelist (account_id, sip_whitelist_network, description) "
                "VALUES (?, ?, ?)", (self.account["account_id"], text, description or ""))
        return {"result": 1, "sip_whitelist_id": cur.lastrowid}

    def _whitelist_row(self, conn: sqlite3.Connection, entry_id: int) -> Row:
        row = conn.execute("SELECT * FROM sip_whitelist WHERE sip_whitelist_id = ? AND "
                           "account_id = ?", (entry_id, self.account["account_id"])).fetchone()
        if row is None:
            raise exc.InvalidSipWhitelistId()
        return dict(row)

    def set_sip_whitelist_item(self, entry_id: int, value: str, description: str | None) -> Row:
        """Change an entry's network (required) and description."""
        _description(description)
        with self.store.write() as conn:
            self._whitelist_row(conn, entry_id)
            text = self._check_network(conn, value, skip_id=entry_id)
            conn.execute("UPDATE sip_whitelist SET sip_whitelist_network = ?"
                         + (", description = ?" if description is not None else "")
                         + " WHERE sip_whitelist_id = ?",
                         [text, *([description] if description is not None else []), entry_id])
        return {"result": 1}

    def del_sip_whitelist_item(self, entry_id: int) -> Row:
        """Remove one entry."""
        with self.store.write() as conn:
            self._whitelist_row(conn, entry_id)
            conn.execute("DELETE FROM sip_whitelist WHERE sip_whitelist_id = ?", (entry_id,))
        return {"result": 1}

    def get_sip_whitelist(self, entry_id: int | None, pg: Page) -> Row:
        """The SIP white list (SipWhiteListInfo items)."""
        sql = ("SELECT sip_whitelist_id, sip_whitelist_network, description FROM sip_whitelist "
               "WHERE account_id = ?")
        args: list[Any] = [self.account["account_id"]]
        if entry_id is not None:
            sql, args = sql + " AND sip_whitelist_id = ?", [*args, entry_id]
        with self.store.read() as conn:
            rows, total = page(conn, sql + " ORDER BY sip_whitelist_id", args, pg)
        for row in rows:
            if not row["description"]:
                del row["description"]
        return {"result": rows, "total_count": total, "count": len(rows)}

    # -- snapshot --------------------------------------------------------------------------

    def inbound_snapshot(self) -> dict[str, Any]:
        """Numbers with where they are bound, secrets (names, never values), the white list."""
        with self.store.read() as conn:
            phones = conn.execute(
                "SELECT phone_id, phone_number, application_id, rule_id FROM phone_numbers "
                "WHERE account_id = ? ORDER BY phone_id", (self.account["account_id"],)
            ).fetchall()
            secrets = conn.execute(
                "SELECT s.secret_id, s.application_id, s.secret_name, s.description FROM "
                "secrets s JOIN applications a USING (application_id) WHERE a.account_id = ? "
                "ORDER BY s.secret_id", (self.account["account_id"],)).fetchall()
            whitelist = conn.execute(
                "SELECT sip_whitelist_id, sip_whitelist_network, description FROM "
                "sip_whitelist WHERE account_id = ? ORDER BY sip_whitelist_id",
                (self.account["account_id"],)).fetchall()
        return {"phone_numbers": [dict(r) for r in phones],
                "secrets": [dict(r) for r in secrets],
                "sip_whitelist": [dict(r) for r in whitelist]}
