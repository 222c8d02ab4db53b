"""Wire format of the Management API: endpoint, form encoding and response classification.

Pure functions with no I/O, so the client's retry loop stays short and these rules are easy to
test. Reference: ../shared/voximplant-api.md §2 (requests) and §3-4 (responses, errors).
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from pulumi_voxbind.api.errors import (
    RateLimitedError,
    TransportError,
    VoximplantError,
    error_for_api_code,
)

__all__ = [
    "DEFAULT_ENDPOINT",
    "ENDPOINT_ENV",
    "encode_params",
    "parse_response",
    "parse_retry_after",
    "resolve_endpoint",
    "validate_method",
]

DEFAULT_ENDPOINT = "https://api.voximplant.com/platform_api"
ENDPOINT_ENV = "VOXIMPLANT_API_URL"
_METHOD_RE = re.compile(r"[A-Z][A-Za-z0-9]{0,63}")


def resolve_endpoint(endpoint: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Pick the endpoint (argument, else env VOXIMPLANT_API_URL, else the public API)."""
    env = os.environ if environ is None else environ
    source = "endpoint"
    if endpoint is None:
        endpoint = env.get(ENDPOINT_ENV) or None
        source = ENDPOINT_ENV
    if endpoint is None:
        return DEFAULT_ENDPOINT
    url = endpoint.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{source} must be an http(s) URL such as {DEFAULT_ENDPOINT}")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{source} must not contain a user name or password")
    if parts.query or parts.fragment:
        raise ValueError(f"{source} must not contain a query string or fragment")
    return url


def validate_method(method: str) -> str:
    """Accept API method names like 'BindScenario' (also keeps the URL path safe)."""
    if not isinstance(method, str) or not _METHOD_RE.fullmatch(method):
        raise ValueError(f"invalid API method name {method!r}; expected e.g. 'GetRules'")
    return method


def encode_params(params: Mapping[str, Any]) -> bytes:
    """Form-encode params: lists joined with ';', bools 'true'/'false', None omitted."""
    pairs = [
        (name, _encode_value(name, value)) for name, value in params.items() if value is not None
    ]
    return urlencode(pairs).encode("ascii")


def _encode_value(name: str, value: Any) -> str:
    """Render one parameter value as the API expects it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError(f"parameter {name!r} is an empty list; omit it instead")
        return ";".join(_encode_item(name, item) for item in value)
    raise TypeError(
        f"parameter {name!r} must be str, int, bool, a list/tuple of str or int, or None; "
        f"got {type(value).__name__}"
    )


def _encode_item(name: str, item: Any) -> str:
    """Render one list element; ';' inside an element would silently split it."""
    if isinstance(item, bool) or not isinstance(item, (int, str)):
        raise TypeError(
            f"parameter {name!r} list items must be str or int, got {type(item).__name__}"
        )
    text = str(item)
    if ";" in text:
        raise ValueError(f"parameter {name!r} list item contains ';', which separates items")
    return text


def parse_response(
    method: str, status: int, content_type: str, body: bytes
) -> dict[str, Any] | VoximplantError:
    """Return the JSON object of a success, or the error the response represents."""
    data = _json_object(body)
    if data is not None:
        api_error = _api_error(method, status, data)
        if api_error is not None:
            return api_error
    if status == 429:
        return RateLimitedError("Too Many Requests", method=method, http_status=status)
    if status == 408 or status >= 500:
        return TransportError(_describe(content_type, body), method=method, http_status=status)
    if not 200 <= status < 300:
        hint = " (is the endpoint URL right?)" if status in (301, 302, 303, 307, 308, 404) else ""
        return VoximplantError(
            _describe(content_type, body) + hint, method=method, http_status=status
        )
    if data is None:
        return TransportError(
            f"expected a JSON object, got {_describe(content_type, body)}",
            method=method,
            http_status=status,
        )
    return data


def _json_object(body: bytes) -> dict[str, Any] | None:
    """Decode a JSON object body, or None when the body is anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting: not an API reply
        return None
    return data if isinstance(data, dict) else None


def _api_error(method: str, status: int, data: dict[str, Any]) -> VoximplantError | None:
    """Read `error` (an object) or `errors` (a list of them) into one exception."""
    entries: list[Any] = []
    if isinstance(data.get("error"), dict):
        entries.append(data["error"])
    if isinstance(data.get("errors"), list):
        entries.extend(e for e in data["errors"] if isinstance(e, dict))
    elif isinstance(data.get("errors"), dict):
        entries.append(data["errors"])
    if not entries:
        if ("error" in data or data.get("errors")) and 200 <= status < 300:
            return VoximplantError("malformed error body", method=method, http_status=status)
        return None  # not the API's error shape: judged by its HTTP status instead
    first = entries[0]
    code = _int_code(first.get("code"))
    msgs = [str(e.get("msg") or e.get("message") or "(no message)") for e in entries]
    pairs = zip(entries[1:], msgs[1:], strict=True)
    extra = "; ".join(f"{_int_code(e.get('code'))}: {m}" for e, m in pairs)
    msg = msgs[0] + (f" (also {extra})" if extra else "")
    if code is None:
        return VoximplantError(msg, method=method, http_status=status)
    return error_for_api_code(code, msg, method=method, http_status=status)


def _int_code(value: Any) -> int | None:
    """API codes are ints; tolerate numeric strings, reject anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _is_number(value.strip()):
        return int(value)
    return None


def _is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts '²', which int() and float() refuse."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _describe(content_type: str, body: bytes) -> str:
    """Summarise a body by type and size only: it may be a proxy page echoing our headers."""
    kind = content_type.split(";", 1)[0].strip() or "no content type"
    return f"unexpected response ({kind}, {len(body)} bytes)"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)
