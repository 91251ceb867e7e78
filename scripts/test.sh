#!/usr/bin/env bash
# The project's test command (the README's): installs what the tests need, then runs them all.
# Used as is by CI (.ci/run) and by people on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The collector's tests run against moto, an AWS API emulator, in server mode: keep the pinned
# version in .venv (created or replaced when missing or different) and tell the tests where it is.
MOTO_VERSION=5.2.5
if [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null)" != "$MOTO_VERSION" ]; then
    echo "test.sh: installing moto[server]==$MOTO_VERSION into .venv" >&2
    # A fresh venv each time (a half-made one from an interrupted run would fail again); one
    # retry, as creating it has been seen to fail once while the disk was busy.
    rm -rf .venv
    python3 -m venv .venv || { rm -rf .venv; sleep 2; python3 -m venv .venv; }
    .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
export MATURITY_MOTO_SERVER="$PWD/.venv/bin/moto_server"

# The HTML report's browser test drives Debian's headless Chromium through chromedriver
# (crates/report/tests/browser.rs); it fails, never skips, without them.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "test.sh: installing chromium and chromium-driver" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

cargo test --workspace --locked "$@"
