"""SQLite storage for the emulator: schema, one shared connection, serialised transactions.

One connection is shared by all server threads and guarded by a lock, so every read and write
sees a consistent state; writes run in ``BEGIN IMMEDIATE`` transactions so that a second process
opening the same state file cannot interleave with them either. SQLite statements take
microseconds, so serialising them costs nothing next to HTTP and JWT work (and injected latency
is slept outside the lock).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account_id    INTEGER PRIMARY KEY,
    account_name  TEXT NOT NULL UNIQUE,
    account_email TEXT NOT NULL,
    created       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS keys (
    key_id     TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    public_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applications (
    application_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       INTEGER NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    application_name TEXT NOT NULL UNIQUE,
    secure_record_storage INTEGER NOT NULL DEFAULT 0,
    modified         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rules (
    rule_id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id       INTEGER NOT NULL
                         REFERENCES applications(application_id) ON DELETE CASCADE,
    rule_name            TEXT NOT NULL,
    rule_pattern         TEXT NOT NULL,
    rule_pattern_exclude TEXT NOT NULL DEFAULT '',
    video_conference     INTEGER NOT NULL DEFAULT 0,
    modified             TEXT NOT NULL,
    UNIQUE (application_id, rule_name)
);
CREATE TABLE IF NOT EXISTS scenarios (
    scenario_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id      INTEGER NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    application_id  INTEGER REFERENCES applications(application_id) ON DELETE CASCADE,
    scenario_name   TEXT NOT NULL,
    scenario_script TEXT NOT NULL DEFAULT '',
    modified        TEXT NOT NULL,
    UNIQUE (account_id, scenario_name)
);
CREATE TABLE IF NOT EXISTS bindings (
    rule_id     INTEGER NOT NULL REFERENCES rules(rule_id) ON DELETE CASCADE,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(scenario_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (rule_id, scenario_id)
);
CREATE INDEX IF NOT EXISTS bindings_by_scenario ON bindings(scenario_id);
CREATE TABLE IF NOT EXISTS seeds (
    digest  TEXT PRIMARY KEY,
    applied TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rule_order (
    rule_id  INTEGER PRIMARY KEY REFERENCES rules(rule_id) ON DELETE CASCADE,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS phone_numbers (
    phone_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    phone_number   TEXT NOT NULL UNIQUE,
    application_id INTEGER REFERENCES applications(application_id) ON DELETE SET NULL,
    rule_id        INTEGER REFERENCES rules(rule_id) ON DELETE SET NULL,
    purchased      TEXT NOT NULL,
    modified       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS secrets (
    secret_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL
                   REFERENCES applications(application_id) ON DELETE CASCADE,
    secret_name    TEXT NOT NULL,
    secret_value   TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    created        TEXT NOT NULL,
    modified       TEXT NOT NULL,
    UNIQUE (application_id, secret_name)
);
CREATE TABLE IF NOT EXISTS sip_whitelist (
    sip_whitelist_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id            INTEGER NOT NULL REFERENCES accounts(account_id) ON DELETE CASCADE,
    sip_whitelist_network TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT ''
);
-- Routing order of each application's rules (GetRules order, first match wins). Rules from
-- state files written before this table existed keep their creation order.
INSERT OR IGNORE INTO rule_order (rule_id, position) SELECT rule_id, rule_id FROM rules;
"""

# Columns added after the first release: state files created before them get them on open.
ADDED_COLUMNS = {
    "accounts": {"created": "TEXT NOT NULL DEFAULT ''"},
    "applications": {"secure_record_storage": "INTEGER NOT NULL DEFAULT 0"},
}

# Distinct id ranges make a rule id passed where a scenario id belongs fail loudly in tests
# instead of hitting an unrelated object that happens to share the number.
FIRST_IDS = {"applications": 100, "rules": 2000, "scenarios": 30000,
             "phone_numbers": 500000, "secrets": 600000, "sip_whitelist": 700000}


class Store:
    """A SQLite database (a file, or private memory for ``:memory:``) with serialised access."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self.closed = False
        self._conn = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=10.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.create_function("ci_contains", 2, _ci_contains, deterministic=True)
        self._conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            # WAL + NORMAL: durable across process exits, one fsync per checkpoint not per commit.
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        with self.write() as conn:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            for table, columns in ADDED_COLUMNS.items():
                have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
                for column, declaration in columns.items():
                    if column not in have:
                        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            for table, first in FIRST_IDS.items():
                seen = conn.execute(
                    "SELECT 1 FROM sqlite_sequence WHERE name = ?", (table,)
                ).fetchone()
                if seen is None:
                    conn.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, first)
                    )

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one ``BEGIN IMMEDIATE`` transaction; roll back on any exception."""
        with self._lock:
            self._check_open()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:  # also when COMMIT itself failed
                    self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one read transaction (a consistent snapshot)."""
        with self._lock:
            self._check_open()
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another process's lock before failing (DB error 4)."""
        with self._lock:
            self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def _check_open(self) -> None:
        if self.closed:  # a request still in flight while the server shuts down
            raise sqlite3.OperationalError("the emulator is shutting down")

    def close(self) -> None:
        """Close the connection once no transaction is running."""
        with self._lock:
            self.closed = True
            self._conn.close()


def _ci_contains(haystack: str | None, needle: str | None) -> bool:
    """Case-insensitive substring test (Unicode-aware, unlike SQLite's ``lower``)."""
    if haystack is None or needle is None:
        return False
    return needle.casefold() in haystack.casefold()
