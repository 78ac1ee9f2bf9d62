#!/usr/bin/env bash
# clerk --script --orders-url against a real HTTP order service on 127.0.0.1
# (tests/order_server.py): good answers, 404, 500 then success, a stall
# longer than the timeout, a 50 MB body, invalid JSON, a missing field, the
# wrong content type, a redirect to another host, a wrong token; the last
# known status from the cache with its age; checkout, cancel and their
# retries through the service; bad URLs.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "orders_http: $*" >&2; exit 1; }

start_server() { # HOST TOKEN PORTFILE
	python3 "$SRC/tests/order_server.py" --catalog "$SRC/tests/fixtures/orders" --host "$1" \
		--token "$2" --port-file "$3" &
	pids+=($!)
	for _ in $(seq 100); do [ -s "$3" ] && return 0; sleep 0.05; done
	fail "the order server did not start"
}
start_server 127.0.0.1 test-token "$tmp/port"
base="http://127.0.0.1:$(cat "$tmp/port")"
start_server 127.0.0.2 other-token "$tmp/port2"
other="http://127.0.0.2:$(cat "$tmp/port2")"

post() { python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], data=b"", method="POST"))' "$1"; }
mode() { post "$base/_mode/$1"; }
log() { python3 -c 'import sys, urllib.request as u; sys.stdout.write(u.urlopen(sys.argv[1]).read().decode())' "$1/_log"; }

db="$tmp/shop.db"
"$CLERK" import --db "$db" "$SRC/tests/fixtures/orders/products.csv" >/dev/null
cat >"$tmp/config.ini" <<'EOF'
[orders]
token = test-token
timeout_ms = 1000
retries = 1
deadline_ms = 5000
EOF
export CLERK_CONFIG="$tmp/config.ini"
unset CLERK_ORDERS_TOKEN

# Runs clerk in script mode on the lines given; the replies go to $tmp/out.
# $customer, when set, is the shopper (a cart that outlives the process).
customer=
# A turn the service failed is answered, and also reported: "clerk: turn
# N: CAUSE" on stderr and exit status 1; anything else on stderr fails.
chat() {
	local start=$SECONDS rc=0
	printf '%s\n' "$@" | "$CLERK" --script --seed 1 --db "$db" --orders-url "$base" \
		${customer:+--customer "$customer"} >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -ne 0 ] && { [ "$rc" -ne 1 ] || grep -qv '^clerk: turn [0-9]*: ' "$tmp/err"; }; then
		fail "clerk failed ($rc): $(cat "$tmp/err")"
	fi
	took=$((SECONDS - start))
}
says() { grep -qF -- "$1" "$tmp/out" || fail "${2:-reply} lacks '$1': $(cat "$tmp/out")"; }
lacks() { ! grep -qF -- "$1" "$tmp/out" || fail "${2:-reply} has '$1': $(cat "$tmp/out")"; }

# Good answers: the order as the service tells it (no orders are local).
[ "$(sqlite3 "$db" 'select count(*) from orders')" = 0 ] || fail "the local store has orders"
chat "where is my order 10422?" "ann@example.com"
says "10422 is shipped" "status"
says "Memphis, TN" "tracking events"
lacks "isn't answering"
log "$base" | grep -q '"auth": "Bearer test-token"' || fail "the token was not sent"

# 404: missing and unverified alike.
chat "where is my order 99999?" "ann@example.com"
says "Check the number and the email or postcode" "404"

# 500 then success: retried, and the shopper hears nothing of it.
mode "fail?count=1"
chat "where is my order 10501?" "bob@example.com"
says "10501 is paid" "500 then success"
[ "$(log "$base" | grep -c '"path": "/orders/10501"')" = 2 ] || fail "the 500 was not retried"

# A stall longer than the timeout: one sentence, then the cached status.
mode "stall?seconds=4"
chat "where is my order 10422?" "ann@example.com"
says "isn't answering properly right now (no answer within 1 s after 2 tries)" "stall"
says "The last status I have, from just now:" "stall"
says "10422 is shipped" "stall"
[ "$took" -le 6 ] || fail "a stalled service held clerk ${took}s (1 s timeout, 1 retry)"
mode normal

# The copy's age is told.
sqlite3 "$db" "update order_cache set fetched_at = fetched_at - 600 where order_ref = '10422'"
mode down
chat "where is my order 10422?" "ann@example.com"
says "(it answered 500: the order database is down)" "down"
says "from 10 minutes ago" "cache age"
# Another verification gets no copy, nor does another service.
chat "where is my order 10422?" "sw1a 1aa"
says "isn't answering properly" "down, other verification"
lacks "The last status I have"
printf '%s\n' "where is my order 10422?" "ann@example.com" |
	"$CLERK" --script --db "$db" --orders-url "${base/127.0.0.1/localhost}" >"$tmp/out" 2>/dev/null &&
	fail "a failed service left exit status 0"
says "isn't answering properly" "down, another service"
lacks "The last status I have"
mode normal

# Answers that break the API.
for case in "big|larger than 1048576 bytes" "badjson|not valid JSON" \
	"missing|its answer was invalid: status is missing" "html|its answer was text/html, not JSON" \
	"redirect?to=$other/orders/10501|redirected to another host (http://127.0.0.2:"; do
	mode "${case%%|*}"
	chat "where is my order 10501?" "bob@example.com"
	says "${case#*|}" "${case%%|*}"
	says "so I can't check order 10501" "${case%%|*}"
	[ "$took" -le 5 ] || fail "${case%%|*} took ${took}s"
done
mode normal
[ -z "$(log "$other")" ] || fail "clerk followed the redirect to another host"

# The JSON record carries the failure.
mode down
printf '%s\n' "where is my order 10501?" "bob@example.com" |
	"$CLERK" --script --json --db "$db" --orders-url "$base" >"$tmp/json" 2>"$tmp/err" &&
	fail "a failed service left exit status 0"
grep -q '^clerk: turn 2: ' "$tmp/err" || fail "the failure is not on stderr: $(cat "$tmp/err")"
mode normal
python3 - "$tmp/json" <<'PY' || fail "JSON record of a failed lookup: $(cat "$tmp/json")"
import json, sys
rec = [json.loads(l) for l in open(sys.argv[1])][-1]
assert rec["intent"] == "order_status", rec
assert rec["error"] == "it answered 500: the order database is down", rec
assert "The last status I have" in rec["reply"], rec
PY

# A wrong token from the environment wins over the config file's.
CLERK_ORDERS_TOKEN=nope chat "where is my order 10501?" "bob@example.com"
says "(it refused clerk's credentials (401))" "wrong token"
! grep -rqF nope "$tmp/out" "$tmp/err" <(log "$base" | grep -v Bearer) ||
	fail "the token appears in clerk's output"

# Checkout goes through the service; a 500 is retried with the same key.
mode "fail?count=1"
chat "linen lamp shade" "add the first one" "checkout" "ann@example.com" "yes"
says "100001" "checkout"
lacks "isn't answering"
[ "$(sqlite3 "$db" 'select count(*) from orders')" = 0 ] || fail "checkout wrote a local order"
keys=$(log "$base" | python3 -c 'import json,sys; print(" ".join(sorted({json.loads(l)["key"] for l in sys.stdin if json.loads(l)["path"] == "/orders"})))')
[ "$(wc -w <<<"$keys")" = 1 ] || fail "the checkout's retry used another key: $keys"

# An answer lost on the way (the service placed the order, clerk timed
# out): the retry with the same key gets that order, not a second one.
mode "slow?seconds=2&count=1"
chat "brass desk lamp" "add the first one" "checkout" "ann@example.com" "yes"
says "100002" "checkout with a lost answer"
lacks "isn't answering"
# Both answers lost: the outcome is unknown, the key is kept, and a new
# clerk's checkout of the same cart gets the order placed before.
mode "slow?seconds=2&count=2"
customer=c9
chat "linen lamp shade" "add the first one" "checkout" "yes"
says "can't tell whether your order went through" "checkout with lost answers"
mode normal
chat "checkout" "yes"
says "100003" "checkout retried in a new clerk"
lacks "isn't answering"
customer=
orders=$(log "$base" | python3 -c 'import json,sys; print(len({json.loads(l)["key"] for l in sys.stdin if json.loads(l)["path"] == "/orders"}))')
[ "$orders" = 3 ] || fail "retried checkouts did not reuse their keys ($orders keys for 3 orders)"
chat "where is my order 100004?" "10115"
says "Check the number and the email or postcode" "no fourth order"

# Cancel through the service.
chat "cancel my order 10503" "dee@example.com" "yes"
says "10503 is cancelled" "cancel"
chat "cancel my order 10422" "ann@example.com"
says "shipped" "cancel refused"
lacks "10422 is cancelled"

# Bad URLs are usage errors; a token never goes to another machine in clear.
set +e
"$CLERK" --script --db "$db" --orders-url "ftp://orders.example.com" </dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] || fail "ftp URL: exit $rc"
"$CLERK" --script --db "$db" --orders-url "http://orders.example.com" </dev/null 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "plain http with a token: exit $rc"
grep -q '^clerk: --orders-url: .*https' "$tmp/err" || fail "plain http message: $(cat "$tmp/err")"
echo "orders_http: ok"
