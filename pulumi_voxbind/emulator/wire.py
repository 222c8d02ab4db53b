"""Request parameters from the wire: query string, form-urlencoded and multipart bodies.

Everything here raises ``InvalidArguments`` (API error 101) for input it cannot read: bytes that
are not UTF-8, broken percent-escapes, broken multipart framing, too many fields. Repeated
parameters are joined with ``;`` (so ``scenario_id=1&scenario_id=2`` reads as ``1;2``); a body
parameter replaces a query parameter of the same name. JSON and other bodies are not read (the
real API's support for them is unconfirmed; its documentation's curl samples send ``{}`` with
the parameters in the query string).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from . import exceptions as exc

MAX_FIELDS = 1000
_PARAM = re.compile(r';\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


def _join(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs:
        out[name] = f"{out[name]};{value}" if name in out else value
    return out


def parse_urlencoded(data: str | bytes) -> dict[str, str]:
    """Parse ``a=1&b=2`` (strict UTF-8, ``+`` as space, repeated names joined).

    A ``str`` is taken to be a query string as http.server decodes the request line (Latin-1),
    so it is turned back into its bytes before the strict UTF-8 decoding.
    """
    try:
        raw = data.encode("latin-1") if isinstance(data, str) else data
        text = raw.decode("utf-8")
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:  # includes UnicodeDecodeError and "too many fields"
        raise exc.InvalidArguments() from None
    return _join(pairs)


def parse_header(value: str) -> tuple[str, dict[str, str]]:
    """Split a header like ``multipart/form-data; boundary=x`` into value and parameters."""
    main, _, rest = value.partition(";")
    params = {}
    for match in _PARAM.finditer(";" + rest):
        quoted, bare = match.group(2), match.group(3)
        params[match.group(1).lower()] = (
            re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare
        )
    return main.strip().lower(), params


def parse_multipart(body: bytes, boundary: str) -> dict[str, str]:
    """Parse a ``multipart/form-data`` body strictly (RFC 7578 framing, UTF-8 values)."""
    if not 0 < len(boundary) <= 70 or not boundary.isascii():
        raise exc.InvalidArguments()
    chunks = (b"\r\n" + body).split(b"\r\n--" + boundary.encode())
    if len(chunks) < 2 or len(chunks) > MAX_FIELDS + 2:
        raise exc.InvalidArguments()
    pairs: list[tuple[str, str]] = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):  # the close delimiter; what follows is the epilogue
            return _join(pairs)
        pairs.append(_part(chunk))
    raise exc.InvalidArguments()  # no close delimiter: truncated body


def _part(chunk: bytes) -> tuple[str, str]:
    line_end = chunk.find(b"\r\n")
    if line_end < 0 or chunk[:line_end].strip(b" \t"):
        raise exc.InvalidArguments()
    head, sep, value = chunk[line_end + 2 :].partition(b"\r\n\r\n")
    if not sep:  # no blank line after the headers (a part without headers has no name either)
        raise exc.InvalidArguments()
    name = None
    try:
        for line in head.decode("utf-8").split("\r\n"):
            field, colon, content = line.partition(":")
            if not colon:
                raise exc.InvalidArguments()
            if field.strip().lower() == "content-disposition":
                kind, params = parse_header(content)
                if kind != "form-data":
                    raise exc.InvalidArguments()
                name = params.get("name")
        if not name:
            raise exc.InvalidArguments()
        return name, value.decode("utf-8")
    except UnicodeDecodeError:
        raise exc.InvalidArguments() from None


def body_params(content_type: str | None, body: bytes) -> dict[str, str]:
    """Parameters carried by a POST body of the given content type."""
    if not body:
        return {}
    kind, params = parse_header(content_type or "application/x-www-form-urlencoded")
    if kind == "application/x-www-form-urlencoded":
        return parse_urlencoded(body)
    if kind == "multipart/form-data":
        return parse_multipart(body, params.get("boundary", ""))
    return {}
