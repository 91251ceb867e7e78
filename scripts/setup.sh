#!/usr/bin/env bash
# Installs what the tests need besides Rust crates: the pinned moto and format validators in .venv,
# Debian's postgresql server, and Debian's chromium and chromium-driver (scripts/requirements.sh
# says why).
# Idempotent: what is already there is left alone, so a second run takes about a second. The README's test command is
# `./scripts/setup.sh && ./scripts/test.sh`; CI (.ci/run) runs the same on a clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/requirements.sh

if moto_ready; then
    echo "setup.sh: moto[server]==$MOTO_VERSION already in .venv" >&2
else
    echo "setup.sh: installing moto[server]==$MOTO_VERSION into .venv" >&2
    # A fresh venv each time (a half-made one from an interrupted run would fail again); one
    # retry, as creating it has been seen to fail once while the disk was busy.
    rm -rf .venv
    python3 -m venv .venv || { rm -rf .venv; sleep 2; python3 -m venv .venv; }
    .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
    moto_ready || { echo "setup.sh: moto installed but $MOTO_SERVER does not report $MOTO_VERSION" >&2; exit 1; }
fi

if validators_ready; then
    echo "setup.sh: the format validators of $VALIDATORS_FILE already in .venv" >&2
else
    echo "setup.sh: installing the format validators of $VALIDATORS_FILE into .venv" >&2
    .venv/bin/pip install --quiet --disable-pip-version-check -r "$VALIDATORS_FILE"
    cp "$VALIDATORS_FILE" .venv/validators.txt
fi

if postgres_ready; then
    echo "setup.sh: PostgreSQL server binaries already installed" >&2
else
    echo "setup.sh: installing Debian's postgresql (the server is started only by test.sh)" >&2
    apt-get update -qq
    # The package starts a cluster of its own at install time; the tests do not use it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    postgres_ready || { echo "setup.sh: PostgreSQL server binaries still missing after apt-get" >&2; exit 1; }
fi

if chromium_ready; then
    echo "setup.sh: chromium and chromedriver already installed" >&2
else
    echo "setup.sh: installing Debian's chromium and chromium-driver" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    chromium_ready || { echo "setup.sh: chromium or chromedriver still missing after apt-get" >&2; exit 1; }
fi
