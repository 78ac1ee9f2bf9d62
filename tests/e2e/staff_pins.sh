#!/usr/bin/env bash
# Staff pin products first in recommendations (for every list, with a
# product in the basket, or for a category) and read what staff did in
# the staff log; bad names and bad usage are one-line errors.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL staff_pins: $*" >&2; exit 1; }
db="$tmp/shop.db"
fx="$SRC/tests/fixtures/dialogue/outdoor"
"$CLERK" import --db "$db" "$fx/products.csv" >/dev/null
pins() { "$CLERK" staff pins "$@" --db "$db"; }

[ "$(pins)" = "no pins" ] || fail "a new catalog has pins: $(pins)"
pins add K700 --with C500 >/dev/null
pins add S600 --category "Camping > Tents" --position 1 >/dev/null
pins | grep -q '^0 *K700 *with C500$' || fail "the list lacks the anchored pin: $(pins)"
pins | grep -q '^1 *S600 *in Camping > Tents$' || fail "the list lacks the category pin: $(pins)"

# With the tent in the basket both pins lead, in their positions.
"$CLERK" recommend --db "$db" --with C500 --limit 3 | cut -f1 >"$tmp/rec"
[ "$(head -n 2 "$tmp/rec" | paste -sd' ')" = "K700 S600" ] ||
	fail "pinned products do not lead: $(paste -sd' ' "$tmp/rec")"
# Without it the anchored pin does not apply.
! "$CLERK" recommend --db "$db" --with B200 --limit 5 | head -n 1 | grep -q '^K700' ||
	fail "a pin for baskets with C500 led a basket without it"

pins remove K700 --with C500 >/dev/null
! pins | grep -q K700 || fail "the removed pin is still listed"

set +e
pins add NOPE >"$tmp/out" 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "an unknown product: exit $rc"
[ "$(cat "$tmp/err")" = "clerk: no such product: NOPE" ] || fail "unknown product message: $(cat "$tmp/err")"
for bad in "add" "list K700" "frobnicate" "add K700 --with C500 --category Tents" "add K700 --position -1"; do
	set +e
	# shellcheck disable=SC2086
	"$CLERK" staff pins $bad --db "$db" >/dev/null 2>&1; rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "'pins $bad': exit $rc, not a usage error"
done

"$CLERK" staff log --db "$db" >"$tmp/log"
[ "$(grep -c 'pin\.' "$tmp/log")" -eq 3 ] || fail "the log lacks pin changes: $(cat "$tmp/log")"
head -n 1 "$tmp/log" | grep -q 'pin.remove *K700 *with C500$' || fail "newest first: $(head -n 1 "$tmp/log")"
[ "$("$CLERK" staff log pin.add --db "$db" | wc -l)" -eq 2 ] || fail "the prefix does not filter"
[ "$("$CLERK" staff log kiosk. --db "$db")" = "nothing logged" ] || fail "an empty filter"
echo "staff_pins: ok"
