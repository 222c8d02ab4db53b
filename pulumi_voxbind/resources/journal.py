"""Creates whose outcome is unknown: a small journal that lets a stack finish its own create.

A create (AddApplication, AddRule, AddScenario) can act on the account and still fail to
tell us: the reply is lost and the client's retry meets "name already taken", the client
gives up after its retries, or `pulumi up` is killed while the call is on the wire. Pulumi
then has no id for the object, and a later create finds an object of that name that it must
not take over silently, because objects that existed before the stack are only adopted with
`adopt=True`.

The provider tells the two apart like this:

1. A create first looks the name up. An object already there is someone else's (unless an
   entry below says otherwise): the create refuses without `adopt=True`.
2. Only when the name is free does it write an entry (account, endpoint, stack, kind,
   identity) to a journal file, then call the API.
3. A reply that arrives (success, or a refusal on the first attempt, which changed
   nothing) removes the entry. A "name taken" answer after more than one attempt means the
   earlier attempt was ours: the object is taken over as created by this stack.
4. An entry that survives (the client gave up, the process was killed) lets the next create
   of the same object in the same stack take the object over as its own, once.

Limits, said in the README: the journal is a file on the machine that ran the create
(`VOXBIND_JOURNAL_DIR`, default `$PULUMI_HOME/voxbind/journal`, else
`~/.pulumi/voxbind/journal`), so a recovery on another machine (a fresh CI runner) cannot
see it and the create refuses as for any existing object; and if someone else created the
same name between our look-up and our call, or between the kill and the recovery, the
entry cannot tell their object from ours.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pulumi_voxbind.api.client import VoximplantClient
from pulumi_voxbind.api.errors import ConflictError, VoximplantError
from pulumi_voxbind.resources import acting

log = logging.getLogger("pulumi_voxbind.provider")
T = TypeVar("T")

_lock = threading.Lock()


def journal_dir() -> Path:
    """Where entries are kept (one JSON file per endpoint, account and stack)."""
    explicit = os.environ.get("VOXBIND_JOURNAL_DIR")
    if explicit:
        return Path(explicit)
    home = os.environ.get("PULUMI_HOME") or str(Path.home() / ".pulumi")
    return Path(home) / "voxbind" / "journal"


def _file(client: VoximplantClient) -> Path:
    stack = acting.stack()
    key = f"{client.endpoint}\n{client.account_id}\n{stack}".encode()
    return journal_dir() / f"{hashlib.sha256(key).hexdigest()[:24]}.json"


def _key(kind: str, identity: tuple[Any, ...]) -> str:
    return f"{kind}:{json.dumps(list(identity))}"


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _store(path: Path, entries: dict[str, Any]) -> None:
    """Write the entries atomically. A journal that cannot be written (a read-only home)
    costs only the recovery it would allow: the create goes on, and says so in the log."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not entries:
            path.unlink(missing_ok=True)
            return
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(entries, indent=1, sort_keys=True))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write the create journal %s (%s): a create interrupted now "
                    "will need adopt=True to finish; set VOXBIND_JOURNAL_DIR to a writable "
                    "directory", path, exc.strerror or type(exc).__name__)


def intend(client: VoximplantClient, kind: str, identity: tuple[Any, ...]) -> None:
    """Record that this stack is about to create the object (before the API call)."""
    path = _file(client)
    with _lock:
        entries = _load(path)
        entries[_key(kind, identity)] = {"kind": kind, "identity": list(identity),
                                         "since": round(time.time(), 3)}
        _store(path, entries)


def settle(client: VoximplantClient, kind: str, identity: tuple[Any, ...]) -> None:
    """The outcome is known (created and reported, or nothing made): drop the entry."""
    path = _file(client)
    with _lock:
        entries = _load(path)
        if entries.pop(_key(kind, identity), None) is not None:
            _store(path, entries)


def pending(client: VoximplantClient, kind: str, identity: tuple[Any, ...]) -> bool:
    """Whether an earlier create of this object by this stack has an unknown outcome."""
    with _lock:
        return _key(kind, identity) in _load(_file(client))


@dataclass(frozen=True)
class Outcome:
    """What a create found or made: `made` (the API's answer), or `existing` (an object of
    that name) with `ours` telling whether this stack's own earlier attempt made it."""

    made: Any = None
    existing: dict[str, Any] | None = None
    ours: bool = False


def create_once(client: VoximplantClient, kind: str, identity: tuple[Any, ...], *,
                add: Callable[[], T], find: Callable[[], dict[str, Any] | None],
                find_again: Callable[[], dict[str, Any] | None] | None = None) -> Outcome:
    """Create an object at most once across lost replies, retries and interrupted runs."""
    existing = find()
    if existing is not None:
        if pending(client, kind, identity):
            settle(client, kind, identity)
            return Outcome(existing=existing, ours=True)
        return Outcome(existing=existing)
    intend(client, kind, identity)
    try:
        made = add()
    except ConflictError as exc:
        existing = (find_again or find)()
        if existing is None:
            raise  # the entry stays: whatever happened is unknown
        settle(client, kind, identity)
        # After more than one attempt the name was free when our first request went out,
        # so the object is the one that request made; on the first attempt it is not ours.
        return Outcome(existing=existing, ours=exc.attempts > 1)
    except VoximplantError as exc:
        if not exc.retryable and exc.attempts == 1:
            settle(client, kind, identity)  # refused at once: nothing was made
        raise
    settle(client, kind, identity)
    return Outcome(made=made)
