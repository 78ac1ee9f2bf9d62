#!/usr/bin/env bash
# Fuzzes dialogue_turn() on the outdoor fixture catalog for a bounded
# number of inputs (FUZZ_RUNS, default 1000) with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer: see
# tests/fuzz/fuzz_dialogue.c and tests/fuzz/run.sh. scripts/fuzz runs it
# for minutes.
set -euo pipefail
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
exec bash "$SRC/tests/fuzz/run.sh" dialogue -runs="${FUZZ_RUNS:-1000}"
