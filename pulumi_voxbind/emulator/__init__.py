"""Local emulator of the Voximplant Management API (what moto is to AWS).

Layout, moto-style:
    store.py      SQLite schema, one connection, serialised transactions
    backend.py    account, keys, applications, rules   } state and API rules,
    scenarios.py  scenarios, bindings and their order   } no HTTP (moto "models")
    resolve.py, bindings.py, refs.py   look-ups, ordered bindings, typed references
    exceptions.py one class per API error code
    params.py     typed parameters;  wire.py  query/form/multipart parsing
    handlers.py   one thin function per API method;  dispatch.py  name -> handler table
    auth.py       RS256 JWT verification;  keys.py  key generation and the key file
    faults.py     latency and seeded failures;  stats.py  request counters
    app.py        one API call end to end;  control.py  /_emulator/ endpoints
    framing.py    request bodies: Content-Length or chunked, size and time bounds
    server.py     ThreadingHTTPServer front end (HTTP or HTTPS);  cli.py / __main__.py  CLI
    inprocess.py  running_emulator();  pytest_plugin.py  the voxbind_emulator fixture
    process.py    EmulatorProcess: the CLI as a child process (kill, restart, control)
"""

from __future__ import annotations

from .app import Emulator, build_emulator
from .cli import main
from .inprocess import RunningEmulator, running_emulator
from .process import EmulatorProcess
from .seed import SeedError
from .server import EmulatorServer

__all__ = [
    "Emulator",
    "EmulatorProcess",
    "EmulatorServer",
    "RunningEmulator",
    "SeedError",
    "build_emulator",
    "main",
    "running_emulator",
]
