"""Property values <-> the plain dicts the operations take, in one place.

The wire speaks camelCase `PropertyValue`s (secrets, unknowns, numbers as floats); the
operations in `resources/<kind>/` take and return plain snake_case dicts, with a preview's
unknowns as `pulumi.output.Unknown` (what their offline checks already understand). Keys are
converted at every depth: state written by the dynamic resources (snake_case, with its
`__provider`) reads the same as the plugin's own, which is what lets a stack move over with
aliases and no replacement.

Secrets: a value that arrives secret leaves secret. The keys whose values were secret are
collected on the way in (`Plain.secret_keys`), and on the way out every output of one of those
keys, and every nested record that holds one (`declared`), is wrapped as a secret again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi.output import Unknown
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN

_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(key: str) -> str:
    """'scenarioScriptFile' -> 'scenario_script_file' ('rule_id' stays as it is)."""
    return _UPPER.sub(r"_\1", key).lower()


def camel(key: str) -> str:
    """'scenario_script_file' -> 'scenarioScriptFile'; Pulumi's reserved `__` keys stay."""
    if key.startswith("__"):
        return key
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass
class Plain:
    """Plain inputs or state, and the (snake_case) keys whose values were secret."""

    values: dict[str, Any]
    secret_keys: set[str] = field(default_factory=set)


def _plain(value: PropertyValue, secret_keys: set[str], key: str | None) -> Any:
    if value.is_secret and key is not None:
        secret_keys.add(key)
    inner = value.value
    # The engine's unknowns may arrive as the sentinel string the SDK does not convert.
    if isinstance(inner, Computed) or inner == UNKNOWN:
        return Unknown()  # type: ignore[no-untyped-call]
    if isinstance(inner, Mapping):
        return {snake(k): _plain(v, secret_keys, snake(k)) for k, v in inner.items()}
    if isinstance(inner, (list, tuple)):
        return [_plain(v, secret_keys, key) for v in inner]
    return inner


def to_plain(props: Mapping[str, PropertyValue]) -> Plain:
    """A property map as the operations' plain dict (snake_case keys at every depth)."""
    secret_keys: set[str] = set()
    values = {snake(k): _plain(v, secret_keys, snake(k)) for k, v in props.items()}
    return Plain(values, secret_keys)


def _holds(value: Any, keys: set[str]) -> bool:
    """Whether a plain value is, or holds under one of `keys`, something secret."""
    if isinstance(value, Mapping):
        return any(k in keys or _holds(v, keys) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds(v, keys) for v in value)
    return False


def _property(value: Any, rename: bool = True) -> PropertyValue:
    if isinstance(value, PropertyValue):
        return value
    if isinstance(value, Unknown):
        # The SDK cannot marshal its own `Computed` (pulumi 3.272): send the engine's sentinel.
        return PropertyValue(UNKNOWN)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return PropertyValue(value)
    if isinstance(value, (int, float)):
        return PropertyValue(float(value))
    if isinstance(value, Mapping):
        return PropertyValue({camel(str(k)) if rename else str(k): _property(v, rename)
                              for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return PropertyValue([_property(v, rename) for v in value])
    raise TypeError(f"cannot send a {type(value).__name__} to the engine")


def to_properties(values: Mapping[str, Any], secret_keys: Iterable[str] = ()) -> dict[
        str, PropertyValue]:
    """Plain outputs or inputs as a camelCase property map; secrets stay secret."""
    secret = set(secret_keys)
    out: dict[str, PropertyValue] = {}
    for key, value in values.items():
        prop = _property(value)
        if key in secret or (secret and _holds(value, secret)):
            prop = prop.with_secret(True)
        out[camel(key)] = prop
    return out


def data_property(value: Any, secret: bool = False) -> PropertyValue:
    """A plain value whose map keys are data (directory and rule names), not property names."""
    prop = _property(value, rename=False)
    return prop.with_secret(True) if secret else prop
