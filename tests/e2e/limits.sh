#!/usr/bin/env bash
# The limits on what comes from outside that README's "Limits" table lists
# and no other test checks: results a command prints, the length of a
# script-mode line, a category path's depth, a price and an order
# quantity. (The limits of one imported row are in import_bad.sh, a
# search query's length in search_cli.sh.)
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL limits: $*" >&2; exit 1; }
export CLERK_MODEL="$BUILD/intent.model" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp"
unset CLERK_CONFIG
db="$tmp/shop.db"
"$CLERK" import --db "$db" "$SRC/tests/fixtures/dialogue/outdoor/products.csv" >/dev/null

status() {
	set +e
	"$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	echo $?
	set -e
}

# Results a command prints: search 1-1000, recommend 1-10000.
[ "$(status "$CLERK" search --db "$db" --limit 1000 tent)" = 0 ] || fail "search --limit 1000"
[ "$(status "$CLERK" search --db "$db" --limit 1001 tent)" = 2 ] || fail "search --limit 1001 is not a usage error"
grep -q "from 1 to 1000" "$tmp/err" || fail "search --limit 1001: $(cat "$tmp/err")"
[ "$(status "$CLERK" recommend --db "$db" --limit 10000 --with C500)" = 0 ] || fail "recommend --limit 10000"
[ "$(status "$CLERK" recommend --db "$db" --limit 10001 --with C500)" = 2 ] ||
	fail "recommend --limit 10001 is not a usage error"

# A script-mode line: 4096 bytes are read, the rest is dropped and the
# reply says so; the next line is a turn of its own.
{
	printf 'tents '
	head -c 10000 /dev/zero | tr '\0' 'x'
	printf '\nthanks\n'
} >"$tmp/long"
"$CLERK" --script --json --db "$db" <"$tmp/long" >"$tmp/out" || fail "a long line"
python3 - "$tmp/out" <<'PY' || fail "a long line: $(head -c 300 "$tmp/out")"
import json, sys
rec = [json.loads(l) for l in open(sys.argv[1])]
assert len(rec) == 2, len(rec)
assert len(rec[0]["input"]) == 4096, len(rec[0]["input"])
assert "longer than 4096 bytes" in rec[0]["reply"]
assert rec[1]["input"] == "thanks"
PY

# A category path: 16 levels kept, deeper ones cut.
path=$(python3 -c "print(' > '.join('L%d' % i for i in range(20)))")
printf 'id,name,category,price\nD1,Deep,%s,1\n' "$path" >"$tmp/deep.csv"
"$CLERK" import --db "$db" "$tmp/deep.csv" >/dev/null || fail "a deep category"
[ "$(sqlite3 "$db" "SELECT max(depth) + 1 FROM categories")" = 16 ] || fail "category depth"

# A price: up to a trillion in the main unit; an order quantity: up to a
# million. Beyond, the row is bad.
printf 'id,name,price\nP1,Dear,1000000000000\nP2,Dearer,1000000000001\n' >"$tmp/price.csv"
[ "$(status "$CLERK" import --db "$db" "$tmp/price.csv")" = 1 ] || fail "a price over the limit"
grep -q 'price.csv line 3, field price: "1000000000001" is not a price' "$tmp/err" ||
	fail "price: $(cat "$tmp/err")"
printf 'order_id,customer,product,quantity,price,date,status\n7001,c1,C500,1000001,1,2026-01-02,paid\n' \
	>"$tmp/qty.csv"
[ "$(status "$CLERK" import --db "$db" --orders "$tmp/qty.csv")" = 1 ] || fail "a quantity over the limit"
grep -q 'field quantity: "1000001" is not a quantity' "$tmp/err" || fail "quantity: $(cat "$tmp/err")"
echo "limits: ok"
