#!/usr/bin/env bash
# Benchmark of `maturity assess` on large synthetic organizations (the demo's accounts and copies
# of its members, every account in the same regions; see crates/demo/src/synthetic.rs): builds the
# offline release CLI, writes bundles of SMALL and LARGE accounts x REGIONS, and assesses each with
# the demo's answers and exceptions twice under /usr/bin/time -v: the assessment only (its summary
# on stdout, no file), and with the assessment JSON and all reports (--out, --report-dir). Prints
# wall time, peak RSS, bundle size, HTML report size, and the ratio LARGE/SMALL of the times.
#
# Usage: scripts/bench-assess.sh [SMALL=1000] [LARGE=10000] [REGIONS=17]
# (WORK=DIR writes the bundles and outputs there and keeps them; by default a temporary folder.)
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL="${1:-1000}"
LARGE="${2:-10000}"
REGIONS="${3:-17}"

cargo build --quiet --release -p maturity-cli --no-default-features
cargo build --quiet --release -p maturity-demo --example synthetic-bundle
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
maturity="$target_dir/release/maturity"
generate="$target_dir/release/examples/synthetic-bundle"

if [ -n "${WORK:-}" ]; then
    work="$WORK"; mkdir -p "$work"
else
    work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
"$maturity" demo --out "$work/demo" >/dev/null 2>&1

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
# Runs one assessment: label, bundle, extra args…; leaves "wall_s peak_rss_kb" in $work/label.time.
measure() {
    local label="$1" bundle="$2"; shift 2
    /usr/bin/time -v -o "$work/$label.timev" "$maturity" assess --evidence "$bundle" \
        --answers "$work/demo/answers.toml" --exceptions "$work/demo/exceptions.toml" --as-of 2026-11-20 "$@" \
        >"$work/$label.stdout" 2>"$work/$label.stderr"
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/$label.timev")"
    rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$label.timev")"
    echo "$wall $rss" >"$work/$label.time"
}

printf '%-9s %-8s %10s %-22s %9s %12s %10s\n' accounts regions "bundle MB" run "wall s" "peak RSS MB" "HTML MB"
for accounts in "$SMALL" "$LARGE"; do
    bundle="$work/bundle-$accounts.json"
    "$generate" --accounts "$accounts" --regions "$REGIONS" --out "$bundle"
    size="$(stat -c %s "$bundle")"
    measure "$accounts-only" "$bundle"
    rm -rf "$work/reports-$accounts"
    measure "$accounts-reports" "$bundle" --out "$work/assessment-$accounts.json" --report-dir "$work/reports-$accounts"
    html="$(stat -c %s "$work/reports-$accounts/report.html")"
    for run in only reports; do
        read -r wall rss <"$work/$accounts-$run.time"
        what="assessment only"; [ "$run" = reports ] && what="with all reports"
        shown="-"; [ "$run" = reports ] && shown="$(mb "$html")"
        printf '%-9s %-8s %10s %-22s %9.2f %12.0f %10s\n' "$accounts" "$REGIONS" "$(mb "$size")" "$what" "$wall" \
            "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$shown"
    done
    [ -n "${WORK:-}" ] || rm -f "$bundle"
done
for run in only reports; do
    read -r small _ <"$work/$SMALL-$run.time"
    read -r large _ <"$work/$LARGE-$run.time"
    what="assessment only"; [ "$run" = reports ] && what="with all reports"
    awk -v s="$small" -v l="$large" -v w="$what" -v a="$LARGE" -v b="$SMALL" \
        'BEGIN { printf "time %s/%s accounts, %s: %.1fx (the accounts: %.0fx)\n", a, b, w, l / s, a / b }'
done
