#!/usr/bin/env bash
# Crash safety of the real binary: clerk killed with SIGKILL in the middle
# of an import and in the middle of checkouts. Afterwards the catalog opens,
# passes PRAGMA integrity_check, and holds all or none of the import, and
# every order with all of its lines. (tests/test_fault.c kills in-process at
# every statement and every file write of these operations; this is the
# same with the shipped binary and a timer.) The kills land at fractions of
# the time a whole run takes, measured first: sanitizers, memcheck and load
# change it tenfold.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL crash_kill: $*" >&2; exit 1; }
export CLERK_MODEL="$BUILD/intent.model" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp"
unset CLERK_CONFIG
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"

intact() {
	local db=$1
	# clerk opens it first: a hot journal is rolled back by the opener.
	"$CLERK" search --db "$db" --limit 1 anything >/dev/null 2>"$tmp/err" ||
		fail "$db does not open after the kill: $(cat "$tmp/err")"
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "$db: integrity_check failed"
}

# 1. An import of 30,000 products, killed while it writes.
python3 - "$tmp/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,brand,category,description,price\n")
    for i in range(30000):
        f.write(f"K{i},Kettle model {i},Brand{i % 50},Home > Kitchen > Kettles,"
                f"A kettle that boils {i % 7 + 1} litres of water quickly,{10 + i % 90}.99\n")
PY
# How long a whole import takes here (sanitizers, valgrind and load vary
# it tenfold): the kills land at fractions of it.
start=$(date +%s%N)
"$CLERK" import --db "$tmp/timed.db" "$tmp/big.csv" >/dev/null || fail "the import fails"
took_ms=$((($(date +%s%N) - start) / 1000000))
landed=0
for part in 10 35 60; do
	delay=$(printf '%d.%03d' $((took_ms * part / 100 / 1000)) $((took_ms * part / 100 % 1000)))
	db="$tmp/import-$part.db"
	"$CLERK" import --db "$db" "$tmp/big.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	# Under load the import may be done already: checked all the same.
	kill -9 "$pid" 2>/dev/null && landed=$((landed + 1))
	wait "$pid" 2>/dev/null || true
	intact "$db"
	n=$(sqlite3 "$db" 'SELECT count(*) FROM products')
	[ "$n" = 0 ] || [ "$n" = 30000 ] || fail "killed import left $n of 30000 products"
	# The catalog works afterwards: the same import now goes through whole.
	out=$("$CLERK" import --db "$db" --replace "$tmp/big.csv") || fail "import after the kill"
	[ "$out" = "imported 30000 products" ] || fail "import after the kill: $out"
	"$CLERK" search --db "$db" kettle model 123 | grep -q '^K123	' || fail "search after the kill"
	intact "$db"
done
[ "$landed" -gt 0 ] || fail "every import ended before its kill; nothing was tested"

# 2. Checkouts, one after another, killed at several moments. (Whether a
#    kill lands inside a checkout's transaction is chance here; test_fault
#    kills at every statement and write of one.)
db="$tmp/shop.db"
"$CLERK" import --db "$db" "$SRC/tests/fixtures/dialogue/outdoor/products.csv" >/dev/null
"$CLERK" import --db "$db" --orders "$SRC/tests/fixtures/dialogue/outdoor/orders.csv" >/dev/null
before=$(sqlite3 "$db" 'SELECT count(*) FROM orders')
last=$(sqlite3 "$db" 'SELECT max(id) FROM orders')
for _ in $(seq 30); do
	printf 'show me headlamps\nadd the first one\nadd the second one\ncheckout\nyes\n'
done >"$tmp/checkouts"
# A whole run first, timed, on a copy: the kills land at fractions of it.
cp "$db" "$tmp/timed-shop.db"
start=$(date +%s%N)
"$CLERK" --script --db "$tmp/timed-shop.db" --customer c1001 <"$tmp/checkouts" >/dev/null ||
	fail "the checkouts fail"
took_ms=$((($(date +%s%N) - start) / 1000000))
[ "$(sqlite3 "$tmp/timed-shop.db" "SELECT count(*) FROM orders WHERE id > $last")" = 30 ] ||
	fail "the checkouts did not all go through"
for part in 20 45 70 90; do
	delay=$(printf '%d.%03d' $((took_ms * part / 100 / 1000)) $((took_ms * part / 100 % 1000)))
	"$CLERK" --script --db "$db" --customer c1001 <"$tmp/checkouts" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	intact "$db"
	# Every order has its lines, and its total is theirs.
	bad=$(sqlite3 "$db" "SELECT count(*) FROM orders o WHERE o.id > $last AND
		(NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id) OR o.total_cents !=
		 (SELECT sum(quantity * price_cents) FROM order_items i WHERE i.order_id = o.id))")
	[ "$bad" = 0 ] || fail "after a kill at ${delay}s, $bad order(s) lack some of their lines"
done
placed=$(($(sqlite3 "$db" 'SELECT count(*) FROM orders') - before))
echo "crash_kill: ok ($landed of 3 imports killed midway; $placed orders placed between kills)"
