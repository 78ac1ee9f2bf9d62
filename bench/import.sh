#!/usr/bin/env bash
# Import speed and size: generates a catalog of N products (default
# 1,000,000) from ../shared/data/phones/products.json, imports it into a
# fresh database with a Release clerk and prints seconds, products/s, the
# source and database sizes and their ratio. The baseline, measured in the
# same run, is reading the source once (cat > /dev/null): the I/O floor.
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
cmake --build "$build" -j2 --target clerk >/dev/null

src="$out/products-$count.$format"
if [ ! -s "$src" ]; then
	echo "generating $count products into $src ..." >&2
	python3 "$root/bench/gen_catalog.py" --count "$count" --format "$format" "$src"
fi
db="$out/bench.db"
rm -f "$db" "$db-wal" "$db-shm"

now() { date +%s.%N; }
t0=$(now); cat "$src" >/dev/null; t1=$(now)
"$build/clerk" import --db "$db" "$src" >"$out/import.out"
t2=$(now)
# A fresh connection checkpoints the WAL into the database, as users see it.
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true

src_size=$(stat -c %s "$src")
db_size=$(( $(stat -c %s "$db") + $( [ -f "$db-wal" ] && stat -c %s "$db-wal" || echo 0) ))
python3 - "$count" "$t0" "$t1" "$t2" "$src_size" "$db_size" "$(cat "$out/import.out")" <<'PY'
import sys
count, t0, t1, t2, src, db, printed = sys.argv[1:]
count = int(count); t0, t1, t2 = map(float, (t0, t1, t2)); src, db = int(src), int(db)
secs = t2 - t1
print(f"clerk says:       {printed}")
print(f"baseline (read):  {t1 - t0:.2f} s")
print(f"import:           {secs:.2f} s")
print(f"products/s:       {count / secs:,.0f}")
print(f"source size:      {src / 1e6:.1f} MB")
print(f"database size:    {db / 1e6:.1f} MB")
print(f"db/source ratio:  {db / src:.2f}")
PY
