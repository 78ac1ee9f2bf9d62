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
grep -q 'bigcommerce)' "$tmp/err" || fail "unknown preset: the message does not list bigcommerce: $(cat "$tmp/err")"
"$CLERK" import --help >"$tmp/help"
grep -q bigcommerce "$tmp/help" || fail "--help does not name --preset bigcommerce"

echo "import_notes: ok"
