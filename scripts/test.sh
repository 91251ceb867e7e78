#!/usr/bin/env bash
# Runs every test of the workspace (extra arguments go to `cargo test`). Installs nothing: it
# checks that ./scripts/setup.sh has run and says so when something is missing. The README's
# test command is `./scripts/setup.sh && ./scripts/test.sh`; CI (.ci/run) runs the same.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/requirements.sh

missing=()
moto_ready || missing+=("moto[server]==$MOTO_VERSION in .venv")
chromium_ready || missing+=("chromium and chromedriver")
postgres_ready || missing+=("Debian's postgresql server")
validators_ready || missing+=("the format validators of $VALIDATORS_FILE in .venv")
if [ ${#missing[@]} -gt 0 ]; then
    printf 'test.sh: missing %s\n' "${missing[@]}" >&2
    echo "test.sh: run ./scripts/setup.sh first (it installs them), then ./scripts/test.sh again" >&2
    exit 1
fi

export MATURITY_MOTO_SERVER="$MOTO_SERVER"
export MATURITY_PYTHON
trap stop_test_postgres EXIT
start_test_postgres
cargo test --workspace --locked "$@"
