#!/usr/bin/env bash
# The TUI stays responsive while the order service is slow: the turn runs on
# a thread, the screen says it is waiting, typing goes on, Enter waits its
# turn, and the failure is told in one sentence when the timeout comes.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"
start_order_server

stall_order_service 8

start_clerk
type_text "where is my order 10422 ann@example.com"
keys Enter
wait_for "Waiting for the answer" 5
# The screen answers keys while the turn runs.
type_text "hello there"
wait_for "^> hello there" 2
keys Enter
wait_for "One moment: the last answer is still coming" 2
screen | grep -q "^> hello there" || fail "Enter while waiting lost the typed line"
wait_for "no answer within 3 s" 10
wait_gone "Waiting for the answer" 2
wait_gone "One moment" 2
# What was typed meanwhile goes now.
post "$base/_mode/normal"
keys Enter
wait_for "^> hello there" 2
sleep 0.5
keys C-c
# The stalled turn is reported: its cause goes to the log, and the exit
# status says a turn failed.
wait_for "CLERK-EXIT=1" 5
grep -q "^clerk: a turn failed; the cause is in " "$TMP/stderr" ||
	fail "the exit does not name the log: $(cat "$TMP/stderr")"
log=$(sed -n 's/^clerk: a turn failed; the cause is in //p' "$TMP/stderr")
grep -q "clerk: no answer within 3 s" "$log" || fail "the log lacks the cause: $(cat "$log")"
echo "orders_http_tui: ok"
