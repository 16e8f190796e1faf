#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz (preset `fuzz`: clang-14, ASan + UBSan) and
# runs each one from its seed corpus in tests/fuzz/corpus/.
#
#   scripts/fuzz.sh [SECONDS]   each target for SECONDS (default 60); what they find grows
#                               build/fuzz/corpus/TARGET, crashes go to build/fuzz/crashes/
#   scripts/fuzz.sh --ci        each target for a fixed number of executions with a fixed
#                               seed (RETORT_FUZZ_CI_RUNS, default 20000): what
#                               scripts/test.sh runs, well under a minute in all
#
# Replay a crash: build/fuzz/tests/fuzz/TARGET build/fuzz/crashes/TARGET-crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

mode=time
seconds=60
if [ "${1:-}" = "--ci" ]; then
    mode=ci
elif [ -n "${1:-}" ]; then
    seconds="$1"
fi

scripts/build.sh fuzz >&2

targets=(fuzz_migrationfile fuzz_split_sqlite fuzz_split_postgres fuzz_databaseurl fuzz_projectini)
declare -A dict=([fuzz_migrationfile]=sql [fuzz_split_sqlite]=sql [fuzz_split_postgres]=sql [fuzz_databaseurl]=url [fuzz_projectini]=ini)
crashes=build/fuzz/crashes
mkdir -p "$crashes"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

failed=()
for t in "${targets[@]}"; do
    seeds="tests/fuzz/corpus/${t#fuzz_}"
    if [ "$mode" = ci ]; then
        work="$(mktemp -d /tmp/retort-fuzz.XXXXXX)"
        limit=(-runs="${RETORT_FUZZ_CI_RUNS:-20000}" -seed=1)
    else
        work="build/fuzz/corpus/$t"
        mkdir -p "$work"
        limit=(-max_total_time="$seconds")
    fi
    log="$(mktemp /tmp/retort-fuzz-log.XXXXXX)"
    start=$SECONDS
    if build/fuzz/tests/fuzz/"$t" "${limit[@]}" -max_len=4096 -timeout=10 \
        -dict="tests/fuzz/${dict[$t]}.dict" -artifact_prefix="$crashes/$t-" \
        -print_final_stats=1 "$work" "$seeds" >"$log" 2>&1; then
        runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
        echo "fuzz: $t: ${runs:-?} executions in $((SECONDS - start)) s, no failure" >&2
    else
        echo "fuzz: $t FAILED; the end of its log:" >&2
        tail -n 40 "$log" >&2
        failed+=("$t")
    fi
    rm -f "$log"
    [ "$mode" = ci ] && rm -rf "$work"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]} (inputs saved in $crashes)" >&2
    exit 1
fi
