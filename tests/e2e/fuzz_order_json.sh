#!/usr/bin/env bash
# Fuzzes the reader of the order service's answers for a bounded number of
# inputs (FUZZ_RUNS, default 20000) with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer: see tests/fuzz/fuzz_order_json.c and
# tests/fuzz/run.sh. scripts/fuzz runs it for minutes.
set -euo pipefail
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
exec bash "$SRC/tests/fuzz/run.sh" order_json -runs="${FUZZ_RUNS:-20000}"
