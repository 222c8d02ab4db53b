# shellcheck shell=bash
# Sourced by tools/demo and tools/test: make the project's virtualenv and the Pulumi CLI ready.
# Idempotent and quiet on reruns; every setup step of the project lives here or in the tools it
# calls (ensure-venv, ensure-pulumi; tools/test adds one virtualenv per extra Python version).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VOXBIND_VENV:-$ROOT/.venv}"
PYTHON_BIN="${PYTHON:-python3}"

# The default virtualenv: created with $PYTHON (python3), or kept with whatever made it.
if [ -x "$VENV/bin/python" ]; then
    "$ROOT/tools/ensure-venv" "$VENV" "$VENV/bin/python"
else
    "$ROOT/tools/ensure-venv" "$VENV" "$(command -v "$PYTHON_BIN")"
fi

PULUMI_BIN_DIR="$("$ROOT/tools/ensure-pulumi" | tail -n 1)"
export PULUMI_BIN_DIR
export PATH="$VENV/bin:$PULUMI_BIN_DIR:$PATH"
export PULUMI_PYTHON_CMD="$VENV/bin/python"
