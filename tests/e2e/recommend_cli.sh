#!/usr/bin/env bash
# clerk recommend: ID<TAB>SCORE<TAB>NAME lines, --with products never come
# back, co-purchases rank high with a reason, products out of stock and
# what the customer just bought never come, two of a brand in any five,
# the model built at import and refitted when orders come in, --json,
# --limit, and usage errors.
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
assert a and all({"id", "score", "name", "why", "explain"} <= set(o) for o in a)
assert not {"T100", "A803"} & {o["id"] for o in a}
' "$tmp/out.json" || fail "--json output"
"$CLERK" recommend --db "$db" --with C500 --json >"$tmp/c500.json"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert a[0]["explain"].startswith("bought with Trailbase 2 Tent in "), a[0]
' "$tmp/c500.json" || fail "the reason of a co-purchase: $(head -c 300 "$tmp/c500.json")"

# Out of stock (T102, F402, A805) never; two of a brand in any five.
"$CLERK" recommend --db "$db" --with T101 --limit 25 >"$tmp/all"
! cut -f1 "$tmp/all" | grep -Eqx 'T102|F402|A805' || fail "an out-of-stock product was recommended"
cut -f1 "$tmp/all" | while read -r id; do grep "^$id," "$fx/products.csv" | cut -d, -f3; done >"$tmp/brands"
awk '{ b[NR] = $0 } END { for (i = 1; i <= NR; i++) { n = 0; for (k = i; k < i + 5 && k <= NR; k++) n += b[k] == b[i]; if (n > 2) exit 1 } }' \
	"$tmp/brands" || fail "more than two of a brand in five: $(paste -sd' ' "$tmp/brands")"

# c2's newest order held C500 and S600: not recommended back to c2 (who
# agreed to personalization: without it their history is not read).
sqlite3 "$db" "INSERT INTO consent (customer_id, purpose, granted)
	SELECT id, 'personalization', 1 FROM customers WHERE external_id = 'c2'"
"$CLERK" recommend --db "$db" --customer c2 --limit 10 >"$tmp/c2"
! cut -f1 "$tmp/c2" | grep -Eqx 'C500|S600' || fail "what c2 just bought came back"

# A new order makes the model stale; clerk recommend refits it.
printf 'order_id,customer,product,quantity,price,date,status\n60001,c9,J301,1,99,2026-12-01,paid\n60001,c9,A806,1,60,2026-12-01,paid\n' >"$tmp/more.csv"
"$CLERK" import --db "$db" --orders "$tmp/more.csv" >/dev/null
"$CLERK" recommend --db "$db" --with J301 --limit 1 | cut -f1 | grep -qx A806 || fail "the new order was not learnt"
sqlite3 "$db" "INSERT INTO orders (source_id, status, placed_at) VALUES ('60002', 'paid', '2026-12-02T00:00:00Z');
INSERT INTO order_items (order_id, line, product_id, product_source_id, quantity, price_cents)
 SELECT id, 1, (SELECT id FROM products WHERE source_id = 'B202'), 'B202', 1, 100 FROM orders WHERE source_id = '60002';
INSERT INTO order_items (order_id, line, product_id, product_source_id, quantity, price_cents)
 SELECT id, 2, (SELECT id FROM products WHERE source_id = 'J303'), 'J303', 1, 100 FROM orders WHERE source_id = '60002';"
"$CLERK" recommend --db "$db" --with B202 --limit 1 | cut -f1 | grep -qx J303 || fail "a stale model was not refitted"

"$CLERK" recommend --db "$db" --customer c2 --limit 3 >"$tmp/cust"
[ "$(wc -l <"$tmp/cust")" -eq 3 ] || fail "customer recommendations"
"$CLERK" recommend --db "$db" --limit 3 >"$tmp/none"
[ "$(wc -l <"$tmp/none")" -eq 3 ] || fail "no seed: popular products"

set +e
"$CLERK" recommend --db "$db" --limit 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--limit 0 is a usage error"
"$CLERK" recommend --db "$db" --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "--bogus is a usage error"
set -e
echo "ok recommend_cli"
