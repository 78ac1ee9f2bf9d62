#!/usr/bin/env bash
# End-to-end: `clerk search` on a fixture catalog: typos, synonyms, model
# codes written differently, filters in the query text, batch mode, JSON,
# bad input and usage errors.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the source tree}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/shop.db"
fail() { echo "search_cli: $*" >&2; exit 1; }

"$CLERK" import --db "$db" "$SRC/tests/fixtures/search/products.csv" >/dev/null ||
	fail "importing the fixture catalog failed"

# ids of the results of one query, space-separated
ids() { "$CLERK" search --db "$db" "$@" | cut -f1 | tr '\n' ' ' | sed 's/ $//'; }
first() { ids "$@" | cut -d' ' -f1; }
expect_first() { local want=$1; shift; local got; got=$(first "$@");
	[ "$got" = "$want" ] || fail "'$*': first result '$got', want '$want'"; }
expect_ids() { local want=$1; shift; local got; got=$(ids "$@");
	[ "$got" = "$want" ] || fail "'$*': results '$got', want '$want'"; }

# output format: ID<TAB>SCORE<TAB>NAME
line=$("$CLERK" search --db "$db" --limit 1 leather couch)
[[ "$line" =~ ^p8$'\t'[0-9.-]+$'\t'Leather\ Couch$ ]] || fail "bad line format: '$line'"

# typos, synonyms, model codes written differently
expect_first p1 samsnug galxy
expect_first p8 sofa
expect_first p5 usbc charger
expect_first p5 usb c wall charger
expect_first p5 USB-C
expect_first p2 iphone 128 gb
expect_first p9 CAFE

# filters in the query text
expect_ids "p6" "charger under \$20"
# the word names the category Chargers: it ranks first what the category
# holds, and the laptop adapter (Power) found by the synonym "charging
# adapter" comes after it (a category guessed from the words is no filter
# on the command line: the catalog may file the same kind elsewhere)
expect_ids "p5 p7" chargers over 20 dollars
expect_ids "p4 p3" cheapest case
expect_ids "p3" case between \$30 and \$50
expect_ids "p6" charger not anker
expect_ids "p5 p7" chargers by anker # both Anker's; the charger first
[ "$(ids --limit 1 phone)" = "$(first phone)" ] || fail "--limit 1 printed more than one line"

# relaxation: no product is all of these words, the closest ones come back
expect_first p8 leather couch charger
# nothing relates to these words: no results, still success
[ -z "$(ids xqzvvy wwkkpp)" ] || fail "unrelated words found something"

# batch mode: a blank line after each query's results
printf 'sofa\nxqzvvy\nlightning\n' | "$CLERK" search --db "$db" > "$tmp/batch"
expected=$(printf 'p8\n\n\np6\n\n')
got=$(cut -f1 "$tmp/batch")
[ "$got" = "$expected" ] || fail "batch output: $(cat -A "$tmp/batch")"

# JSON: corrections and filters are reported
json=$("$CLERK" search --db "$db" --json "samsnug phones under \$600")
# corrected by the reading of the query (the brand) or by the search
grep -q '"corrected":"samsung phones under \$600"' <<<"$json" ||
	grep -q '"corrected":"samsung phones"' <<<"$json" ||
	grep -q '"brand":"Samsung"' <<<"$json" || fail "no correction in JSON: $json"
grep -q '"price_max":600' <<<"$json" || fail "no price filter in JSON: $json"
grep -q '"id":"p1"' <<<"$json" || fail "p1 missing from JSON: $json"

# FTS5 and SQL syntax is text, never an error
for q in '"' '*' 'NEAR(' '-' ':' "'" 'AND' 'case" OR "x' "'; DROP TABLE products; --" '^' '((' ; do
	"$CLERK" search --db "$db" "$q" >/dev/null 2>"$tmp/err" ||
		fail "query '$q' failed: $(cat "$tmp/err")"
done
expect_first p3 'NEAR(rugged "case'

# a 1 MB query (a stdin line; argv cannot hold one) is cut with a note,
# not an error; so is a 100 kB argument
{ head -c 1048576 /dev/zero | tr '\0' 'a'; echo; } > "$tmp/big"
"$CLERK" search --db "$db" < "$tmp/big" >/dev/null 2>"$tmp/err" || fail "1 MB query failed"
grep -q "^clerk: note: the query was cut" "$tmp/err" || fail "no note for a cut query"
"$CLERK" search --db "$db" "couch $(head -c 100000 "$tmp/big")" > "$tmp/out" 2>"$tmp/err" ||
	fail "100 kB query failed"
grep -q "^clerk: note: the query was cut" "$tmp/err" || fail "no note for a cut argument"
[ "$(cut -f1 "$tmp/out" | head -1)" = p8 ] || fail "a cut query lost its first words"

# a measure written only in names, with the foot mark and thousands: the
# products of that measure first, as the conversation lists them, also
# past the first sixty products of the words; with --limit 1 too
cdb="$tmp/cables.db"
"$CLERK" import --db "$cdb" "$SRC/tests/fixtures/dialogue/cables/products.csv" >/dev/null ||
	fail "importing the cables catalog failed"
got=$("$CLERK" search --db "$cdb" --limit 2 10ft lightning cable | cut -f3 | grep -c "10' Lightning" || true)
[ "$got" = 2 ] || fail "'10ft lightning cable': $got of the first two are 10' long"
got=$("$CLERK" search --db "$cdb" --limit 1 10000 mah portable charger | cut -f3)
[[ "$got" == *"10,000 mAh"* ]] || fail "'10000 mah portable charger': first '$got'"

# usage errors exit 2, runtime errors exit 1, one line starting "clerk: "
set +e
"$CLERK" search --db "$db" --limit 0 x >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "--limit 0 exited $rc, want 2"
"$CLERK" search --db "$db" --bogus x >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "unknown option exited $rc, want 2"
"$CLERK" search --db "$db" --limit >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "--limit without a value exited $rc, want 2"
grep -qx 'clerk: search: --limit needs a number (see clerk search --help)' "$tmp/err" ||
	fail "--limit without a value: $(cat "$tmp/err")"
"$CLERK" search --db "$db" --limit '' x >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "--limit '' exited $rc, want 2"
"$CLERK" search --db "$tmp/no/such/dir/x.db" x >/dev/null 2>"$tmp/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "unopenable database exited $rc, want 1"
[ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q '^clerk: ' "$tmp/err" || fail "bad error: $(cat "$tmp/err")"
"$CLERK" search --help | grep -q '^usage: clerk search' || fail "--help"
echo "search_cli: ok"
