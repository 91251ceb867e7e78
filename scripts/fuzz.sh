#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of user files (fuzz/; README.md, "Test"), on the
# stable toolchain: libFuzzer, which the libfuzzer-sys crate builds from source with the C++
# compiler, drives targets that rustc instruments with LLVM's SanitizerCoverage through stable
# `-C` flags (no nightly, no sanitizer runtime).
#
#   ./scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]
#
# Builds fuzz/ (a workspace of its own) in $CARGO_TARGET_DIR/fuzz, writes the seeds made from the
# repository's fixtures and demo (fuzz/src/bin/seeds.rs), then runs each target (default: all) for
# SECONDS_PER_TARGET (default 20), one after another, from the seeds, the committed inputs in
# fuzz/corpus/TARGET and a fresh corpus, with a fixed seed, inputs of 64 KiB at most, 2 GB of
# memory and 10 s per input. Prints per target its executions, coverage (edges reached: `cov`, and
# libFuzzer's finer features: `ft`) at the start and the end, and the corpus size. Exits 1, naming
# the input libFuzzer saved, when a target crashes (a panic or a broken property), takes longer
# than 10 s on one input or runs out of memory.
#
# FUZZ_KEEP_CORPUS=1 starts from the corpus earlier runs grew (in $CARGO_TARGET_DIR/fuzz/work)
# instead of a fresh one; FUZZ_ARGS adds libFuzzer flags (after these, so they win), e.g.
# FUZZ_ARGS=-use_value_profile=1. Installs nothing: it names what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
shift $(( $# > 0 ? 1 : 0 ))
all_targets=(bundle answers exceptions config assessment)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]] (targets: ${all_targets[*]})" >&2
    exit 2
fi
for target in "${targets[@]}"; do
    if [[ " ${all_targets[*]} " != *" $target "* ]]; then
        echo "fuzz.sh: no target '$target' (targets: ${all_targets[*]})" >&2
        exit 2
    fi
done

cxx="${CXX:-c++}"
if ! command -v "$cxx" >/dev/null; then
    echo "fuzz.sh: no C++ compiler '$cxx': libFuzzer is built from source; install Debian's g++ (apt-get install g++)" >&2
    exit 1
fi
if ! command -v cargo >/dev/null; then
    echo "fuzz.sh: no cargo: install the stable Rust toolchain (rustup)" >&2
    exit 1
fi

# Its own target directory, beside (inside) the workspace's, so that CI keeps it between runs and
# the instrumented build never invalidates the ordinary one.
target_dir="${CARGO_TARGET_DIR:-${HOME:-/root}/.cache/maturity-ci/target}/fuzz"
triple="$(rustc -vV | sed -n 's/^host: //p')"
bin="$target_dir/$triple/release"
work="$target_dir/work"

# SanitizerCoverage as cargo-fuzz sets it up, without its nightly-only `-Z` flags: 8-bit edge
# counters and the PC table for coverage, comparisons traced so that libFuzzer can learn the
# constants the parsers compare with. `--target` keeps these flags off build scripts and proc
# macros, which are not linked with libFuzzer. The release profile of fuzz/Cargo.toml keeps
# overflow checks and debug assertions on.
sancov=(
    -Cpasses=sancov-module
    -Cllvm-args=-sanitizer-coverage-level=4
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters
    -Cllvm-args=-sanitizer-coverage-pc-table
    -Cllvm-args=-sanitizer-coverage-trace-compares
    --cfg fuzzing
)
echo "fuzz.sh: building fuzz/ in $target_dir" >&2
build_start=$SECONDS
RUSTFLAGS="${sancov[*]}" CARGO_TARGET_DIR="$target_dir" \
    cargo build --quiet --locked --release --manifest-path fuzz/Cargo.toml --target "$triple" --bins
echo "fuzz.sh: built in $(( SECONDS - build_start )) s" >&2

rm -rf "$work/seeds" "$work/logs" "$work/tmp"
mkdir -p "$work/seeds" "$work/logs" "$work/tmp" "$work/artifacts"
# libFuzzer warns that no sanitizer runtime is linked: there is none on purpose.
"$bin/seeds" "$PWD" "$work/seeds" 2>&1 | { grep -v '^WARNING: Failed to find function' || true; } >&2

# The value of `NAME: VALUE` on a libFuzzer status line.
field() { sed -n "s/.* $1: \([^ ]*\).*/\1/p" <<<"$2"; }

failed=()
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    [ "${FUZZ_KEEP_CORPUS:-0}" = 1 ] || rm -rf "$corpus"
    mkdir -p "$corpus" "$work/seeds/$target"
    log="$work/logs/$target.log"
    status=0
    # TMPDIR: the bundle target writes its input to a file there for Bundle::from_path.
    TMPDIR="$work/tmp" "$bin/$target" \
        -seed=1 -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" ${FUZZ_ARGS:-} \
        "$corpus" "$work/seeds/$target" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
    start_line="$(grep -m1 'INITED' "$log" || true)"
    end_line="$(grep -E '^#[0-9]+' "$log" | tail -n1 || true)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    printf 'fuzz.sh: %-10s %9s runs (%s/s)  cov %s -> %s  ft %s -> %s  corpus %s inputs\n' "$target" \
        "${runs:-?}" "${rate:-?}" "$(field cov "$start_line")" "$(field cov "$end_line")" \
        "$(field ft "$start_line")" "$(field ft "$end_line")" "$(field corp "$end_line" | cut -d/ -f1)"
    if [ "$status" -ne 0 ]; then
        input="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1)"
        echo "fuzz.sh: $target FAILED (libFuzzer exit $status) on the input ${input:-(none saved; see the log)}" >&2
        grep -E -A4 "panicked at|ERROR: libFuzzer|^SUMMARY" "$log" | grep -v '^   *[0-9]*: ' | head -n 20 >&2 || true
        echo "fuzz.sh: log: $log; reproduce: $bin/$target ${input:-INPUT}" >&2
        failed+=("$target")
    fi
done
rm -rf "$work/tmp"

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), $seconds s each, no crash" >&2
