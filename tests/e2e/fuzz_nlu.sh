#!/usr/bin/env bash
# Builds tests/fuzz/fuzz_nlu.c with clang's libFuzzer, ASan and UBSan, and
# runs it for a fixed number of inputs (FUZZ_RUNS, default 20000: well under
# a minute). Reports "skipped" to CTest (exit 77) only when clang or its
# libFuzzer is missing: never a pass.
set -euo pipefail

SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
RUNS=${FUZZ_RUNS:-20000}

if ! command -v clang >/dev/null 2>&1; then
	echo "skipped: no libFuzzer (clang is not installed)"
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/probe.c" <<'PROBE'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
PROBE
if ! clang -fsanitize=fuzzer "$tmp/probe.c" -o "$tmp/probe" >/dev/null 2>&1; then
	echo "skipped: no libFuzzer"
	exit 77
fi

flags=(-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$SRC" -DCLERK_ASSETS_DIR="\"$SRC/assets\"")
# nlu/ and common/ are C on utf8proc, libstemmer and (common/http.c) libcurl:
# compile them in.
if ! clang "${flags[@]}" "$SRC/tests/fuzz/fuzz_nlu.c" "$SRC"/nlu/*.c "$SRC"/nlu/text/*.c "$SRC"/common/*.c \
	$(pkg-config --cflags --libs libutf8proc libcurl) -lstemmer -lm -o "$tmp/fuzz_nlu" 2>"$tmp/build.log"; then
	cat "$tmp/build.log" >&2
	echo "FAIL: fuzz_nlu does not build with clang" >&2
	exit 1
fi

# A tiny model so the intent classifier is fuzzed too.
if [[ -n "${CLERK:-}" && -x "$CLERK" ]]; then
	printf '%s\n' "text,intent" "show me headphones,search" "find a phone case,search" \
		"cheap chargers under 20,search" "where is my order,order_status" \
		"track order 10422,order_status" "status of my purchase,order_status" \
		"hello,greet" "hi there,greet" "good morning,greet" >"$tmp/tiny.csv"
	"$CLERK" train --data "$tmp/tiny.csv" --out "$tmp/tiny.model" >/dev/null
	export FUZZ_NLU_MODEL="$tmp/tiny.model"
fi

mkdir -p "$tmp/corpus"
i=0
for s in "wireless headphones under \$80" "between \$20 and \$40" "compare 1, 2 and 3" \
	"not samsung, without a case" "order #10422 zip 94107" "ORD-12345 SW1A 1AA" \
	"twenty-five 1.2k usd" "Where's my bill from Mr. Smith?" "a@b.co 64gb size 10" \
	"6' cable, 6 ft, 6-foot, 5.5\" screen, 2 in 1"; do
	printf '%s' "$s" >"$tmp/corpus/seed$i"
	i=$((i + 1))
done
printf '\xff\xfe\x01\x1b[31m\xf0\x9f\x98\x80' >"$tmp/corpus/junk"

if ! (cd "$tmp" && ./fuzz_nlu -runs="$RUNS" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
	-seed=1 -print_final_stats=1 corpus >"$tmp/fuzz.log" 2>&1); then
	tail -n 60 "$tmp/fuzz.log" >&2
	echo "FAIL: fuzz_nlu found a crash, leak or timeout (log above)" >&2
	exit 1
fi
grep -E "stat::number_of_executed_units|Done" "$tmp/fuzz.log" || true
echo "ok: fuzz_nlu ran $RUNS inputs"
