#!/usr/bin/env bash
# clerk recommend: ID<TAB>SCORE<TAB>NAME lines, --with products never come
# back, co-purchases rank high, --json, --limit, and usage errors.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL recommend_cli: $*" >&2; exit 1; }
db="$tmp/shop.db"
fx="$SRC/tests/fixtures/dialogue/outdoor"
"$CLERK" import --db "$db" "$fx/products.csv" >/dev/null
"$CLERK" import --db "$db" --orders "$fx/orders.csv" >/dev/null

"$CLERK" recommend --db "$db" --with C500 --limit 5 >"$tmp/out"
[ "$(wc -l <"$tmp/out")" -eq 5 ] || fail "--limit 5 gave $(wc -l <"$tmp/out") lines"
awk -F'\t' 'NF != 3 || $2 !~ /^[0-9.]+$/ { exit 1 }' "$tmp/out" || fail "lines are not ID<TAB>SCORE<TAB>NAME"
! cut -f1 "$tmp/out" | grep -qx C500 || fail "a --with product was recommended back"
# C500 was bought with S600, K700 and S601 in the fixture orders.
head -n 3 "$tmp/out" | cut -f1 | grep -Eqx 'S600|K700|S601' || fail "co-purchases do not rank first: $(cat "$tmp/out")"

"$CLERK" recommend --db "$db" --with T100,A803 --json >"$tmp/out.json"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert a and all({"id", "score", "name"} <= set(o) for o in a)
assert not {"T100", "A803"} & {o["id"] for o in a}
' "$tmp/out.json" || fail "--json output"

"$CLERK" recommend --db "$db" --customer c2 --limit 3 >"$tmp/cust"
[ "$(wc -l <"$tmp/cust")" -eq 3 ] || fail "customer recommendations"
"$CLERK" recommend --db "$db" --limit 3 >"$tmp/none"
[ "$(wc -l <"$tmp/none")" -eq 3 ] || fail "no seed: popular products"

set +e
"$CLERK" recommend --db "$db" --limit 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--limit 0 is a usage error"
"$CLERK" recommend --db "$db" --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "--bogus is a usage error"
set -e
echo "ok recommend_cli"
