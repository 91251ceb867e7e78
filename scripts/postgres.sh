# Starts a throwaway PostgreSQL server for the store's tests (sourced by test.sh): Debian's
# server binaries, run as an unprivileged user (`postgres` when we are root, since PostgreSQL
# refuses to run as root; ourselves otherwise), a new data directory under /tmp, listening on a
# free loopback port only, with trust authentication for the one user it creates. It exports
# MATURITY_TEST_POSTGRES (a URL without a database: each test creates its own) and is stopped and
# deleted when the calling script exits.

# The directory of Debian's newest PostgreSQL server binaries, or nothing.
postgres_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Whether a PostgreSQL server can be started here.
postgres_ready() {
    local bin
    bin="$(postgres_bin)"
    [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }
}

start_test_postgres() {
    local bin dir port as=()
    bin="$(postgres_bin)"
    dir="$(mktemp -d /tmp/maturity-test-pg.XXXXXX)"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        as=(runuser -u postgres --)
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U maturity --auth=trust --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; echo "test.sh: initdb failed" >&2; return 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
        { cat "$dir/server.log" >&2; echo "test.sh: PostgreSQL did not start" >&2; return 1; }
    TEST_POSTGRES_DIR="$dir"
    TEST_POSTGRES_STOP=("${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop)
    export MATURITY_TEST_POSTGRES="postgres://maturity@127.0.0.1:$port"
    echo "test.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
}

stop_test_postgres() {
    [ -n "${TEST_POSTGRES_DIR:-}" ] || return 0
    "${TEST_POSTGRES_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$TEST_POSTGRES_DIR"
}
