"""What a plan means for live routing, said in names at preview: the lines a reviewer reads.

Pulumi shows a dynamic resource's diff as its inputs compared position by position, so a
RuleOrder or a ScenarioBinding change reads as ids (`~ [0]: 30001 => 30002`), and a replace
that leaves a rule without a scenario for a moment looks like any other. `diff` runs offline
(no API call), so the names come from state: the order or the list as it is now, with every
id state knows by name, and a new id shown as such. The notes go to the provider's stderr,
which the CLI prints under the command, at `preview` and again at `up`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pulumi_voxbind.resources.common import is_unknown, shown

log = logging.getLogger("pulumi_voxbind.provider")


def say(message: str) -> None:
    """One note for the reviewer of a plan."""
    print(f"plan: {message}", file=sys.stderr, flush=True)


def best_effort(note: Callable[..., None], *args: Any) -> None:
    """Write a note; a note that cannot be written never fails the plan it describes."""
    try:
        note(*args)
    except Exception:  # an annotation only: the diff itself is already decided
        log.debug("plan note %s not written", note.__name__, exc_info=True)


def _listed(value: Any) -> list[Any] | None:
    """A list input as a list; None while the whole list is unknown at preview."""
    if is_unknown(value):
        return None
    return list(value or [])


def named(ids: Sequence[Any] | None, names: Mapping[int, str], what: str) -> str:
    """`vip (2001), rule 2005, a new rule (its id is known once it is created)`."""
    if ids is None:
        return f"{what}s known once the {what}s it lists are created"
    parts = []
    for value in ids:
        if is_unknown(value):
            parts.append(f"a new {what} (its id is known once it is created)")
            continue
        number = shown(value)
        name = names.get(number) if isinstance(number, int) else None
        parts.append(f"{name} ({number})" if name else f"{what} {number}")
    return ", ".join(parts) if parts else "nothing"


def names_by_id(ids: Any, names: Any) -> dict[int, str]:
    """State's ids and names, side by side (outputs written before names existed give none)."""
    if not isinstance(ids, list) or not isinstance(names, list) or len(ids) != len(names):
        return {}
    return {int(shown(i)): str(n) for i, n in zip(ids, names, strict=True)
            if isinstance(shown(i), int)}


def order_change(who: str, application: str, olds: Mapping[str, Any],
                 news: Mapping[str, Any]) -> None:
    """A RuleOrder whose rule_ids change: the first positions before and after, in names."""
    old_ids, new_ids = _listed(olds.get("rule_ids")) or [], _listed(news.get("rule_ids"))
    if new_ids is not None and [shown(i) for i in old_ids] == [shown(i) for i in new_ids]:
        return
    names = names_by_id(old_ids, olds.get("rule_names"))
    say(f"{who}: the first rules of application {application!r} go from "
        f"{named(old_ids, names, 'rule')} to {named(new_ids, names, 'rule')}")


def binding_change(who: str, rule: str, olds: Mapping[str, Any],
                   news: Mapping[str, Any]) -> None:
    """A ScenarioBinding by ids whose list changes: what the rule runs, before and after."""
    if news.get("scenario_ids") is None:
        return  # by names: the diff shows names already
    new_ids = _listed(news.get("scenario_ids"))
    old_ids = _listed(olds.get("scenario_ids")) or []
    if new_ids is not None and [shown(i) for i in old_ids] == [shown(i) for i in new_ids]:
        return
    names = names_by_id(old_ids, olds.get("scenario_names"))
    say(f"{who}: rule {rule!r} runs {named(old_ids, names, 'scenario')} now and will run "
        f"{named(new_ids, names, 'scenario')}")


def delete_first_window(kind: str, label: str, object_id: str) -> None:
    """A replace that must delete first: say what runs in between, and for how long."""
    if kind == "Rule":
        effect = ("calls that match it go to the next matching rule of the application, or "
                  "reach none, until the new rule is created and its ScenarioBindings bind "
                  "its scenarios again")
    elif kind == "Scenario":
        effect = ("every rule running it runs without it until the ScenarioBindings that name "
                  "it are updated to the new scenario")
    else:
        return
    say(f"{kind} {label} (id {object_id}) is replaced by deleting it first (its name cannot "
        f"exist twice): {effect}, within this `pulumi up` (seconds)")
