#!/usr/bin/env bash
# Bad input to clerk import: each case must exit 1 with one "clerk: " line
# naming the position (and field), and leave the database unchanged; with
# --skip-bad the good rows go in and each bad one is reported.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "import_bad: $*" >&2; exit 1; }
db="$tmp/c.db"
snapshot() {
	sqlite3 "$db" "select * from products order by id; select * from brands; select * from categories;
		select * from attributes; select * from product_fts_data; select * from orders;
		select * from order_items; select * from customers;" | sha256sum
}
"$CLERK" import --db "$db" "$SRC/tests/fixtures/import/products.csv" >/dev/null
"$CLERK" import --db "$db" --orders "$SRC/tests/fixtures/import/orders.csv" >/dev/null
before=$(snapshot)

# must_fail NAME EXPECTED-MESSAGE-REGEX clerk-import-args...
must_fail() {
	local name=$1 want=$2
	shift 2
	set +e
	"$CLERK" import --db "$db" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "$name: exit status $rc, wanted 1 ($(cat "$tmp/err"))"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name: wanted one line on stderr, got: $(cat "$tmp/err")"
	grep -Eq "^clerk: $want" "$tmp/err" || fail "$name: message '$(cat "$tmp/err")' does not match '$want'"
	[ ! -s "$tmp/out" ] || fail "$name: printed '$(cat "$tmp/out")' on stdout"
	[ "$(snapshot)" = "$before" ] || fail "$name: the database changed"
}

printf 'id,name,price\nN1,Good,2\nN2,"Open quote,3\nN3,C,4\n' >"$tmp/unterminated.csv"
must_fail "unterminated quote" ".*unterminated.csv line 3, field 2: unterminated quoted field" "$tmp/unterminated.csv"

printf '[{"id":"T1","name":"a","price":1},\n{"id":"T2","name":"b","price":2' >"$tmp/truncated.json"
must_fail "truncated JSON" ".*truncated.json line 2: truncated JSON" "$tmp/truncated.json"
printf '[{"id":"T1","name":"a","price":1},\n{"id":"T2","name":"b","price":2}' >"$tmp/unclosed.json"
must_fail "unclosed array" ".*unclosed.json line 2: truncated JSON: the array is not closed" "$tmp/unclosed.json"
printf '[{"id":"T1","name":"a"},\n{"id":"T2","name":}]' >"$tmp/syntax.json"
must_fail "JSON syntax" ".*syntax.json line 2, column 19: invalid JSON at '}'" "$tmp/syntax.json"

printf 'id,name,price\nU1,Good,2\nU2,Bad \xff\xfe name,3\n' >"$tmp/utf8.csv"
must_fail "invalid UTF-8" ".*utf8.csv line 3, field name: invalid UTF-8" "$tmp/utf8.csv"
printf '{"id":"U3","name":"ok"}\n{"id":"U4","name":"bad \xc3\x28"}\n' >"$tmp/utf8.jsonl"
must_fail "invalid UTF-8 in JSON" ".*utf8.jsonl line 2, field name: invalid UTF-8" "$tmp/utf8.jsonl"

python3 -c "
import sys
sys.stdout.write('id,name,description,price\nB1,Big,\"' + 'x' * (10 * 1024 * 1024) + '\",2\nB2,Small,ok,3\n')" >"$tmp/big.csv"
must_fail "10 MB field" ".*big.csv line 2, field description: a field is longer than the 1 MiB limit" "$tmp/big.csv"
# The other limits on one row (see README, "Limits"): 4 MiB a record or
# element, 4096 fields, 262144 values in one JSON element.
python3 -c "
import sys
sys.stdout.write('id,name,a,b,c,d,e\nR1,Wide,' + ','.join(['y' * 1000000] * 5) + '\nR2,Small,,,,,\n')" >"$tmp/wide.csv"
must_fail "5 MB record" ".*wide.csv line 2, field e: a record is longer than the 4 MiB limit" "$tmp/wide.csv"
python3 -c "
import sys
sys.stdout.write('id,name,' + ','.join('c%d' % i for i in range(4100)) + '\nF1,Many,' + ','.join(['1'] * 4100) + '\n')" >"$tmp/fields.csv"
must_fail "4100 fields" ".*fields.csv line 1 \(the header\): a record has more than 4096 fields" "$tmp/fields.csv"
python3 -c "
import json, sys
sys.stdout.write(json.dumps({'id': 'J0', 'name': 'ok'}) + '\n')
sys.stdout.write(json.dumps({'id': 'J1', 'name': 'Big', 'description': 'z' * (5 * 1024 * 1024)}) + '\n')" >"$tmp/big.jsonl"
must_fail "5 MB JSON element" ".*big.jsonl line 2: an element is longer than the 4 MiB limit" "$tmp/big.jsonl"
python3 -c "
import sys
sys.stdout.write('[{\"id\":\"V0\",\"name\":\"ok\"},\n{\"id\":\"V1\",\"name\":\"bomb\",\"v\":[' + ','.join(['1'] * 300000) + ']}]\n')" >"$tmp/values.json"
must_fail "300000 values" ".*values.json line 2: an element has more than the limit of 262144 values" "$tmp/values.json"
python3 -c "
import sys
sys.stdout.write('{\"id\":\"K1\",\"name\":\"keys\",' + ','.join('\"k%d\":1' % i for i in range(5000)) + '}\n')" >"$tmp/keys.jsonl"
must_fail "5000 values" ".*keys.jsonl line 1: more than 4096 values in one element" "$tmp/keys.jsonl"

printf 'id,name,price\nP1,Good,2\nP2,Bad,abc\n' >"$tmp/price.csv"
must_fail "price abc" ".*price.csv line 3, field price: \"abc\" is not a price" "$tmp/price.csv"

printf 'id,name,price\nHK-100,Again,2\n' >"$tmp/dup.csv"
must_fail "duplicate id" ".*dup.csv line 2, field id: duplicate id \"HK-100\"" "$tmp/dup.csv"
must_fail "duplicate id: --replace" ".*dup.csv line 2, field id: duplicate id \"HK-100\" \(the catalog has it already: --replace updates it\)$" "$tmp/dup.csv"
printf 'id,name,price\nD1,One,2\nD1,Two,3\n' >"$tmp/dup2.csv"
must_fail "duplicate id in file" ".*dup2.csv line 3, field id: duplicate id \"D1\"$" "$tmp/dup2.csv"
must_fail "--map of no column" "--map brand=Maker: .*dup2.csv has no column \"Maker\"$" --map brand=Maker "$tmp/dup2.csv"

printf 'id,name,price\nM1,Good,2\nM2,,3\n' >"$tmp/noname.csv"
must_fail "missing name" ".*noname.csv line 3, field name: missing name" "$tmp/noname.csv"
printf 'id,name,price\nM1,Good,2,x,y\n' >"$tmp/extra.csv"
must_fail "extra fields" ".*extra.csv line 2: 5 fields, but the header names 3" "$tmp/extra.csv"

must_fail "missing source" "cannot open $tmp/nothing.csv: No such file or directory" "$tmp/nothing.csv"
# a device never ends: refused at once (a pipe is how a stream comes)
must_fail "a device" "cannot open /dev/zero: it is a device, not a file" /dev/zero

printf 'order_id,customer,product,quantity,price,date,status\n900,C9,HK-100,1,2.00,2026-01-02,lost\n' >"$tmp/status.csv"
must_fail "bad status" ".*status.csv line 2, field status: \"lost\" is not an order status" --orders "$tmp/status.csv"
printf 'order_id,customer,product,quantity,price,date,status\n900,C9,HK-100,1,2.00,2026-02-30,paid\n' >"$tmp/date.csv"
must_fail "bad date" ".*date.csv line 2, field date: \"2026-02-30\" is not a date" --orders "$tmp/date.csv"
printf 'order_id,customer,product,quantity,price,date,status\n900,C9,HK-100,0,2.00,2026-02-03,paid\n' >"$tmp/qty.csv"
printf 'order_id,customer,product,quantity,price,date,status\n20001,C9,HK-100,1,2.00,2026-01-02,paid\n20002,C9,NOPE-1,1,2.00,2026-01-02,paid\n' >"$tmp/unknown.csv"
must_fail "order line for an unknown product" ".*unknown.csv line 3, field product: product \"NOPE-1\" is not in the catalog" --orders "$tmp/unknown.csv"
must_fail "bad quantity" ".*qty.csv line 2, field quantity: \"0\" is not a quantity" --orders "$tmp/qty.csv"

# Usage errors exit 2.
set +e
"$CLERK" import --db "$db" 2>/dev/null; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "no SOURCE: exit $rc, wanted 2"
# A --map that cannot be read is a usage error, and the database is not touched.
usage_error() {
	local name=$1 want=$2
	shift 2
	set +e
	"$CLERK" import --db "$db" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "$name: exit status $rc, wanted 2 ($(cat "$tmp/err"))"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name: wanted one line on stderr, got: $(cat "$tmp/err")"
	grep -Eq "^clerk: $want" "$tmp/err" || fail "$name: message '$(cat "$tmp/err")' does not match '$want'"
}
usage_error "map without =" "import: --map: \"foo\" is not FIELD=SOURCE" --map foo "$SRC/tests/fixtures/import/products.csv"
usage_error "map of an unknown field" "import: --map: unknown field \"colour\"" --map colour=c "$SRC/tests/fixtures/import/products.csv"
usage_error "map of an unknown order field" "import: --map: unknown field \"colour\"" --orders --map colour=c "$SRC/tests/fixtures/import/orders.csv"
usage_error "map without a value" "import: --map needs a value" --map
"$CLERK" import --help >"$tmp/help" || fail "import --help exit"
grep -q -- '--skip-bad' "$tmp/help" || fail "import --help"

# --skip-bad: good rows in, each bad row reported on stderr.
printf 'id,name,price\nS1,Good one,2\nS2,Bad price,abc\nS3,,4\nS4,Good two,5\n' >"$tmp/mixed.csv"
out=$("$CLERK" import --db "$db" --skip-bad "$tmp/mixed.csv" 2>"$tmp/err")
[ "$out" = "imported 2 products" ] || fail "skip-bad output: $out"
grep -q 'skipped .*mixed.csv line 3, field price' "$tmp/err" || fail "skip-bad report: $(cat "$tmp/err")"
grep -q 'skipped .*mixed.csv line 4, field name' "$tmp/err" || fail "skip-bad report: $(cat "$tmp/err")"
[ "$(sqlite3 "$db" "select count(*) from products where source_id in ('S1','S4')")" = 2 ] || fail "skip-bad rows"
# --skip-bad that skips every row imported nothing: it fails.
printf 'id,name,price\nB1,Bad,abc\nB2,,3\n' >"$tmp/allbad.csv"
set +e
"$CLERK" import --db "$db" --skip-bad "$tmp/allbad.csv" >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "skip-bad of every row: exit status $rc"
grep -q '^clerk: no row could be imported$' "$tmp/err" || fail "skip-bad of every row: $(cat "$tmp/err")"
# An order line for a product the catalog lacks is counted and skipped.
out=$("$CLERK" import --db "$db" --orders --skip-bad "$tmp/unknown.csv" 2>"$tmp/err")
[ "$out" = "imported 1 order lines" ] || fail "skip-bad orders output: $out"
grep -q 'skipped .*unknown.csv line 3, field product: product "NOPE-1" is not in the catalog' "$tmp/err" ||
	fail "skip-bad orders report: $(cat "$tmp/err")"
grep -q '^clerk: skipped 1 bad row$' "$tmp/err" || fail "skip-bad orders count: $(cat "$tmp/err")"
[ "$(sqlite3 "$db" "select count(*) from orders where source_id = '20002'")" = 0 ] || fail "skip-bad left an order"
echo "import_bad: ok"
