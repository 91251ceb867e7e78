#!/usr/bin/env bash
# Benchmark of `maturity scan` at organization scale, against the load simulator
# (crates/loadsim): every call answered from the recording (crates/loadsim/recording.json) for a
# synthetic organization, after LATENCY_MS, throttled per account and API (a token bucket of
# BURST calls refilled at RATE a second, answering each service's throttling error when empty).
# Release build. For each organization size, prints wall time, CPU time (user+sys), peak memory
# of the scan, the API calls it made, the calls the simulator throttled, the retries (as the scan
# counted them, in its summary line), the facts that failed, and the bundle's size.
#
# Usage: scripts/bench-scale.sh [ACCOUNTS…=100 1000]
# Environment: REGIONS (17 by default), LATENCY_MS (80), RATE (10), BURST (20), SCAN_ARGS
# (extra `maturity scan` arguments, e.g. "--concurrency 128 --per-account 8"), BUILD (release, or
# debug for a quick try: the debug build spends several times the CPU per call).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-100 1000}")
read -r -a SIZES <<<"${SIZES[*]}"
REGIONS="${REGIONS:-us-east-1,us-east-2,us-west-1,us-west-2,ca-central-1,eu-west-1,eu-west-2,eu-west-3,eu-central-1,eu-north-1,ap-northeast-1,ap-northeast-2,ap-northeast-3,ap-southeast-1,ap-southeast-2,ap-south-1,sa-east-1}"
LATENCY_MS="${LATENCY_MS:-80}"
RATE="${RATE:-10}"
BURST="${BURST:-20}"
read -r -a EXTRA <<<"${SCAN_ARGS:-}"

BUILD="${BUILD:-release}"
case "$BUILD" in
    release) cargo build --quiet --release -p maturity-cli -p maturity-loadsim ;;
    debug) cargo build --quiet -p maturity-cli -p maturity-loadsim ;;
    *) echo "bench-scale.sh: BUILD is release or debug, not $BUILD" >&2; exit 2 ;;
esac
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin="$target_dir/$BUILD"

work="$(mktemp -d)"
sim_pid=""
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; rm -rf "$work"' EXIT

export AWS_ACCESS_KEY_ID=AKIALOADSIMCALLER000 AWS_SECRET_ACCESS_KEY=loadsim AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL || true

echo "$BUILD build; regions: $(tr ',' '\n' <<<"$REGIONS" | wc -l); latency ${LATENCY_MS} ms; throttling: ${RATE}/s per account and API, burst ${BURST}; scan arguments: ${SCAN_ARGS:-(defaults)}; $(nproc) cores"
printf '%-9s %8s %8s %9s %10s %10s %8s %8s %8s %10s\n' accounts "wall s" "cpu s" "peak MB" calls throttled "thr %" retries failed "bundle MB"
for accounts in "${SIZES[@]}"; do
    "$bin/maturity-loadsim" serve --recording crates/loadsim/recording.json --accounts "$accounts" \
        --latency-ms "$LATENCY_MS" --rate "$RATE" --burst "$BURST" >"$work/sim.out" 2>"$work/sim.err" &
    sim_pid=$!
    for _ in $(seq 1 100); do grep -q '^listening on ' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
    endpoint="$(sed -n 's/^listening on //p' "$work/sim.out")"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
        "$bin/maturity" scan --endpoint-url "$endpoint" --org --role OrganizationAccountAccessRole \
        --regions "$REGIONS" --out "$work/bundle.json" "${EXTRA[@]}" 2>"$work/scan.log"
    curl -s "$endpoint/loadsim/stats" >"$work/stats.json"
    kill "$sim_pid"; wait "$sim_pid" 2>/dev/null || true; sim_pid=""
    python3 - "$work" "$accounts" <<'PY'
import json, os, re, sys
work, accounts = sys.argv[1], int(sys.argv[2])
wall, user, system, peak_kb = open(f"{work}/time").read().split()[-4:]
summary = open(f"{work}/scan.log").read().strip().splitlines()[-1]
match = re.search(r"(\d+) accounts .* (\d+) API calls \((\d+) retries, (\d+) throttled\); facts: (\d+) ok, (\d+) denied, (\d+) unavailable, (\d+) failed", summary)
if not match or int(match.group(1)) != accounts:
    sys.exit(f"bench-scale.sh: unexpected scan summary: {summary}")
calls = int(match.group(2))
stats = json.load(open(f"{work}/stats.json"))
if stats["unrecorded"]:
    sys.exit(f"bench-scale.sh: {stats['unrecorded']} requests had no recorded answer: {stats['unrecorded_keys'][:5]}")
throttled = stats["throttled"]
retries = int(match.group(3))
size = os.path.getsize(f"{work}/bundle.json") / 1e6
print(f"{accounts:<9} {float(wall):8.1f} {float(user) + float(system):8.1f} {int(peak_kb) / 1024:9.0f} {calls:10} {throttled:10} "
      f"{100 * throttled / max(stats['calls'], 1):7.2f}% {retries:8} {int(match.group(8)):8} {size:10.1f}")
PY
done
