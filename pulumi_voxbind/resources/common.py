"""Input checks, errors and messages shared by Application, Rule, Scenario and RuleOrder.

Pure Python with no API access (the providers' `check` and `diff` run offline). Values still
unknown at preview (`pulumi.output.Unknown`) pass every check; they are checked once known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pulumi_voxbind.resources.binding.inputs import Failure, is_unknown, normalize_id
from pulumi_voxbind.resources.errors import ProviderError

__all__ = [
    "APPLICATION_NAME",
    "Failure",
    "ResourceError",
    "check_adopt",
    "check_application_ref",
    "check_id",
    "check_name",
    "check_unknown_keys",
    "held_back",
    "id_output",
    "is_unknown",
    "known",
    "normalize_id",
    "short_application_name",
    "shown",
]

# AddApplication's short name (routing reference §2.1); a full name is `<short>.<account>...`.
APPLICATION_NAME = re.compile(r"[a-z][a-z0-9-]{1,64}")
FULL_APPLICATION_NAME = re.compile(r"([a-z][a-z0-9-]{1,64})(\.[a-z0-9][a-z0-9-]*)+")

F = TypeVar("F", bound=Callable[..., Any])


class ResourceError(ProviderError):
    """An operation failed; the message names the object, the input at fault and the fix."""


def shown(value: Any) -> Any:
    """A value as the program wrote it: numbers cross gRPC as floats, so 12 arrives as 12.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [shown(v) for v in value]
    return value


def known(value: Any) -> bool:
    """Set and not an unknown preview value."""
    return value is not None and not is_unknown(value)


def short_application_name(name: str) -> str:
    """'ivr' for 'ivr' and for 'ivr.acme.voximplant.com': a full name means its first label."""
    return name.split(".", 1)[0]


def check_unknown_keys(news: Mapping[str, Any], keys: Iterable[str]) -> list[Failure]:
    """One failure per input the resource does not have."""
    allowed = tuple(keys)
    return [
        Failure(k, f"unknown input {k!r}; valid inputs are {', '.join(allowed)}")
        for k in sorted(news)
        if k not in allowed and not k.startswith("__") and news[k] is not None
    ]


def check_name(props: dict[str, Any], key: str, limit: int, failures: list[Failure],
               *, required: bool = True) -> None:
    """A name the API stores as written: 1..limit characters, no ';', no control characters."""
    value = props.get(key)
    if value is None:
        if required:
            failures.append(Failure(key, f"{key} is required"))
        return
    if is_unknown(value):
        return
    if not isinstance(value, str) or not value.strip():
        failures.append(Failure(key, f"{key} must be a non-empty string, got {shown(value)!r}"))
    elif value != value.strip():
        failures.append(Failure(key, f"{key} {value!r} has leading or trailing spaces; remove "
                                     f"them (names are matched exactly)"))
    elif len(value) > limit:
        failures.append(Failure(key, f"{key} {value!r} is {len(value)} characters; the API "
                                     f"allows at most {limit}"))
    elif ";" in value or any(ord(c) < 32 for c in value):
        failures.append(Failure(key, f"{key} {value!r} contains ';' or a control character, "
                                     f"which the API cannot store in a name"))


def check_id(props: dict[str, Any], key: str, failures: list[Failure]) -> None:
    """A positive integer id; normalised in place (ids arrive over gRPC as floats)."""
    value = props.get(key)
    if value is None or is_unknown(value):
        return
    number = normalize_id(value)
    if number is None:
        failures.append(Failure(key, f"{key} must be a positive integer id, got "
                                     f"{shown(value)!r}; pass the id output of the resource "
                                     f"(e.g. app.application_id) or the number from the "
                                     f"control panel"))
    else:
        props[key] = number


def check_adopt(props: dict[str, Any], failures: list[Failure]) -> None:
    """`adopt` is a plain boolean; False is the default and is not stored."""
    value = props.get("adopt")
    if value is None or is_unknown(value):
        return
    if not isinstance(value, bool):
        failures.append(Failure("adopt", f"adopt must be True or False, got {shown(value)!r}"))
    elif not value:
        del props["adopt"]


def check_application_name(props: dict[str, Any], failures: list[Failure],
                           key: str = "application_name") -> None:
    """A short application name, or a full one whose first label is a valid short name."""
    value = props.get(key)
    if value is None or is_unknown(value):
        return
    if not isinstance(value, str) or not (APPLICATION_NAME.fullmatch(value)
                                          or FULL_APPLICATION_NAME.fullmatch(value)):
        failures.append(Failure(key, f"{key} must be a short application name like 'ivr' "
                                     f"(a lowercase letter, then 1-64 lowercase letters, digits "
                                     f"or '-') or a full name like 'ivr.acme.voximplant.com'; "
                                     f"got {shown(value)!r}"))


def check_application_ref(props: dict[str, Any], failures: list[Failure], *,
                          required: bool, what: str) -> None:
    """At most one (or, if required, exactly one) of application_id / application_name."""
    has_id, has_name = props.get("application_id") is not None, \
        props.get("application_name") is not None
    if has_id and has_name:
        failures.append(Failure("application_id", f"set only one of application_id and "
                                                  f"application_name for the {what}; remove one"))
    elif required and not has_id and not has_name:
        failures.append(Failure("application_id", f"the {what} needs its application: set "
                                                  f"application_id (e.g. app.application_id) "
                                                  f"or application_name"))
    check_id(props, "application_id", failures)
    check_application_name(props, failures)


def held_back(what: str, new_name: str) -> str:
    """Why a rename is refused: another resource of the program still declares the object."""
    kind = what.split(" ", 1)[0]
    return (f"{kind.capitalize()}: not renaming {what} to {new_name!r}: another resource of "
            f"this program declares it under its current name (for example one that takes "
            f"it over with adopt=True). Keep this resource's name and declare {new_name!r} "
            f"in a new resource, or remove the other declaration first")


def id_output(resource: Any) -> Any:
    """The object's numeric id, taken from the resource's Pulumi id (always its string form).

    Pulumi ids change only through a replace, so this stays known in the preview of an
    update, where an output of a dynamic resource would read as unknown; resources that use
    it (a Rule's application_id, a binding's rule_id) then preview as unchanged when their
    application or rule is only renamed.
    """
    kind, name = type(resource).__name__, getattr(resource, "_name", "?")

    def numeric(value: str | None) -> int | None:
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise ValueError(
                f"{kind} {name!r}: its Pulumi id must be the object's numeric Voximplant id, "
                f"got {value!r}. In unit tests with pulumi.runtime.set_mocks, return a numeric "
                f"id such as '2001' from Mocks.new_resource (see docs/testing.md)") from None

    return resource.id.apply(numeric)


META_KEY = "__voxbind"  # hidden input: {"stack": "org/project/stack", "name": resource name}


def resource_meta(resource_name: str) -> dict[str, str]:
    """Who declares a resource: its stack (for the create journal) and its Pulumi name (for
    messages that name two resources). Hidden from plans: keys starting with `__` never
    reach a diff or an operation."""
    import pulumi

    try:
        stack = f"{pulumi.get_organization()}/{pulumi.get_project()}/{pulumi.get_stack()}"
    except Exception:  # outside a Pulumi program (unit tests of the resource classes)
        stack = ""
    return {"stack": stack, "name": resource_name}


def meta_of(props: Mapping[str, Any]) -> dict[str, str]:
    """The hidden meta input of checked props (empty for state written before it existed)."""
    value = props.get(META_KEY)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}


def resource_props(kind: str, resource_name: str, args: Any, keywords: dict[str, Any],
                   output_keys: Iterable[str]) -> dict[str, Any]:
    """A resource's props from an `…Args` dataclass or keywords (not both), with every output
    key seeded so that Pulumi creates an Output for it, and the hidden meta input."""
    import dataclasses

    if args is not None:
        if any(v is not None for v in keywords.values()):
            raise TypeError(f"{kind} {resource_name!r}: pass either a {kind}Args or keyword "
                            f"inputs, not both")
        keywords = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)}
    return {**dict.fromkeys(output_keys), **keywords, META_KEY: resource_meta(resource_name)}
