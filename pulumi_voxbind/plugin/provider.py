"""The voxbind provider plugin: Pulumi's real-provider protocol over the shared core.

`VoxbindPlugin` is a `pulumi.provider.experimental.provider.Provider`. Each request becomes a
call of the kind's own provider class (kinds.py) with plain dicts (values.py), so the checks,
diff plans, operations, declarations and ownership are the ones the dynamic resources use.
What is particular to the plugin:
- configuration arrives once per provider instance (`voxbind:credentials`, `voxbind:endpoint`
  as provider inputs; the environment fallbacks are resources/settings.py's);
- API calls block, and the server is one asyncio loop, so every call that may touch the API
  (create, read, update, delete) runs on a thread pool sized for the engine's parallelism
  (`VOXBIND_PLUGIN_THREADS`, default 64); check and diff are offline and run inline;
- `read` with no state is `pulumi import`: imports.py rebuilds the state from the id;
- nothing here relies on the protocol's `old_inputs` (the SDK's server drops them on Diff,
  Update and Delete): every decision is made from the old state, which holds what was declared.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from pulumi.dynamic import Config, ConfigureRequest
from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import PropertyValue

from pulumi_voxbind.plugin.kinds import KINDS, PACKAGE, Kind
from pulumi_voxbind.plugin.values import Plain, camel, snake, to_plain, to_properties
from pulumi_voxbind.resources.base import VoxbindProvider
from pulumi_voxbind.resources.common import META_KEY, normalize_id
from pulumi_voxbind.resources.errors import ProviderError
from pulumi_voxbind.resources.settings import CONFIG_CREDENTIALS, CONFIG_ENDPOINT

ENV_THREADS = "VOXBIND_PLUGIN_THREADS"
DEFAULT_THREADS = 64
T = TypeVar("T")


def plugin_version() -> str:
    """The plugin's version: the package's (pyproject.toml is its one source), as semver.

    '0.2.0' stays; a local build's '0.2.0+g1a2b' is '0.2.0'; a pre-release '0.3.0rc1' is
    '0.3.0-rc1'. The SDKs generated from the schema ask the engine for this version.
    """
    import pulumi_voxbind

    text = str(pulumi_voxbind.__version__).split("+", 1)[0]
    found = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?[.-]?([0-9A-Za-z.]*)", text)
    if found is None:
        return "0.0.0"
    release = ".".join(part or "0" for part in found.groups()[:3])
    suffix = re.sub(r"[^0-9A-Za-z.]", "", found.group(4) or "").strip(".")
    return f"{release}-{suffix}" if suffix else release


@lru_cache(maxsize=1)
def schema_text() -> str:
    """The package schema (schema.json next to this module), the single source of names,
    served with the plugin's version (the file carries none: tools/sdkgen takes it too)."""
    text = resources.files("pulumi_voxbind.plugin").joinpath("schema.json").read_text("utf-8")
    spec = json.loads(text)
    spec["version"] = plugin_version()
    return json.dumps(spec, indent=2, ensure_ascii=False)


def resource_meta(urn: str) -> dict[str, str]:
    """The hidden `__voxbind` meta input of the dynamic door ({stack, name}), from a URN.

    `urn:pulumi:<stack>::<project>::<type>::<name>`: the stack is "<project>/<stack>" (a URN
    names no organization, so the create journal keys a plugin stack without one) and the name
    is the resource's Pulumi name, which the messages, RuleOrder's one-per-application check
    and PhoneNumberBinding's one-binding-per-number check use.
    """
    parts = urn.split("::")
    if len(parts) < 4 or not parts[0].startswith("urn:pulumi:"):
        return {}
    stack = parts[0].removeprefix("urn:pulumi:")
    return {"stack": f"{parts[1]}/{stack}", "name": "::".join(parts[3:])}


@lru_cache(maxsize=1)
def _input_names() -> dict[str, str]:
    """snake_case -> camelCase of every input and output the schema declares, for messages
    (an import error names `sipWhitelistId`, as the README's table does)."""
    schema = json.loads(schema_text())
    names: dict[str, str] = {}
    for spec in schema["resources"].values():
        for key in (*spec.get("inputProperties", {}), *spec.get("properties", {})):
            names[snake(key)] = key
    return names


def user_words(message: str) -> str:
    """A message with the inputs named as the plugin's programs write them (camelCase)."""
    names = _input_names()
    return re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b",
                  lambda m: names.get(m.group(0), m.group(0)), message)


def thread_count() -> int:
    """Worker threads for blocking API calls (`VOXBIND_PLUGIN_THREADS`, default 64)."""
    raw = os.environ.get(ENV_THREADS, "").strip()
    if not raw:
        return DEFAULT_THREADS
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{ENV_THREADS} must be a positive whole number, got {raw!r}")
    return int(raw)


def _config_value(request: rpc.ConfigureRequest, key: str) -> str | None:
    """A provider input (`credentials`), else the engine's variable (`voxbind:config:...`).

    The engine hands stack config that looks like JSON to a default provider parsed: the key
    file's text then arrives as an object, and goes back to the JSON text settings.py reads.
    """
    arg = request.args.get(key)
    if arg is not None:
        value = to_plain({key: arg}).values[key]
        if isinstance(value, dict):  # numbers crossed as floats: 100001.0 was 100001
            return json.dumps({k: int(v) if isinstance(v, float) and v.is_integer() else v
                               for k, v in value.items()})
        if isinstance(value, str) and value:
            return value
    for name in (f"{PACKAGE}:config:{key}", f"{PACKAGE}:{key}"):
        if request.variables.get(name):
            return request.variables[name]
    return None


def _plain(kind: Kind, props: Any) -> Plain:
    """A request's properties as plain values; the kind's always-secret inputs count as
    secret whether or not the program marked them (Secret's `secretValue`)."""
    plain = to_plain(props)
    plain.secret_keys |= kind.secret_inputs
    return plain


# Inputs compared through a digest in state (the value itself is never stored): a change
# shows on the input when the digest changes, and the digest itself is no input.
DIGESTED = {"secret_value": "value_digest"}


def _detailed_diff(olds: dict[str, Any], news: dict[str, Any], replaces: Iterable[str],
                   changes: bool) -> dict[str, rpc.PropertyDiff]:
    """Which inputs differ from what state says was declared, for the CLI's display."""
    declared: dict[str, Any] = {}
    for key in ("declared", "declared_inputs"):  # what the kinds keep of their inputs
        if isinstance(olds.get(key), dict):
            declared = olds[key]
            break
    replace = set(replaces)
    out: dict[str, rpc.PropertyDiff] = {}
    if not changes:
        return out
    for key in sorted(set(news) | set(declared)):
        if key.startswith("__") or key in ("script_sha256", "scenario_script_path") or \
                key in DIGESTED.values():
            continue
        if key in DIGESTED:  # compared by digest; an unknown digest (no key) is a change
            old_digest, new_digest = olds.get(DIGESTED[key]), news.get(DIGESTED[key])
            if isinstance(new_digest, str) and new_digest == old_digest:
                continue
            # Stand-ins, never the value: only whether each side has one matters below.
            old = "<digest>" if old_digest is not None else None
            new = "<value>" if news.get(key) is not None else None
        else:
            old = declared.get(key, olds.get(key))
            new = news.get(key)
            if old == new or (isinstance(old, float) and old == new):
                continue
        if old is None:
            kind = rpc.PropertyDiffKind.ADD_REPLACE if key in replace else \
                rpc.PropertyDiffKind.ADD
        elif new is None:
            kind = rpc.PropertyDiffKind.DELETE_REPLACE if key in replace else \
                rpc.PropertyDiffKind.DELETE
        else:
            kind = rpc.PropertyDiffKind.UPDATE_REPLACE if key in replace else \
                rpc.PropertyDiffKind.UPDATE
        out[camel(key)] = rpc.PropertyDiff(kind, input_diff=True)
    return out


def _canonical_id(provider: VoxbindProvider, outs: dict[str, Any]) -> str | None:
    """The Pulumi id a create gives the object (its `id_output`), for an imported one: the
    engine keeps the id Read returns, so state after an import equals state after a create
    and everything keyed by the object's id (renames followed, ownership) works alike."""
    key = getattr(provider, "id_output", None)
    value = normalize_id(outs.get(key)) if isinstance(key, str) else None
    return str(value) if value is not None else None


class VoxbindPlugin(rpc.Provider):
    """Serves voxbind:index:* over the shared operations; one instance per provider."""

    def __init__(self, threads: int | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads or thread_count(),
                                        thread_name_prefix="voxbind-api")
        self._config = Config({}, PACKAGE)
        self._providers: dict[str, VoxbindProvider] = {}

    # plumbing ---------------------------------------------------------------------------
    def _kind(self, urn_type: str) -> Kind:
        # A child's URN qualifies its type with its parents' ("...VoxfilesProject$voxbind:...").
        kind = KINDS.get(urn_type.rsplit("$", 1)[-1])
        if kind is None:
            raise ProviderError(f"the voxbind provider has no resource type {urn_type!r}; "
                                f"it serves {', '.join(sorted(KINDS))}")
        return kind

    def _provider(self, kind: Kind) -> VoxbindProvider:
        """The kind's provider object, configured with this plugin instance's settings."""
        found = self._providers.get(kind.name)
        if found is None:
            found = kind.provider()
            found.configure(ConfigureRequest(self._config))
            self._providers[kind.name] = found
        return found

    async def _blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Run an API-touching call on the pool, never on the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    # configuration ----------------------------------------------------------------------
    async def get_schema(self, request: rpc.GetSchemaRequest) -> rpc.GetSchemaResponse:
        return rpc.GetSchemaResponse(schema=schema_text())

    async def check_config(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        """Provider inputs pass as given; unknown keys are named (secrets stay secret)."""
        known = {"credentials", "endpoint", "version"}
        failures = [rpc.CheckFailure(k, f"unknown provider setting {k!r}; the voxbind "
                                        f"provider takes credentials and endpoint")
                    for k in sorted(request.new_inputs) if k not in known]
        return rpc.CheckResponse(inputs=request.new_inputs, failures=failures)

    async def diff_config(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        """A new endpoint or key changes the provider in place; it never replaces resources.

        No detailed diff is returned: the SDK's DiffConfig reads a misspelt attribute of it
        (`inputDiff`), so one would crash the call; `diffs` names the settings instead.
        """
        keys = ("credentials", "endpoint")
        olds = {k: request.old_state.get(k, PropertyValue(None)).value for k in keys}
        news = {k: request.new_inputs.get(k, PropertyValue(None)).value for k in keys}
        diffs = [k for k in keys if olds[k] != news[k]]
        return rpc.DiffResponse(changes=bool(diffs), diffs=diffs)

    async def configure(self, request: rpc.ConfigureRequest) -> rpc.ConfigureResponse:
        """Remember this instance's account and endpoint; fallbacks as the dynamic door's."""
        raw = {f"{PACKAGE}:{key}": _config_value(request, key)
               for key in ("credentials", "endpoint")}
        assert CONFIG_CREDENTIALS in raw and CONFIG_ENDPOINT in raw
        self._config = Config({k: v for k, v in raw.items() if v}, PACKAGE)
        self._providers.clear()
        # Preview Create/Update run no operation (see create/update): they only tell the
        # engine which outputs a preview already knows, so that an in-place update does not
        # make its dependents' inputs unknown.
        return rpc.ConfigureResponse(accept_secrets=True, supports_preview=True,
                                     accept_outputs=False, accept_resources=False)

    # resources --------------------------------------------------------------------------
    async def check(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        """The kind's offline check; failures name the inputs as the program spells them."""
        kind = self._kind(request.type)
        olds, news = _plain(kind, request.old_inputs), _plain(kind, request.new_inputs)
        meta = resource_meta(request.urn)
        if meta:
            news.values[META_KEY] = meta  # who declares it, as the dynamic door passes it
        # The old inputs matter to Secret: its value digest keeps the previous salt.
        result = self._provider(kind).check(olds.values, news.values)
        failures = [rpc.CheckFailure(camel(f.property), user_words(f.reason))
                    for f in result.failures or []]
        return rpc.CheckResponse(
            inputs=to_properties(result.inputs or {}, news.secret_keys),
            failures=failures)

    async def diff(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        """The kind's offline plan: a no-change preview makes no API call."""
        kind = self._kind(request.type)
        olds, news = _plain(kind, request.old_state), _plain(kind, request.new_inputs)
        result = self._provider(kind).diff(request.resource_id, olds.values, news.values)
        replaces = list(result.replaces or [])
        changes = bool(result.changes)
        detailed = _detailed_diff(olds.values, news.values, replaces, changes)
        return rpc.DiffResponse(
            changes=changes, replaces=[camel(k) for k in replaces],
            delete_before_replace=bool(result.delete_before_replace),
            diffs=list(detailed), detailed_diff=detailed)

    async def create(self, request: rpc.CreateRequest) -> rpc.CreateResponse:
        kind = self._kind(request.type)
        news = _plain(kind, request.properties)
        if request.preview:  # no API call: the new object's own outputs are still unknown
            return rpc.CreateResponse(resource_id="",
                                      properties=to_properties(news.values, news.secret_keys))
        result = await self._blocking(self._provider(kind).create, news.values)
        return rpc.CreateResponse(resource_id=result.id,
                                  properties=to_properties(result.outs or {}, news.secret_keys))

    async def update(self, request: rpc.UpdateRequest) -> rpc.UpdateResponse:
        kind = self._kind(request.type)
        olds, news = _plain(kind, request.olds), _plain(kind, request.news)
        if request.preview:  # no API call: ids and everything not declared stay as in state
            return rpc.UpdateResponse(properties=to_properties(
                {**olds.values, **news.values}, olds.secret_keys | news.secret_keys))
        result = await self._blocking(self._provider(kind).update, request.resource_id,
                                      olds.values, news.values)
        return rpc.UpdateResponse(properties=to_properties(result.outs or {},
                                                           olds.secret_keys | news.secret_keys))

    async def read(self, request: rpc.ReadRequest) -> rpc.ReadResponse:
        """Refresh from state; with no state (`pulumi import`), from the id alone."""
        kind = self._kind(request.type)
        olds, inputs = _plain(kind, request.properties), _plain(kind, request.inputs)
        provider = self._provider(kind)
        state = olds.values
        importing = not state and not inputs.values
        if importing:
            stub = await self._blocking(self._import_state, kind, provider, request.resource_id)
            if stub is None:
                return rpc.ReadResponse(resource_id=None)
            state = stub
        result = await self._blocking(provider.read, request.resource_id, state)
        if result.id is None:
            return rpc.ReadResponse(resource_id=None)
        resource_id = result.id
        if importing:  # the id a create would have given ('15551230001' -> its phone_id)
            resource_id = _canonical_id(provider, result.outs or {}) or resource_id
        secret = olds.secret_keys | inputs.secret_keys
        return rpc.ReadResponse(resource_id=resource_id,
                                properties=to_properties(result.outs or {}, secret),
                                inputs=to_properties(result.inputs or {}, secret))

    @staticmethod
    def _import_state(kind: Kind, provider: VoxbindProvider, resource_id: str) -> (
            dict[str, Any] | None):
        from pulumi_voxbind.resources.errors import clear_errors
        from pulumi_voxbind.resources.settings import client_for

        with clear_errors(kind.name):
            return kind.importer(client_for(provider._settings), resource_id)

    async def construct(self, request: rpc.ConstructRequest) -> rpc.ConstructResponse:
        """Build the VoxfilesProject component (plugin/component.py)."""
        from pulumi_voxbind.plugin.component import construct

        return await construct(request)

    async def delete(self, request: rpc.DeleteRequest) -> None:
        kind = self._kind(request.type)
        olds = _plain(kind, request.properties)
        await self._blocking(self._provider(kind).delete, request.resource_id, olds.values)
