"""Command line: ``voxbind-emulator`` / ``python -m pulumi_voxbind.emulator``.

Prints the API base URL as the first stdout line (flushed) once the socket listens (and, with
``--env-file``, writes the URL and key path as shell assignments), serves until SIGINT or
SIGTERM, then stops accepting, closes the state and exits 0. Exit status 2 for bad arguments,
an unreadable seed or state, or a port that cannot be bound.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import ssl
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from .app import build_emulator
from .envfile import environment, write_env_file
from .seed import SeedError
from .server import POLL_SECONDS, EmulatorServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voxbind-emulator", description="Local emulator of the Voximplant Management API."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free port)")
    parser.add_argument("--state", help="SQLite file that keeps all state across restarts")
    parser.add_argument("--seed", help="JSON file of applications, rules and scenarios to create")
    parser.add_argument("--credentials-out", help="write (or reuse) a service-account key file")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay every API request")
    parser.add_argument(
        "--fail-rate", type=float, default=0.0, help="fraction of API requests that fail (0..1)"
    )
    parser.add_argument("--random-seed", type=int, default=0, help="seed of the failure sequence")
    parser.add_argument(
        "--verbose", action="store_true", help="log each API method and outcome to stderr"
    )
    parser.add_argument(
        "--tls-cert", help="serve HTTPS with this PEM certificate (chain), as official clients need"
    )
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    parser.add_argument(
        "--env-file",
        help="once listening, write VOXIMPLANT_API_URL and VOXIMPLANT_CREDENTIALS to this file "
        "as shell assignments (needs --credentials-out); `source` it in a CI shell",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    return parser


def _version() -> str:
    """The installed package's version (the emulator ships with pulumi-voxbind)."""
    from pulumi_voxbind import __version__

    return __version__


def _tls_context(cert: str | None, key: str | None) -> ssl.SSLContext | None:
    """A server TLS context from the PEM files, or None for plain HTTP."""
    if cert is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator until SIGINT/SIGTERM; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not 0.0 <= args.fail_rate <= 1.0 or args.latency_ms < 0:
        parser.error("--fail-rate must be within 0..1 and --latency-ms not negative")
    if args.tls_key is not None and args.tls_cert is None:
        parser.error("--tls-key needs --tls-cert")
    if args.env_file is not None and args.credentials_out is None:
        parser.error("--env-file needs --credentials-out (the key file whose path it writes)")
    try:
        ssl_context = _tls_context(args.tls_cert, args.tls_key)
    except (OSError, ssl.SSLError) as err:
        print(f"voxbind-emulator: error: cannot load --tls-cert/--tls-key: {err}", file=sys.stderr)
        return 2
    try:
        emulator = build_emulator(
            state_path=args.state,
            seed=args.seed,
            credentials_path=args.credentials_out,
            latency_ms=args.latency_ms,
            fail_rate=args.fail_rate,
            random_seed=args.random_seed,
            verbose=args.verbose,
        )
    except (SeedError, sqlite3.Error, OSError) as err:
        print(f"voxbind-emulator: error: {err}", file=sys.stderr)
        return 2
    try:
        server = EmulatorServer(emulator, args.host, args.port, ssl_context=ssl_context)
    except OSError as err:
        emulator.close()
        print(
            f"voxbind-emulator: error: cannot listen on {args.host}:{args.port}: {err}",
            file=sys.stderr,
        )
        return 2
    if args.credentials_out is None and not emulator.backend.keys():
        print(
            "voxbind-emulator: warning: no --credentials-out and no key in the state; "
            "every token will be refused (433)",
            file=sys.stderr,
        )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    thread = threading.Thread(
        target=server.serve_forever, args=(POLL_SECONDS,), name="voxbind-emulator", daemon=True
    )
    thread.start()
    if args.env_file is not None:
        try:
            write_env_file(Path(args.env_file), environment(server.url, args.credentials_out))
        except OSError as err:
            print(f"voxbind-emulator: error: cannot write --env-file: {err}", file=sys.stderr)
            server.shutdown()
            server.server_close()
            emulator.close()
            return 2
    print(server.url, flush=True)
    stop.wait()
    server.shutdown()
    server.server_close()
    emulator.close()
    return 0
