#!/usr/bin/env bash
# The quick benchmark CI runs after the tests (benches/ci/): the threshold cascade, a
# full-model tick and sweep throughput, each as a ratio to the bare CSR kernel timed in
# the same process, interleaved; writes target/bench-ci/current.json (github-action-
# benchmark "customSmallerIsBetter" JSON), compares it with benches/ci-baseline.json and
# exits 1 only when a ratio is worse than its baseline by more than the threshold (30%).
#
#   scripts/bench-ci.sh                     # build (test profile), measure, compare
#   scripts/bench-ci.sh --release           # the same in a release build (figures named ", release",
#                                           # baseline benches/ci-baseline-release.json unless --baseline)
#   scripts/bench-ci.sh --update            # accept this run's ratios: rewrites benches/ci-baseline.json
#   scripts/bench-ci.sh --compare FILE      # compare a figures file with the baseline, no timing
#   scripts/bench-ci.sh --threshold 0.4 --rounds 25 --threads 2 --out FILE --baseline FILE
#
# Exit status: 0 pass, 1 a ratio regressed, 2 bad arguments or an unreadable baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# Build, then run the executable itself, so that its exit status and output are its own
# (cargo would wrap a failure in its own error lines). The build is the test profile's by
# default: after `cargo test` only the bench itself is compiled (seconds), where a release
# build would compile the library and every dependency again (minutes). Both halves of
# each ratio come from the same build, so the ratios track the code either way; a release
# build's figures carry ", release" in their names and are never compared with these.
profile=test
args=()
baseline_given=0
for a in "$@"; do
    case "$a" in
        --release) profile=release ;;
        --baseline | --baseline=*) baseline_given=1; args+=("$a") ;;
        *) args+=("$a") ;;
    esac
done
# A release build's figures are kept in a baseline of their own, so that `--release
# --update` never replaces the test-profile baseline CI compares with.
if [ "$profile" = release ] && [ "$baseline_given" = 0 ]; then
    args+=(--baseline benches/ci-baseline-release.json)
fi
bin=$(cargo bench --bench ci --no-run --quiet --profile "$profile" --message-format=json | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "ci" and m.get("executable"):
        print(m["executable"])')
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "bench-ci: the build did not produce the benchmark executable" >&2
    exit 2
fi
echo "bench-ci: built ($profile profile) in $(($(date +%s) - start)) s"
set +e
"$bin" ${args[@]+"${args[@]}"}
status=$?
set -e
echo "bench-ci: done in $(($(date +%s) - start)) s, build included (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exit "$status"
