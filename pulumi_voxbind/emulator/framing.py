"""Request body framing: Content-Length or chunked, read within a size and a time bound.

The official Node.js client streams its multipart body with ``Transfer-Encoding: chunked`` and
no Content-Length, so both framings are read. Every body, whatever its framing, must arrive
within ``seconds`` of the end of the headers and stay within ``max_bytes``; otherwise
:class:`BodyError` is raised and the caller answers, then closes the connection. A trickling
body cannot hold a worker beyond the deadline: each socket read is given only the time left.

Framing that is ambiguous or unsupported is refused rather than guessed: both
Transfer-Encoding and Content-Length (a request-smuggling pattern), a transfer coding other than
plain ``chunked``, repeated Content-Length headers, malformed chunk sizes and bare-LF lines.
"""

from __future__ import annotations

import io
import re
import socket
import time
from collections.abc import Callable
from email.message import Message
from functools import partial

MAX_LINE = 1024  # a chunk-size line (with extensions) or one trailer line
MAX_TRAILERS = 100
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,8}")  # 8 hex digits are plenty above max_bytes
_CONTENT_LENGTH = re.compile(r"[0-9]{1,9}")


class BodyError(Exception):
    """The body cannot be read (framing, size or time): reply, then close the connection."""


def read_body(
    rfile: io.BufferedIOBase,
    sock: socket.socket,
    headers: Message,
    *,
    max_bytes: int,
    seconds: float,
) -> bytes:
    """Read the request body the headers announce (empty when they announce none)."""
    codings = headers.get_all("Transfer-Encoding") or []
    lengths = headers.get_all("Content-Length") or []
    reader = _DeadlineReader(rfile, sock, seconds)
    if codings:
        if lengths:
            raise BodyError("both Transfer-Encoding and Content-Length")
        names = [c.strip().lower() for value in codings for c in value.split(",")]
        if names != ["chunked"]:
            raise BodyError("unsupported transfer coding")
        return reader.chunked(max_bytes)
    if not lengths:
        return b""
    if len(lengths) > 1 or not _CONTENT_LENGTH.fullmatch(lengths[0].strip()):
        raise BodyError("invalid Content-Length")
    length = int(lengths[0])
    if length > max_bytes:
        raise BodyError("body too large")
    return reader.exact(length)


class _DeadlineReader:
    """Reads from a buffered socket file, giving every socket read only the time left."""

    def __init__(self, rfile: io.BufferedIOBase, sock: socket.socket, seconds: float) -> None:
        self.rfile = rfile
        self.sock = sock
        self.deadline = time.monotonic() + seconds

    def _arm(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise BodyError("body not received in time")
        self.sock.settimeout(left)

    def exact(self, size: int) -> bytes:
        """Read exactly ``size`` bytes."""
        parts: list[bytes] = []
        left = size
        while left:
            data = self._io(partial(self.rfile.read1, min(left, 65536)))
            parts.append(data)
            left -= len(data)
        return b"".join(parts)

    def line(self) -> bytes:
        """Read one CRLF-terminated line of at most ``MAX_LINE`` bytes, without the CRLF."""
        out = bytearray()
        while True:
            data = self._io(partial(self.rfile.peek, 1))  # at most one socket read
            end = data.find(b"\n")
            out += self.rfile.read(end + 1 if end >= 0 else len(data))  # already buffered
            if len(out) > MAX_LINE + 2:
                raise BodyError("line too long")
            if end >= 0:
                if not out.endswith(b"\r\n") or b"\r" in out[:-2]:
                    raise BodyError("line not terminated by CRLF")
                return bytes(out[:-2])

    def chunked(self, max_bytes: int) -> bytes:
        """Read a chunked body (chunk extensions and trailers are read and ignored)."""
        parts: list[bytes] = []
        total = 0
        while True:
            size_text = self.line().split(b";", 1)[0].rstrip(b" \t")
            if not _CHUNK_SIZE.fullmatch(size_text):
                raise BodyError("invalid chunk size")
            size = int(size_text, 16)
            if size == 0:
                break
            total += size
            if total > max_bytes:
                raise BodyError("body too large")
            parts.append(self.exact(size))
            if self.exact(2) != b"\r\n":
                raise BodyError("chunk not terminated by CRLF")
        for _ in range(MAX_TRAILERS + 1):
            if not self.line():  # the empty line ends the trailer section
                return b"".join(parts)
        raise BodyError("too many trailer lines")

    def _io(self, read: Callable[[], bytes]) -> bytes:
        self._arm()
        try:
            data = read()
        except (OSError, ValueError):  # timeout, reset, or a file closed by a timeout
            raise BodyError("connection failed mid-body") from None
        if not data:
            raise BodyError("connection closed mid-body")
        return data
