"""Telling a rename from a delete plus an add, from the tree alone (no state, no API).

The rule, exactly (README "Coming from voxengine-ci" repeats it):

- A declared scenario N is the rename of scenario O when O has voxengine-ci metadata
  (`.voxengine-ci/scenarios/dist/O.metadata.config.json`) but no rule references O any more,
  N has no metadata of its own, and the SHA-256 of N's script equals O's metadata `hash`.
- A rule N in an application's rules.config is the rename of rule O of the same application
  when O is in that application's `rules.metadata.config.json` but no longer in its
  rules.config, N is not in the metadata, and both have the same pattern and the same
  scenario list in the same order (scenario names compared after the scenario renames above).
- Each pairing must be one-to-one: when two candidates share a hash (or a pattern and list),
  none of them is paired, and Pulumi shows a delete plus an add.

A paired child gets a Pulumi alias to the old child's name, so Pulumi updates the existing
object in place (a rename through SetScenarioInfo / SetRuleInfo) instead of deleting it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping


def pair_renames(vanished: Mapping[str, Hashable], appeared: Mapping[str, Hashable]
                 ) -> dict[str, str]:
    """new name -> old name, for each key shared by exactly one vanished and one appeared name."""
    old_by_key: dict[Hashable, list[str]] = defaultdict(list)
    new_by_key: dict[Hashable, list[str]] = defaultdict(list)
    for name, key in vanished.items():
        old_by_key[key].append(name)
    for name, key in appeared.items():
        new_by_key[key].append(name)
    return {news[0]: old_by_key[key][0] for key, news in new_by_key.items()
            if len(news) == 1 and len(old_by_key.get(key, ())) == 1}
