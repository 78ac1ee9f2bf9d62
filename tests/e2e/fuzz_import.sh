#!/usr/bin/env bash
# Fuzzes the import path (JSON splitter and flattening, CSV, mapping,
# rows, writes) for a bounded number of inputs (FUZZ_RUNS, default 1000)
# with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer: see
# tests/fuzz/fuzz_import.c and tests/fuzz/run.sh.
# scripts/fuzz runs it for minutes.
set -euo pipefail
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
exec bash "$SRC/tests/fuzz/run.sh" import -runs="${FUZZ_RUNS:-1000}"
