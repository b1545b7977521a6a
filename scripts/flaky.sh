#!/usr/bin/env bash
# Measures flakiness: runs the integration and GUI tests N times (default 20) while two busy
# processes load the CPU beside them, and reports every failure with the run it happened in.
# Usage: scripts/flaky.sh [RUNS] [extra ctest arguments, e.g. -R tst_syncengine]
# Needs a build (scripts/build.sh). Exit 0 only when every run passed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
if ! [[ "$runs" =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ]; then
    echo "flaky.sh: RUNS must be a whole number of at least 1, not '$runs'" >&2
    exit 2
fi
if [ ! -f build/CTestTestfile.cmake ]; then
    echo "flaky.sh: no build/ here yet; run scripts/build.sh first" >&2
    exit 2
fi

log_dir=$(mktemp -d -t relreview-flaky.XXXXXX)
busy=()
cleanup() {
    for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null; done
}
trap cleanup EXIT
# Two busy loops, one per core of the reference machine, at normal priority: the tests compete.
for _ in 1 2; do
    (while :; do :; done) &
    busy+=($!)
done

export QT_QPA_PLATFORM=offscreen
failures=0
for ((run = 1; run <= runs; run++)); do
    log="$log_dir/run-$run.log"
    if ctest --test-dir build -L 'integration|gui' -j 2 --output-on-failure "$@" >"$log" 2>&1; then
        echo "run $run/$runs: passed"
    else
        failures=$((failures + 1))
        echo "run $run/$runs: FAILED (log: $log)"
        grep -E '^\s*[0-9]+ - |FAIL!' "$log" | sed 's/^/    /'
    fi
done
echo "flaky.sh: $((runs - failures)) of $runs runs passed under load; logs in $log_dir"
[ "$failures" -eq 0 ]
