#!/usr/bin/env bash
# clerk import of feeds nobody mapped: the grocer feed without its --map,
# a cosmetics feed with review arrays, a CSV with odd headers. Checks the
# fields found, the attribute kinds with their units (the units of
# assets/units.txt, loaded by the command), the reviews, that no e-mail
# address or phone number reached the database file at all, and that a
# catalog without attribute_keys gets them when a command opens it.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
command -v sqlite3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "import_attributes: $*" >&2; exit 1; }
db="$tmp/c.db"
q() { sqlite3 "$db" "$1"; }
expect() { # expect "what" "actual" "wanted"
	[ "$2" = "$3" ] || fail "$1: got '$2', wanted '$3'"
}

expect "grocer" "$("$CLERK" import --db "$db" "$SRC/tests/fixtures/dialogue/grocer/products.jsonl")" \
	"imported 99 products"
expect "grocer fields" "$(q "select p.name || '|' || b.name || '|' || c.path || '|' || p.price_cents || '|' || p.stock
	from products p join brands b on b.id = p.brand_id join categories c on c.id = p.category_id
	where p.source_id = 'GR-1010'")" "Greek Yogurt|Olympos|Dairy & Eggs > Yogurt|349|24"
expect "net content" "$(q "select value from attributes a join products p on p.id = a.product_id
	where p.source_id = 'GR-1010' and key = 'net content'")" "500 g"
expect "protein kind" "$(q "select kind || ' ' || unit from attribute_keys where key = 'protein per 100g'")" "number g"
expect "hidden keys" "$(q "select group_concat(key, ',') from (select key from attribute_keys where kind = 'hidden' order by key)")" \
	"age from months,ean13,internal ref,last modified"
expect "reviews" "$(q "select count(*) from reviews")" 105

expect "cosmetics" "$("$CLERK" import --db "$db" "$SRC/tests/fixtures/import/cosmetics.jsonl")" "imported 3 products"
expect "size" "$(q "select kind || ' ' || unit from attribute_keys where key = 'size'")" "number ml"
expect "sale price, currency" "$(q "select price_cents || ' ' || currency from products where source_id = 'BC-101'")" "1950 EUR"
expect "rating from reviews" "$(q "select rating || ' ' || review_count from products where source_id = 'BC-102'")" "3.5 2"

expect "odd headers" "$("$CLERK" import --db "$db" "$SRC/tests/fixtures/import/odd_headers.csv")" "imported 3 products"
expect "battery" "$(q "select value from attributes a join products p on p.id = a.product_id
	where p.source_id = 'PX-8' and key = 'battery'")" "5000 mAh"

# Personal data is nowhere in the file, not even in free pages.
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
for needle in mailbox.example webmail.example mail.example inbox.example nimbus.example \
	supplier.example "7946 0958" "123-4567"; do
	! grep -aq -- "$needle" "$db" || fail "\"$needle\" is in the database file"
done

# A catalog from before attribute_keys gets them when a command opens it.
q "delete from attribute_keys"
"$CLERK" search --db "$db" yogurt >/dev/null
expect "keys on open" "$(q "select kind from attribute_keys where key = 'net content'")" "number"
echo "ok import_attributes"
