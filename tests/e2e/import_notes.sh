#!/usr/bin/env bash
# What clerk import says to the shop owner beside "imported N products":
# a --preset for an export its header does not give away, and the notes on
# stderr about rows left out and how prices were read.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "import_notes: $*" >&2; exit 1; }
expect() { # expect "what" "actual" "wanted"
	[ "$2" = "$3" ] || fail "$1: got '$2', wanted '$3'"
}

# A BigCommerce bulk-edit export cut down to a few columns ("Allow
# Purchases?" left out): --preset bigcommerce reads it as one, so its list
# price is no fact.
printf '%s\n' 'Item Type,Product ID,Product Name,Price,Retail Price,Category' \
	'Product,1,Tab A,100.00,120.00,Tablets' >"$tmp/bc.csv"
db="$tmp/bc.db"
expect "--preset bigcommerce" "$("$CLERK" import --db "$db" --preset bigcommerce "$tmp/bc.csv" 2>/dev/null)" \
	"imported 1 products"
expect "list price no fact" "$(sqlite3 "$db" "select count(*) from attributes where key = 'retail price'")" 0
"$CLERK" import --db "$tmp/bc2.db" "$tmp/bc.csv" >/dev/null 2>&1
expect "without the preset" "$(sqlite3 "$tmp/bc2.db" "select count(*) from attributes where key = 'retail price'")" 1
set +e
"$CLERK" import --db "$tmp/x.db" --preset bigcomerce "$tmp/bc.csv" >/dev/null 2>"$tmp/err"
rc=$?
set -e
expect "unknown preset" "$rc" 2
grep -q 'bigcommerce, ebay)' "$tmp/err" || fail "unknown preset: the message does not list bigcommerce and ebay: $(cat "$tmp/err")"
"$CLERK" import --help >"$tmp/help"
grep -q bigcommerce "$tmp/help" || fail "--help does not name --preset bigcommerce"
grep -q ebay "$tmp/help" || fail "--help does not name --preset ebay"

# A file whose prices name no currency, imported without --currency: said
# once on stderr, with how to change it; not when the file or the option
# names one.
printf '%s\n' 'id,name,price' 'A1,Mug,8.50' 'A2,Jug,12.00' >"$tmp/plain.csv"
"$CLERK" import --db "$tmp/c1.db" "$tmp/plain.csv" >/dev/null 2>"$tmp/err"
expect "currency assumed" "$(grep -c 'currency' "$tmp/err")" 1
expect "currency line" "$(grep 'currency' "$tmp/err")" \
	"clerk: prices read as USD (the file names no currency; --currency CODE sets it)"
"$CLERK" import --db "$tmp/c2.db" --currency EUR "$tmp/plain.csv" >/dev/null 2>"$tmp/err"
expect "--currency given" "$(cat "$tmp/err")" ""
printf '%s\n' 'id,name,price,currency' 'A1,Mug,8.50,GBP' >"$tmp/named.csv"
"$CLERK" import --db "$tmp/c3.db" "$tmp/named.csv" >/dev/null 2>"$tmp/err"
expect "currency column" "$(cat "$tmp/err")" ""
printf '%s\n' 'id,name,price' 'A1,Mug,8.50 EUR' >"$tmp/inline.csv"
"$CLERK" import --db "$tmp/c4.db" "$tmp/inline.csv" >/dev/null 2>"$tmp/err"
expect "currency in the price" "$(cat "$tmp/err")" ""
# beside the tax line of a PrestaShop export (prices without tax)
"$CLERK" import --db "$tmp/c5.db" "$SRC/tests/fixtures/dialogue/pantry/products.csv" >/dev/null 2>"$tmp/err"
grep -q 'priced without tax' "$tmp/err" || fail "pantry: no tax line: $(cat "$tmp/err")"
grep -q '^clerk: prices read as USD ' "$tmp/err" || fail "pantry: no currency line: $(cat "$tmp/err")"

# Rows left out: hidden, and shown but not for sale ("Allow Purchases?" N)
printf '%s\n' 'Item Type,Product ID,Product Name,Price,Allow Purchases?,Product Visible?,Category' \
	'Product,1,Tab A,100.00,Y,Y,Tablets' 'Product,2,Tab B,100.00,Y,N,Tablets' \
	'Product,3,Tab C,100.00,N,Y,Tablets' >"$tmp/left.csv"
expect "left out: imported" "$("$CLERK" import --db "$tmp/l.db" --currency USD "$tmp/left.csv" 2>"$tmp/err")" \
	"imported 1 products"
expect "left out" "$(cat "$tmp/err")" \
	"clerk: left out 2 rows the shop does not list or sell (draft, archived, hidden, not for sale or another store view's)"

echo "import_notes: ok"
