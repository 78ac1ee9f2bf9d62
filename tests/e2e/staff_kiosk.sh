#!/usr/bin/env bash
# A kiosk order is a hand-over: in kiosk mode (script mode here) checkout
# needs no contact, gives a pickup reference and says how to pay; staff
# see it, mark it paid and picked up, or cancel one only with a reason,
# logged. A hand-off is closed with a note and the report counts it;
# negative feedback about the order is flagged for staff.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL staff_kiosk: $*" >&2; exit 1; }
db="$tmp/shop.db"
fx="$SRC/tests/fixtures/dialogue/outdoor"
"$CLERK" import --db "$db" "$fx/products.csv" >/dev/null
export CLERK_CONFIG="$tmp/config.ini"
printf '[kiosk]\npayment = at the till by the door\n' >"$CLERK_CONFIG"

order() {
	printf 'show me tents\nadd the first one\ncheckout\nyes\n%s\n' "$1" |
		"$CLERK" --script --kiosk --db "$db" >"$tmp/out"
	grep -q "pickup reference is P[0-9]*[A-Z]" "$tmp/out" || fail "no pickup reference: $(cat "$tmp/out")"
	grep -q "at the till by the door" "$tmp/out" || fail "the configured way to pay is not said"
	! grep -qi "email or postcode" "$tmp/out" || fail "a kiosk asked for contact details"
}
order "this is useless, it was the wrong tent"
order "thanks"
order "I want a person"

"$CLERK" staff orders --db "$db" >"$tmp/orders"
[ "$(grep -c ' open ' "$tmp/orders")" -eq 3 ] || fail "three open kiosk orders: $(cat "$tmp/orders")"
refs=($(awk '{print $1}' "$tmp/orders"))
"$CLERK" staff orders paid "${refs[0]}" --db "$db" >/dev/null || fail "mark paid"
"$CLERK" staff orders picked-up "${refs[0]}" --db "$db" >/dev/null || fail "mark picked up"
set +e
"$CLERK" staff orders paid "${refs[0]}" --db "$db" >/dev/null 2>&1
[ $? -eq 1 ] || fail "a picked-up order was marked paid"
# a required option left out (or blank) is a usage error: exit 2, one line
cancel_usage() {
	"$CLERK" staff orders cancel "${refs[1]}" "$@" --db "$db" >/dev/null 2>"$tmp/err"
	[ $? -eq 2 ] || fail "a cancel without a reason ($*) is no usage error"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^clerk: .*--reason TEXT" "$tmp/err" ||
		fail "no one-line usage message: $(cat "$tmp/err")"
}
cancel_usage
cancel_usage --reason ""
cancel_usage --reason "  "
set -e
"$CLERK" staff orders cancel "${refs[1]}" --reason "shopper changed their mind" --db "$db" \
	>/dev/null || fail "cancel"
"$CLERK" staff orders --db "$db" --all | grep -q "cancelled .*(shopper changed their mind)" \
	|| fail "the reason is not kept"
[ "$("$CLERK" staff orders --db "$db" | grep -c .)" -eq 1 ] || fail "one order is still waiting"

"$CLERK" staff feedback --db "$db" | grep -q "this is useless" || fail "negative feedback not flagged"
"$CLERK" staff handoffs --db "$db" >"$tmp/h"
ref=$(awk '{print $1; exit}' "$tmp/h")
[ -n "$ref" ] || fail "no open hand-off"
set +e
"$CLERK" staff handoffs close "$ref" --db "$db" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "a hand-off close without a note is no usage error"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^clerk: .*--note TEXT" "$tmp/err" ||
	fail "no one-line usage message: $(cat "$tmp/err")"
set -e
"$CLERK" staff handoffs close "$ref" --note "helped at the counter" --db "$db" >/dev/null || fail "close"
"$CLERK" staff report --db "$db" --json >"$tmp/r.json"
python3 - "$tmp/r.json" <<'PY' || fail "the report's kiosk and hand-off counts"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["handoffs"] == 1 and r["handoffs_closed"] == 1 and r["handoffs_open"] == 0, r
assert r["kiosk_open"] == 1 and r["kiosk_picked_up"] == 1 and r["kiosk_cancelled"] == 1, r
assert r["feedback_flags_open"] == 1 and r["conversations"] == 3, r
PY
python3 -c '
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT action FROM staff_log ORDER BY id").fetchall()
assert [r[0] for r in rows] == ["kiosk.paid", "kiosk.picked_up", "kiosk.cancelled", "handoff.close"], rows
' "$db" || fail "the staff log"
echo "ok staff_kiosk"
