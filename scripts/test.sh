#!/usr/bin/env bash
# The project's test command (the README's): installs what the tests need, then runs them all.
# Used as is by CI (.ci/run) and by people on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace --locked "$@"
