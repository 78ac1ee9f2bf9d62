#!/usr/bin/env bash
# Staff who open the sign-in and enter the PIN while the shopper's last
# answer is still coming (here a stalled order service) are signed in when
# the answer is in: the PIN is kept, masked, not dropped.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"
command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }

python3 "$SRC/tests/order_server.py" --catalog "$SRC/tests/fixtures/orders" \
	--port-file "$TMP/port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; tui_cleanup' EXIT
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
[ -s "$TMP/port" ] || fail "the order server did not start"
base="http://127.0.0.1:$(cat "$TMP/port")"
post() { python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], data=b"", method="POST"))' "$1"; }

printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
cat >"$XDG_CONFIG_HOME/clerk/config.ini" <<INI
kiosk_idle_seconds = 600
[orders]
url = $base
timeout_ms = 3000
retries = 0
INI
post "$base/_mode/stall?seconds=8"

start_clerk --kiosk
type_text "where is my order 10422 ann@example.com"
keys Enter
wait_for "Waiting for the answer" 5
keys F2
wait_for "Staff sign-in" 5
type_text "2468"
keys Enter
wait_for "signing in as soon as the last answer is in" 5
screen | grep -q "Staff mode" && fail "signed in before the answer was in"
wait_for "Staff mode" 15
screen | grep -q "2468" && fail "the PIN shows on the screen"
echo "staff_pin_while_answering: ok"
