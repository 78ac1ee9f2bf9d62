#!/usr/bin/env bash
# Staff who open the sign-in and enter the PIN while the shopper's last
# answer is still coming (here a stalled order service) are signed in when
# the answer is in: the PIN is kept, masked, not dropped.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"
start_order_server

printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
stall_order_service 8 "kiosk_idle_seconds = 600"

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
