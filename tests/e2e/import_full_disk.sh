#!/usr/bin/env bash
# A full disk during clerk import (simulated with a file size limit): a
# clear error, exit 1, and the database keeps exactly what it had.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "import_full_disk: $*" >&2; exit 1; }
db="$tmp/c.db"
"$CLERK" import --db "$db" "$SRC/tests/fixtures/import/products.csv" >/dev/null
snapshot() {
	sqlite3 "$db" "select * from products order by id; select * from brands; select * from categories;
		select * from attributes; select * from product_fts_data;" | sha256sum
}
before=$(snapshot)

# 20,000 products, several MB of database: far over a 1 MB file limit.
python3 -c "
import random
r = random.Random(7)
words = 'alpine brisk cedar delta ember frost glade harbor iris juniper kestrel lumen'.split()
print('id,name,brand,category,description,price')
for i in range(20000):
    w = [r.choice(words) for _ in range(12)]
    print(f'F{i},{w[0]} {w[1]} {i},{w[2]},Home > {w[3]},{\" \".join(w)},{r.randint(100, 99999) / 100}')
" >"$tmp/many.csv"

set +e
(ulimit -f 1024; exec "$CLERK" import --db "$db" "$tmp/many.csv") >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "exit status $rc, wanted 1 (stderr: $(cat "$tmp/err"))"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "wanted one line on stderr: $(cat "$tmp/err")"
grep -Eqi '^clerk: .*(disk|full|large|write|I/O)' "$tmp/err" || fail "unclear message: $(cat "$tmp/err")"
[ "$(snapshot)" = "$before" ] || fail "the database changed"
[ "$(sqlite3 "$db" 'pragma integrity_check')" = ok ] || fail "integrity check failed"
out=$("$CLERK" import --db "$db" "$tmp/many.csv") || fail "the import fails without the limit"
[ "$out" = "imported 20000 products" ] || fail "unlimited import: $out"
echo "import_full_disk: ok"
