#!/usr/bin/env bash
# The quick start's build (`--no-default-features`: no `aws` feature) holds no AWS SDK crate, runs
# the demo end to end, its `scan` and `publish` say how to get a build that has them, and `merge`
# works. Run by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

sdk=$(cargo tree -p maturity-cli --no-default-features -e normal --locked --prefix none | grep -c '^aws-' || true)
if [ "$sdk" -ne 0 ]; then
    echo "check-offline-build: the offline build depends on $sdk aws-* crates:" >&2
    cargo tree -p maturity-cli --no-default-features -e normal --locked --prefix none | grep '^aws-' | sort -u >&2
    exit 1
fi
cargo clippy -p maturity-cli --no-default-features --all-targets --locked -- -D warnings

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run -q -p maturity-cli --no-default-features --locked -- demo --out "$out/northwind" > "$out/summary.txt"
for file in report.html report.md controls.csv findings.csv assessment.json evidence.json assessment-results.oscal.json \
    junit.xml findings.ocsf.jsonl findings.asff.jsonl; do
    [ -s "$out/northwind/$file" ] || { echo "check-offline-build: the demo wrote no $file" >&2; exit 1; }
done

# The commands that talk to AWS (`scan`, and `publish`, the one that writes) say how to get a
# build that has them.
for command in "scan --out $out/bundle.json" "publish security-hub $out/findings.asff.jsonl"; do
    status=0
    read -r -a words <<<"$command"
    cargo run -q -p maturity-cli --no-default-features --locked -- "${words[@]}" 2> "$out/aws.err" || status=$?
    if [ "$status" -ne 2 ] || ! grep -q "without AWS support" "$out/aws.err"; then
        echo "check-offline-build: \`${words[0]}\` in the offline build exited $status and said:" >&2
        cat "$out/aws.err" >&2
        exit 1
    fi
done
# `merge` (of a sharded scan's bundles) is offline work: it is in this build, and refuses a bundle
# that is not a shard.
status=0
cargo run -q -p maturity-cli --no-default-features --locked -- merge "$out/northwind/evidence.json" \
    --out "$out/merged.json" 2> "$out/merge.err" || status=$?
if [ "$status" -ne 2 ] || ! grep -q "not a shard bundle" "$out/merge.err"; then
    echo "check-offline-build: merge in the offline build exited $status and said:" >&2
    cat "$out/merge.err" >&2
    exit 1
fi
echo "check-offline-build: no AWS SDK crate; the demo runs; scan and publish say how to get a full build; merge is there"
