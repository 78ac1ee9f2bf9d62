#!/usr/bin/env bash
# Runs one libFuzzer target of tests/fuzz, built by CMake with CLERK_FUZZ=ON
# (scripts/test and scripts/fuzz build it in build/fuzz), from the seed
# corpus tests/fuzz/corpus/TARGET. New inputs go to a scratch corpus, so the
# repository is not written to (scripts/fuzz --merge adds them). A crash,
# leak, timeout or failed check fails the run; the input that did it is
# kept in $FUZZ_ARTIFACTS (default /tmp/clerk-fuzz-artifacts) and named on
# stderr, to be replayed with: build/fuzz/fuzz_TARGET FILE.
#
# usage: tests/fuzz/run.sh TARGET [libFuzzer options, e.g. -runs=N or -max_total_time=S]
# env:   FUZZ_DIR (default build/fuzz), FUZZ_WORK (scratch corpus; default a
#        temporary folder, removed afterwards)
# Exits 77 (CTest: skipped) when the target is not built: never a pass.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: run.sh TARGET [libFuzzer options]}
shift
fuzz_dir=$(cd "${FUZZ_DIR:-$src/build/fuzz}" 2>/dev/null && pwd) || fuzz_dir=${FUZZ_DIR:-$src/build/fuzz}
bin="$fuzz_dir/fuzz_$target"
if [ ! -x "$bin" ]; then
	echo "skipped: $bin is not built (scripts/test builds the fuzz targets with clang)"
	exit 77
fi
# The longest input each target reads: a few pages of a file, a few lines.
case $target in
csv | import) max_len=16384 ;;
dialogue) max_len=2048 ;;
*) max_len=4096 ;;
esac
artifacts=${FUZZ_ARTIFACTS:-/tmp/clerk-fuzz-artifacts}
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
work=${FUZZ_WORK:-$scratch/corpus}
mkdir -p "$work"
log="$scratch/fuzz.log"
export FUZZ_MODEL="${FUZZ_MODEL:-$fuzz_dir/intent.model}" FUZZ_NLU_MODEL="${FUZZ_NLU_MODEL:-$fuzz_dir/intent.model}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} TMPDIR="$scratch"
if ! (cd "$scratch" && "$bin" -max_len="$max_len" -timeout=20 -rss_limit_mb=3072 -seed=1 \
	-artifact_prefix="$artifacts/$target-" -print_final_stats=1 "$@" \
	"$work" "$src/tests/fuzz/corpus/$target" >"$log" 2>&1); then
	tail -n 60 "$log" >&2
	echo "FAIL: fuzz_$target found a crash, leak, timeout or failed check (log above;" \
		"the input is in $artifacts)" >&2
	exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
echo "ok: fuzz_$target ran ${runs:-?} inputs ($cov)"
