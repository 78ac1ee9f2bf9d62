#!/usr/bin/env bash
# The kiosk's staff screens for the counter: a kiosk order placed at the
# kiosk is seen by staff, marked paid (after a "y"), cancelled only with a
# reason; a
# hand-off is closed with a note; the report screen draws its daily series
# with block characters; signing out leaves nothing of the shopper before.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

kiosk_counter_with_orders

start_clerk --kiosk
type_text "my email is someone@example.com"
keys Enter
wait_for "someone@example.com"
keys F2
wait_for "Staff sign-in"
type_text "2468"
keys Enter
wait_for "Staff mode" 30

# kiosk orders: mark the first paid, cancel the second with a reason
keys 5
wait_for "kiosk orders at the counter"
[ "$(screen | grep -c ' open ')" -eq 2 ] || fail "two open kiosk orders"
keys p
wait_for "paid?"
sleep 1
keys y
wait_for "paid\."
keys Down x
wait_for "Why is it cancelled"
sleep 1
keys Enter
wait_for "reason is needed"
type_text "changed their mind"
keys Enter
wait_for "cancelled\."
screen | grep -q " paid " || fail "the paid order is not listed"
keys Escape
wait_for "Quit the kiosk"

# hand-offs: close with a note
keys 2
wait_for "speak to a human please"
keys c
wait_for "A note of what was done"
sleep 1
type_text "helped in person"
keys Enter
wait_for "Hand-off closed"
wait_for "No open hand-off requests"
keys Escape
wait_for "Quit the kiosk"

# the report: figures and block-character sparklines
keys 6
wait_for "report, last 30 days"
screen | grep -q "Conversations 4" || fail "the report's conversations (three scripted, one here)"
screen | grep -q "Hand-offs 1: open 0, closed 1" || fail "the report's hand-offs"
screen | grep -q "picked up 0, cancelled 1" || fail "the report's kiosk orders"
screen | grep -q "conversations *[▁▂▃▄▅▆▇█]" || fail "no sparkline"
keys q
wait_for "Quit the kiosk"

# signing out: a fresh screen for the next shopper
keys 3
wait_for "Welcome!"
screen | grep -q "someone@example.com" && fail "the last shopper's words survived signing out"
keys Up
sleep 0.3
screen | grep -q "someone@example.com" && fail "the last shopper's history survived signing out"
python3 -c '
import sqlite3, sys
rows = [r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT action FROM staff_log ORDER BY id")]
assert rows == ["kiosk.paid", "kiosk.cancelled", "handoff.close"], rows
' "$DB" || fail "the staff log: $(python3 -c 'import sqlite3,sys; print(list(sqlite3.connect(sys.argv[1]).execute("SELECT * FROM staff_log")))' "$DB")"
echo "ok"
