#!/usr/bin/env bash
# Import speed and size on a generated catalog: makes N products (default
# 1,000,000) from ../shared/data/phones/products.json with gen_catalog.py
# (once; kept in $OUT), builds bench_import in Release and runs it, which
# prints wall seconds, products/s, the CPU time of the writer and reader
# threads, the source and database sizes and their ratio and the peak
# resident memory, with a baseline (reading the source once) measured in
# the same run.
#
# usage: bench/import.sh [COUNT] [json|csv]
# env:   BUILD (default build/import-rel), OUT (default /tmp/clerk-bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-1000000}
format=${2:-json}
build=${BUILD:-$root/build/import-rel}
out=${OUT:-/tmp/clerk-bench}
mkdir -p "$out"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCLERK_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_import >/dev/null

src="$out/products-$count.$format"
if [ ! -s "$src" ]; then
	echo "generating $count products into $src ..." >&2
	python3 "$root/bench/gen_catalog.py" --count "$count" --format "$format" "$src"
fi
echo "machine load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench_import" "$src" "$out/bench.db"
