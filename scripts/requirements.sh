# What the tests need from outside Cargo, in one place: sourced by setup.sh (which installs it),
# test.sh and bench-scan.sh (which only check it and name ./scripts/setup.sh when it is missing).
# Each check is quick, so running setup.sh again on a ready machine costs about a second.

# The collector's tests run against moto, an AWS API emulator, in server mode, pinned here and
# kept in a Python venv at the workspace root.
MOTO_VERSION=5.2.5
MOTO_SERVER="$PWD/.venv/bin/moto_server"

# Whether .venv holds the pinned moto.
moto_ready() {
    [ -x "$MOTO_SERVER" ] &&
        [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null)" = "$MOTO_VERSION" ]
}

# The browser tests drive Debian's headless Chromium through chromedriver
# (crates/report/tests/browser.rs, crates/server/tests/browser.rs); they fail, never skip, without them.
chromium_ready() {
    command -v chromium >/dev/null && command -v chromedriver >/dev/null
}

# The store's tests run on SQLite and on a real PostgreSQL server that test.sh starts from
# Debian's postgresql package (scripts/postgres.sh); they fail, never skip, without it.
source scripts/postgres.sh

# The interop tests check every compliance format the reports write (OSCAL, OCSF, ASFF, JUnit) with
# consumers and schemas that we did not write, installed from PyPI into the same .venv, pinned in
# scripts/validators.txt. Ready when .venv holds exactly that file's pins (a copy is kept there).
VALIDATORS_FILE=scripts/validators.txt
MATURITY_PYTHON="$PWD/.venv/bin/python"

# Whether .venv holds the pinned validators.
validators_ready() {
    [ -x "$MATURITY_PYTHON" ] && cmp -s "$VALIDATORS_FILE" .venv/validators.txt
}
