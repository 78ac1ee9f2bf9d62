#!/usr/bin/env bash
# Personalization and privacy through the real binary: consent before any
# event, search re-ranked by the history (and not with personal_ranking =
# false), a returning customer's cart reminder, a personal code that works
# once, the staff's clerk privacy export|forget, the shopper's "forget me",
# and after each forget an `sqlite3 .dump` (and the file's bytes) holding
# neither the customer's id nor their email.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
command -v sqlite3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL privacy: $*" >&2; exit 1; }

db="$tmp/shop.db"
fx="$SRC/tests/fixtures/dialogue/outdoor"
"$CLERK" import --db "$db" "$fx/products.csv" >/dev/null
"$CLERK" import --db "$db" --orders "$fx/orders.csv" >/dev/null
# a loyal customer with a distinctive id and email, three orders
cat >"$tmp/zoe.csv" <<'CSV'
order_id,customer,product,quantity,price,date,status,email,postcode,carrier,tracking
61001,zoe-5521,F400,1,59.00,2026-09-01,delivered,zoe@forget.example,ZZ9 9ZZ,DPD,ZT1
61002,zoe-5521,A803,1,34.00,2026-10-01,delivered,zoe@forget.example,ZZ9 9ZZ,DPD,ZT2
61003,zoe-5521,J301,1,89.00,2026-11-01,delivered,zoe@forget.example,ZZ9 9ZZ,UPS,ZT3
CSV
"$CLERK" import --db "$db" --orders "$tmp/zoe.csv" >/dev/null
mkdir -p "$tmp/config/clerk" "$tmp/data"
export CLERK_MODEL="$BUILD/intent.model" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp" \
	XDG_DATA_HOME="$tmp/data"
unset CLERK_CONFIG
run() { "$CLERK" --script --seed 1 --db "$db" "$@"; }
dump_has() { sqlite3 "$db" .dump | grep -c -e "$1" -e "$2" || true; }

# 1. Consent first: a signed-in customer's turns store nothing until yes.
printf 'show me jackets\ntell me about the Stormshell Rain Jacket\n' | run --customer zoe-5521 >"$tmp/a.out"
grep -q 'stop personalizing' "$tmp/a.out" || fail "the consent question was not asked"
[ "$(sqlite3 "$db" "SELECT count(*) FROM events e JOIN customers c ON c.id = e.customer_id
	WHERE c.external_id = 'zoe-5521'")" -eq 0 ] || fail "events were stored before consent"
printf 'show me jackets\nyes\ntell me about the Stormshell Rain Jacket\nadd it to my cart\nany deals for me?\n' |
	run --customer zoe-5521 >"$tmp/b.out"
[ "$(sqlite3 "$db" "SELECT count(*) FROM events e JOIN customers c ON c.id = e.customer_id
	WHERE c.external_id = 'zoe-5521'")" -ge 2 ] || fail "events were not stored after consent"
code=$(grep -oE 'code [A-Z]{3}[0-9]{5}' "$tmp/b.out" | head -n 1 | cut -d' ' -f2)
[ -n "$code" ] || fail "a loyal customer got no personal offer: $(cat "$tmp/b.out")"

# 2. Search leans to the history (Northridge, rain jackets), a small nudge;
#    personal_ranking = false in config.ini turns it off.
page() { grep -E '^[0-9]+\. ' | cut -d'|' -f1 | sed 's/^[0-9]*\. //'; }
printf 'show me jackets\n' | run --customer zoe-5521 | page >"$tmp/personal"
printf 'show me jackets\n' | run | page >"$tmp/plain"
[ "$(head -n 1 "$tmp/personal")" = "$(head -n 1 "$tmp/plain")" ] || fail "the best text match moved"
! cmp -s "$tmp/personal" "$tmp/plain" || fail "the history did not re-rank the search"
sort "$tmp/personal" | cmp -s - <(sort "$tmp/plain") || fail "re-ranking changed what is shown"
printf '[personal]\nranking = false\n' >"$tmp/config/clerk/config.ini"
printf 'show me jackets\n' | run --customer zoe-5521 | page >"$tmp/off"
cmp -s "$tmp/off" "$tmp/plain" || fail "personal_ranking = false still re-ranked"
rm "$tmp/config/clerk/config.ini"

# 3. A returning customer hears of the cart they left, with what goes with it.
sqlite3 "$db" "UPDATE carts SET updated_at = updated_at - 7200, reminded_at = NULL"
printf 'hello\n' | run --customer zoe-5521 >"$tmp/c.out"
grep -q 'Welcome back! Your cart still holds 1 item' "$tmp/c.out" || fail "no cart reminder: $(cat "$tmp/c.out")"
grep -q 'goes well with' "$tmp/c.out" || fail "the reminder has no product to go with it"
printf 'hello\n' | run --customer zoe-5521 >"$tmp/c2.out"
grep -q 'Welcome back' "$tmp/c2.out" && fail "the reminder came again for a cart just seen"

# 4. The personal code works for its owner once, and for nobody else.
printf 'apply %s\n' "$code" | run --customer c1 >"$tmp/d.out"
grep -q "$code" "$tmp/d.out" && fail "another customer's code was recognized: $(cat "$tmp/d.out")"
printf 'apply %s\ncheckout\nyes\n' "$code" | run --customer zoe-5521 >"$tmp/e.out"
grep -q 'order number is' "$tmp/e.out" || fail "checkout with the code failed: $(cat "$tmp/e.out")"
printf 'add the Basecamp Fleece\napply %s\n' "$code" | run --customer zoe-5521 >"$tmp/f.out"
grep -q 'used' "$tmp/f.out" || fail "a used code was accepted again: $(cat "$tmp/f.out")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM offers WHERE redeemed_at IS NOT NULL AND order_ref IS NOT NULL")" -eq 1 ] ||
	fail "the redeemed code does not name its order"

# 5. Staff export: a file under XDG_DATA_HOME, or standard output.
"$CLERK" privacy export --customer zoe-5521 --db "$db" >"$tmp/export.out"
path=$(sed -n 's/^exported customer zoe-5521 to //p' "$tmp/export.out")
case "$path" in "$tmp/data/clerk/exports/"*.json) ;; *) fail "export path: $(cat "$tmp/export.out")" ;; esac
[ "$(stat -c %a "$path")" = 600 ] || fail "the export is readable by others"
"$CLERK" privacy export --customer zoe-5521 --db "$db" --out - >"$tmp/export.json"
python3 - "$path" "$tmp/export.json" <<'PY' || fail "the export misses something"
import json, sys
for f in sys.argv[1:]:
    d = json.load(open(f))
    assert d["customer"]["email"] == "zoe@forget.example"
    assert d["consent"][0]["granted"] is True
    assert len(d["events"]) >= 2 and len(d["orders"]) == 4
    assert any(o["redeemed_at"] for o in d["offers"])
    assert d["affinities"] and d["carts"]
    assert "bob@example.org" not in json.dumps(d)
PY

# 6. Staff forget: nothing refers to the customer any more.
[ "$(dump_has zoe-5521 zoe@forget.example)" -gt 0 ] || fail "the test customer is not in the dump"
"$CLERK" privacy forget --customer zoe-5521 --db "$db" >"$tmp/forget.out"
grep -q '^forgot customer zoe-5521: deleted [1-9][0-9]* events, 1 carts, 1 consent records, 1 offers' "$tmp/forget.out" ||
	fail "forget said: $(cat "$tmp/forget.out")"
grep -q 'kept 4 orders' "$tmp/forget.out" || fail "the orders kept: $(cat "$tmp/forget.out")"
[ "$(dump_has zoe-5521 zoe@forget.example)" -eq 0 ] || fail "the dump still holds the customer"
[ "$(dump_has ZZ9 ZT1)" -eq 0 ] || fail "the dump still holds the postcode or tracking"
[ "$(cat "$db"* | grep -a -c -e zoe-5521 -e zoe@forget.example || true)" -eq 0 ] ||
	fail "the database file still holds the customer's bytes"
[ "$(sqlite3 "$db" "SELECT count(*) FROM orders WHERE source_id LIKE '6100_' AND customer_id IS NULL")" -eq 3 ] ||
	fail "the orders were not kept, detached"

# 7. The shopper's own "forget me" (as "delete all my data") does the same.
printf 'show me stoves\nyes\nadd the first one\ndelete all my data\nyes\nwhat do you know about me\n' |
	run --customer c2 >"$tmp/g.out"
grep -q 'deleted your profile' "$tmp/g.out" || fail "forget me: $(cat "$tmp/g.out")"
[ "$(dump_has "'c2'" bob@example.org)" -eq 0 ] || fail "the dump still holds customer c2"
[ "$(cat "$db"* | grep -a -c -e bob@example.org || true)" -eq 0 ] || fail "the file still holds c2's email"
[ "$(dump_has "'c1'" ann@example.com)" -gt 0 ] || fail "forgetting c2 touched c1"

# 8. Churn for staff, and usage errors.
"$CLERK" staff churn --db "$db" --as-of 2027-06-01 >"$tmp/churn"
[ -s "$tmp/churn" ] || fail "no customer at risk in June 2027"
awk -F'\t' 'NF != 5 || $2 !~ /^[0-9.]+$/ || $3 !~ /^R[1-5] F[1-5] M[1-5]$/ { exit 1 }' "$tmp/churn" ||
	fail "churn lines are not CUSTOMER<TAB>RISK<TAB>RFM<TAB>REASON<TAB>OFFER: $(cat "$tmp/churn")"
grep -q '^c5	' "$tmp/churn" || fail "c5 (one order in September 2026) is not at risk"
grep -qe "zoe-5521" -e "^c2	" "$tmp/churn" && fail "a forgotten customer is listed"
"$CLERK" staff churn --db "$db" --as-of 2027-06-01 --json | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a and all({"customer", "risk", "recency", "frequency", "monetary", "reason_text", "offer"} <= set(o) for o in a)
assert all(a[i]["risk"] * a[i]["spent"] >= a[i + 1]["risk"] * a[i + 1]["spent"] for i in range(len(a) - 1))
' || fail "churn --json"
set +e
"$CLERK" privacy >/dev/null 2>&1; [ $? -eq 2 ] || fail "privacy without an action should exit 2"
"$CLERK" privacy export --db "$db" >/dev/null 2>&1; [ $? -eq 2 ] || fail "export without --customer should exit 2"
"$CLERK" privacy forget --customer nobody --db "$db" >/dev/null 2>"$tmp/err"; [ $? -eq 1 ] || fail "an unknown customer should exit 1"
grep -q "^clerk: no customer 'nobody'" "$tmp/err" || fail "unknown customer message: $(cat "$tmp/err")"
"$CLERK" staff >/dev/null 2>&1; [ $? -eq 2 ] || fail "staff without a subcommand should exit 2"
"$CLERK" staff churn --as-of tomorrow --db "$db" >/dev/null 2>&1; [ $? -eq 2 ] || fail "a bad --as-of should exit 2"
set -e
echo "ok privacy"
