"""``python -m pulumi_voxbind.emulator``; also the ``voxbind-emulator`` console script."""

from __future__ import annotations

import sys

from pulumi_voxbind.emulator.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
