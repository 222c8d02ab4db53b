"""Lost replies: the API acts, then the reply never reaches the client.

Beside the fail-before-acting faults (faults.py), this is the other half of an unknown
outcome: the request is served in full (the application is created, the rule deleted, the
scenario bound) and only then is the reply lost, as with a gateway timeout or a connection
reset after the backend committed. A client that retries meets the effect of its own first
attempt (a name already taken, an object already gone).

Configured per write method (Add*, Set*, Del*, Bind*, Reorder*; ``"*"`` for all of them):

    {"AddRule": {"count": 1, "reply": "close"},
     "*": {"probability": 0.3, "reply": "503", "random_seed": 4}}

``count`` loses the next n successful replies of that method; ``probability`` loses each
one with that chance (seeded, reproducible for one request order); both may be given (the
count goes first). ``reply`` says how it is lost: ``close`` (the connection is closed with
nothing written), ``503`` (a gateway's HTML 503 page) or ``timeout`` (nothing is written
for ``hold_s`` seconds, default 35, longer than the client's read timeout, then the
connection closes). Only replies of requests that succeeded are lost: a refused request
changed nothing, so its reply goes out. An entry for a method replaces the earlier one.

For the opposite case, a call refused before it acts with a chosen API error (say code 100
for DelApplication, as for a key without the Owner role), give ``refuse``:
``{"DelApplication": {"count": 1, "refuse": 100}}``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any

REPLIES = ("close", "503", "timeout")
WRITE_PREFIXES = ("Add", "Set", "Del", "Bind", "Reorder")
DEFAULT_HOLD_S = 35.0


def is_write(method: str) -> bool:
    """Whether a method changes the account (the ones whose reply may be lost)."""
    return method.startswith(WRITE_PREFIXES)


@dataclass
class Rule:
    """How the replies of one method (or of every write method, ``*``) are lost."""

    count: int = 0
    probability: float = 0.0
    reply: str = "close"
    hold_s: float = DEFAULT_HOLD_S
    random_seed: int = 0
    refuse: int = 0  # an API code: refuse the call before it acts, instead of losing a reply
    lost: int = 0  # replies lost (or calls refused) so far under this rule
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "probability": self.probability, "reply": self.reply,
                "hold_s": self.hold_s, "random_seed": self.random_seed, "refuse": self.refuse,
                "lost": self.lost}


@dataclass(frozen=True)
class Lost:
    """A reply to lose, and how."""

    method: str
    reply: str
    hold_s: float


def parse_rule(method: str, spec: Any) -> Rule:
    """A rule from its JSON form; ValueError names the key at fault."""
    if method != "*" and not is_write(method):
        raise ValueError(f"{method!r} is not a write method (Add*, Set*, Del*, Bind*, Reorder*) "
                         f"or '*'")
    if not isinstance(spec, dict):
        raise ValueError(f"{method}: expected an object with count/probability/reply/hold_s")
    unknown = set(spec) - {"count", "probability", "reply", "hold_s", "random_seed", "refuse"}
    if unknown:
        raise ValueError(f"{method}: unknown keys {sorted(unknown)}")
    for key in ("count", "probability", "hold_s", "random_seed", "refuse"):
        value = spec.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ValueError(f"{method}.{key} must be a number")
    rule = Rule(count=int(spec.get("count") or 0), probability=float(spec.get("probability") or 0),
                reply=str(spec.get("reply") or "close"),
                hold_s=float(spec.get("hold_s", DEFAULT_HOLD_S)),
                random_seed=int(spec.get("random_seed") or 0),
                refuse=int(spec.get("refuse") or 0))
    if rule.count < 0 or not 0.0 <= rule.probability <= 1.0 or rule.hold_s < 0:
        raise ValueError(f"{method}: count >= 0, 0 <= probability <= 1, hold_s >= 0")
    if rule.reply not in REPLIES:
        raise ValueError(f"{method}.reply must be one of {', '.join(REPLIES)}")
    rule._rng = random.Random(rule.random_seed)
    return rule


class LostReplies:
    """Thread-safe per-method decisions: lose this successful reply or send it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: dict[str, Rule] = {}

    def configure(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Add or replace rules (``{}`` keeps them; ``{"clear": true}`` drops every rule)."""
        spec = dict(spec)
        clear = spec.pop("clear", False)
        rules = {method: parse_rule(method, value) for method, value in spec.items()}
        with self._lock:
            if clear:
                self._rules.clear()
            self._rules.update(rules)
        return self.settings()

    def settings(self) -> dict[str, Any]:
        """Every rule with how many replies it has lost."""
        with self._lock:
            return {m: r.as_dict() for m, r in self._rules.items()}

    def refusal(self, method: str) -> int | None:
        """Before a request of `method` acts: the API code to refuse it with, or None."""
        code = self._decide(method, refusing=True)
        return code if isinstance(code, int) else None

    def decide(self, method: str) -> Lost | None:
        """For a request of `method` that succeeded: the way to lose its reply, or None."""
        lost = self._decide(method, refusing=False)
        return lost if isinstance(lost, Lost) else None

    def _decide(self, method: str, *, refusing: bool) -> Any:
        if not is_write(method):
            return None
        with self._lock:
            for key in (method, "*"):
                rule = self._rules.get(key)
                if rule is None or bool(rule.refuse) != refusing:
                    continue
                if rule.count > 0:
                    rule.count -= 1
                elif not (rule.probability and rule._rng.random() < rule.probability):
                    return None
                rule.lost += 1
                return rule.refuse if refusing else Lost(method, rule.reply, rule.hold_s)
        return None
