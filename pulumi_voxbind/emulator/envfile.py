"""The emulator's address and key file as shell assignments, for CI shells and user scripts.

`voxbind-emulator --env-file PATH` writes this once the socket listens, so a job can start the
emulator in the background, wait for the file and `source` it (or append it to
`$GITHUB_ENV`): after that, `pulumi up` in that shell talks to the emulator.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from collections.abc import Mapping
from pathlib import Path

ENV_ENDPOINT = "VOXIMPLANT_API_URL"
ENV_CREDENTIALS = "VOXIMPLANT_CREDENTIALS"


def environment(url: str, credentials_path: Path) -> dict[str, str]:
    """What a `pulumi` run needs to target the emulator: its URL and the key file's path."""
    return {ENV_ENDPOINT: url, ENV_CREDENTIALS: str(Path(credentials_path).resolve())}


def shell_assignments(variables: Mapping[str, str]) -> str:
    """`NAME=value` lines, each value quoted for POSIX shells (paths with spaces stay whole)."""
    return "".join(f"{name}={shlex.quote(value)}\n" for name, value in variables.items())


def write_env_file(path: Path, variables: Mapping[str, str]) -> None:
    """Write the assignments atomically: a reader polling for the file never sees half of it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".voxbind-env-", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w") as out:
            out.write(shell_assignments(variables))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
