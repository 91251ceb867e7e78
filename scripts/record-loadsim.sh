#!/usr/bin/env bash
# Records the load simulator's answers (crates/loadsim/recording.json): seeds moto with an
# organization (the management account and one member, seeded as the emulator tests seed an
# account: users, buckets, instances, a trail, keys, a database, a budget …), then scans the
# member in us-east-1 through `maturity-loadsim record`, which keeps every answer under the
# request's key with the member's id and the region made placeholders.
#
# Calls moto does not answer (README, "Emulator gaps") are answered from
# crates/loadsim/aws-answers.json instead: AWS's documented answers for an account that does not
# use the service. The recording's "source" names them.
#
# Usage: scripts/record-loadsim.sh [OUT=crates/loadsim/recording.json]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-crates/loadsim/recording.json}"
source scripts/requirements.sh

moto_ready || { echo "record-loadsim.sh: moto[server]==$MOTO_VERSION missing in .venv: run ./scripts/setup.sh first" >&2; exit 1; }
cargo build --quiet -p maturity-cli -p maturity-loadsim
cargo build --quiet -p maturity-collect --example bench_seed
target_dir="$(cargo metadata --format-version 1 --no-deps | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

work="$(mktemp -d)"
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
MOTO_EC2_LOAD_DEFAULT_AMIS=false "$MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
recorder_pid=""
trap 'kill "$moto_pid" ${recorder_pid:+"$recorder_pid"} 2>/dev/null || true; rm -rf "$work"' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 200); do
    if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('$endpoint/moto-api/', timeout=1)" 2>/dev/null; then break; fi
    kill -0 "$moto_pid" 2>/dev/null || { echo "moto_server exited: $(cat "$work/moto.log")" >&2; exit 1; }
    sleep 0.1
done

"$target_dir/debug/examples/bench_seed" "$endpoint" 2 us-east-1 | tee "$work/seed.out"
member="$(sed -n 's/^members: //p' "$work/seed.out")"

"$target_dir/debug/maturity-loadsim" record --upstream "$endpoint" --out "$OUT" --replace crates/loadsim/aws-answers.json \
    --source "moto $MOTO_VERSION seeded by crates/collect/examples/bench_seed.rs (scripts/record-loadsim.sh); member account scanned in us-east-1" \
    >"$work/recorder.out" 2>"$work/recorder.log" &
recorder_pid=$!
for _ in $(seq 1 100); do grep -q '^listening on ' "$work/recorder.out" 2>/dev/null && break; sleep 0.1; done
proxy="$(sed -n 's/^listening on //p' "$work/recorder.out")"

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent
unset AWS_PROFILE AWS_SESSION_TOKEN || true
"$target_dir/debug/maturity" scan --endpoint-url "$proxy" --org --role OrganizationAccountAccessRole \
    --regions us-east-1 --accounts "$member" --out "$work/recorded-scan.json"

kill -TERM "$recorder_pid"
wait "$recorder_pid"
recorder_pid=""
cat "$work/recorder.log"
