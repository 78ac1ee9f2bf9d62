#!/usr/bin/env bash
# Two clerk processes on one catalog, as a shop runs them: a kiosk where
# shoppers search, fill carts and check out, and a staff terminal that
# imports products and order history, searches and asks for
# recommendations, all at once. Both must work: a lock held by the other
# is waited for (a busy timeout), never reported as "database is locked".
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL concurrent: $*" >&2; exit 1; }
export CLERK_MODEL="$BUILD/intent.model" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp"
unset CLERK_CONFIG

fx="$SRC/tests/fixtures/dialogue/outdoor"
db="$tmp/shop.db"
"$CLERK" import --db "$db" "$fx/products.csv" >/dev/null
"$CLERK" import --db "$db" --orders "$fx/orders.csv" >/dev/null
history=$(tail -n +2 "$fx/orders.csv" | cut -d, -f1 | sort -u | sed "s/.*/'&'/" | paste -sd,)
# A bigger import for the staff terminal: it holds the write lock a while.
python3 - "$tmp/more.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,brand,category,description,price\n")
    for i in range(3000):
        f.write(f"M{i},Enamel mug {i},Camp{i % 20},Kitchen > Mugs,A mug for the trail,{5 + i % 20}.50\n")
PY

# The kiosk: one process, many shoppers' turns.
for _ in $(seq 30); do
	printf 'show me tents\nadd the first one\nwhat is in my cart?\ncheckout\nyes\n'
	printf 'headlamps under $60\ncompare the first two\nthanks\n'
done >"$tmp/kiosk.in"
"$CLERK" --script --json --db "$db" --customer c1001 <"$tmp/kiosk.in" >"$tmp/kiosk.out" \
	2>"$tmp/kiosk.err" &
kiosk=$!

# The staff terminal: one command after another while the kiosk runs.
staff_failed=0
round=0
while kill -0 "$kiosk" 2>/dev/null || [ "$round" -lt 3 ]; do
	round=$((round + 1))
	for cmd in "import --replace $fx/products.csv" "search tent" "import --replace $tmp/more.csv" \
		"import --orders --replace $fx/orders.csv" "recommend --customer c1001" \
		"search --limit 3 headlamp"; do
		# shellcheck disable=SC2086
		if ! "$CLERK" $cmd --db "$db" >"$tmp/staff.out" 2>"$tmp/staff.err"; then
			echo "staff terminal: clerk $cmd: $(cat "$tmp/staff.err")" >&2
			staff_failed=1
		fi
		if grep -qi 'locked\|busy' "$tmp/staff.err"; then
			echo "staff terminal: clerk $cmd: $(cat "$tmp/staff.err")" >&2
			staff_failed=1
		fi
	done
	[ "$round" -lt 200 ] || break
done
set +e
wait "$kiosk"
kiosk_rc=$?
set -e
[ "$kiosk_rc" -eq 0 ] || fail "the kiosk exited $kiosk_rc: $(head -c 2000 "$tmp/kiosk.err")"
[ ! -s "$tmp/kiosk.err" ] || fail "the kiosk reported: $(head -c 2000 "$tmp/kiosk.err")"
[ "$staff_failed" -eq 0 ] || fail "the staff terminal failed (above)"
[ "$(wc -l <"$tmp/kiosk.out")" -eq "$(wc -l <"$tmp/kiosk.in")" ] || fail "the kiosk skipped turns"
python3 - "$tmp/kiosk.out" <<'PY' || fail "kiosk replies"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
errors = [r for r in recs if "error" in r]
assert not errors, errors[:3]
searches = [r for r in recs if r["input"] == "show me tents"]
assert all(r["products"] for r in searches), "a search found nothing while the staff imported"
PY
placed=$(sqlite3 "$db" "SELECT count(*) FROM orders WHERE source_id NOT IN ($history)")
[ "$placed" -eq 30 ] || fail "the kiosk placed $placed orders of 30"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"

# A clerk that opens a catalog while a first import has it alone (with a
# rollback journal, which a newcomer cannot switch back to WAL): it works
# in that mode, waiting for the import's lock where it must.
python3 - "$tmp/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,brand,category,description,price\n")
    for i in range(40000):
        f.write(f"WB{i},Water bottle {i},Flow{i % 30},Outdoor > Bottles,Keeps water cold,{4 + i % 30}.25\n")
PY
fresh="$tmp/fresh.db"
"$CLERK" import --db "$fresh" "$fx/products.csv" >/dev/null
fixture=$(sqlite3 "$fresh" 'SELECT count(*) FROM products')
cp "$fresh" "$tmp/timed.db"
start=$(date +%s%N)
"$CLERK" import --db "$tmp/timed.db" "$tmp/many.csv" >/dev/null || fail "the big import fails"
took_ms=$((($(date +%s%N) - start) / 1000000))
"$CLERK" import --db "$fresh" "$tmp/many.csv" >"$tmp/import.out" 2>&1 &
importer=$!
# Searches every 15% of the time the import takes alone.
step_ms=$((took_ms * 15 / 100))
for _ in 1 2 3 4; do
	sleep "$(printf '%d.%03d' $((step_ms / 1000)) $((step_ms % 1000)))"
	"$CLERK" search --db "$fresh" tent >"$tmp/out" 2>"$tmp/err" ||
		fail "search beside a rollback-journal import: $(cat "$tmp/err")"
	[ ! -s "$tmp/err" ] || fail "search beside a rollback-journal import said: $(cat "$tmp/err")"
	grep -q '^C50' "$tmp/out" || fail "search beside a rollback-journal import found no tent"
done
wait "$importer" || fail "the import failed beside a search: $(cat "$tmp/import.out")"
[ "$(sqlite3 "$fresh" 'SELECT count(*) FROM products')" = $((fixture + 40000)) ] ||
	fail "the import lost products"
echo "concurrent: ok ($round staff rounds beside $placed kiosk checkouts)"
