# shellcheck shell=bash
# Sourced by tools/demo and tools/test: make the project's virtualenv and the Pulumi CLI ready.
# Idempotent and quiet on reruns; every setup step of the project lives here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VOXBIND_VENV:-$ROOT/.venv}"
PYTHON_BIN="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "bootstrap: creating virtualenv $VENV" >&2
    "$PYTHON_BIN" -m venv "$VENV"
fi

# Reinstall only when the project's metadata changed (editable install: code edits need none).
stamp="$VENV/.voxbind-install-stamp"
want="$(cat "$ROOT/pyproject.toml" "$ROOT/tools/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "bootstrap: installing pulumi-voxbind and its dev dependencies" >&2
    "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet -c "$ROOT/tools/constraints.txt" -e "$ROOT[dev]" >&2
    echo "$want" > "$stamp"
fi

# The official Node.js client for tests/conformance: `npm ci` only when the lockfile changed
# (node_modules stays in the worktree; npm keeps its download cache in ~/.npm). Without npm
# only those tests fail (with this hint); the demo needs no Node.js.
NODE_CLIENT_DIR="$ROOT/tests/conformance/node"
node_stamp="$NODE_CLIENT_DIR/node_modules/.voxbind-lock-stamp"
node_want="$(sha256sum < "$NODE_CLIENT_DIR/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$node_stamp" ] || [ "$(cat "$node_stamp")" != "$node_want" ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "bootstrap: installing the official Node.js client (npm ci)" >&2
        npm ci --prefix "$NODE_CLIENT_DIR" --no-audit --no-fund --loglevel=error >&2
        echo "$node_want" > "$node_stamp"
    else
        echo "bootstrap: warning: npm not found; tests/conformance needs Node.js >= 18 with" \
             "npm (https://nodejs.org/en/download)" >&2
    fi
fi

PULUMI_BIN_DIR="$("$ROOT/tools/ensure-pulumi" | tail -n 1)"
export PULUMI_BIN_DIR
export PATH="$VENV/bin:$PULUMI_BIN_DIR:$PATH"
export PULUMI_PYTHON_CMD="$VENV/bin/python"
