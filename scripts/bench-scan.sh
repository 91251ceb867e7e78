#!/usr/bin/env bash
# Benchmark of `maturity scan` against an emulated organization (moto server on 127.0.0.1):
# seeds ACCOUNTS accounts x the REGIONS, then scans the organization with the default
# concurrency and with --concurrency 1, and prints wall time, CPU time (user+sys) and API calls
# of both, and their ratio. Debug build (the tests' profile); the emulator's speed dominates.
#
# Usage: scripts/bench-scan.sh [ACCOUNTS=5] [REGIONS=us-east-1,eu-west-1,eu-central-1]
# (KEEP_BUNDLES=DIR keeps the two bundles.)
set -euo pipefail
cd "$(dirname "$0")/.."
ACCOUNTS="${1:-5}"
REGIONS="${2:-us-east-1,eu-west-1,eu-central-1}"
source scripts/requirements.sh

moto_ready || { echo "bench-scan.sh: moto[server]==$MOTO_VERSION missing in .venv: run ./scripts/setup.sh first" >&2; exit 1; }
cargo build --quiet -p maturity-cli
cargo build --quiet -p maturity-collect --example bench_seed
target_dir="$(cargo metadata --format-version 1 --no-deps | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

work="$(mktemp -d)"
port="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MOTO_EC2_LOAD_DEFAULT_AMIS=false "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; [ -n "${KEEP_BUNDLES:-}" ] && cp "$work"/*.json "$KEEP_BUNDLES"/; rm -rf "$work"' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 200); do
    if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen('$endpoint/moto-api/', timeout=1)" 2>/dev/null; then break; fi
    kill -0 "$moto_pid" 2>/dev/null || { echo "moto_server exited: $(cat "$work/moto.log")" >&2; exit 1; }
    sleep 0.1
done

echo "seeding $ACCOUNTS accounts x $REGIONS ..."
"$target_dir/debug/examples/bench_seed" "$endpoint" "$ACCOUNTS" "$REGIONS"

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
unset AWS_PROFILE AWS_SESSION_TOKEN || true

run() { # label, extra args…
    local label="$1"; shift
    /usr/bin/time -f "%e %U %S" -o "$work/$label.time" \
        "$target_dir/debug/maturity" scan --endpoint-url "$endpoint" --org --role OrganizationAccountAccessRole \
        --regions "$REGIONS" --out "$work/$label.json" "$@" 2>"$work/$label.log"
}
run parallel
run serial --concurrency 1

.venv/bin/python - "$work" <<'PY'
import json, sys
work = sys.argv[1]
rows = {}
for label in ("parallel", "serial"):
    wall, user, sys_ = (float(x) for x in open(f"{work}/{label}.time").read().split()[-3:])
    bundle = json.load(open(f"{work}/{label}.json"))
    calls = sum(bundle["api_calls"].values())
    rows[label] = (wall, user + sys_, calls, len(bundle["accounts"]), len(bundle["scope"]["regions"]))
print(f"{'run':<28}{'wall s':>8}{'cpu s':>8}{'calls':>8}{'accounts':>10}{'regions':>9}")
for label, name in (("parallel", "default (--concurrency 64)"), ("serial", "--concurrency 1")):
    wall, cpu, calls, accounts, regions = rows[label]
    print(f"{name:<28}{wall:>8.2f}{cpu:>8.2f}{calls:>8}{accounts:>10}{regions:>9}")
print(f"speed-up (serial wall / default wall): {rows['serial'][0] / rows['parallel'][0]:.2f}x")
PY
