#!/usr/bin/env bash
# Staff at the counter type words (a reason, a note) where the kiosk also
# takes one-key commands. Words typed there never change an order or quit
# the kiosk: an empty Enter keeps the reason or note prompt open and says
# what it needs; typed on a list or the menu, the letters that are
# commands (p paid, u picked up, x cancel, 4 quit) only open a question,
# and the rest of the words cannot answer it: it takes its "y" only once
# the keyboard has been still. An order is handed over only once it is
# paid.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

kiosk_counter_with_orders

staff_log() {
	python3 -c '
import sqlite3, sys
print(" ".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT action FROM staff_log ORDER BY id")))
' "$DB"
}
still_running() {
	screen | grep -q "CLERK-EXIT" && fail "the kiosk quit: $1"
	return 0
}
nothing_logged() {
	[ -z "$(staff_log)" ] || fail "$1: the staff log has $(staff_log)"
}

start_clerk --kiosk
keys F2
wait_for "Staff sign-in"
type_text "2468"
keys Enter
wait_for "Staff mode" 30
keys 5
wait_for "kiosk orders at the counter"
[ "$(screen | grep -c ' open ')" -eq 2 ] || fail "two open kiosk orders"

# The reason prompt: an empty Enter keeps it open and says a reason is
# needed; the words typed next are the reason, not commands.
keys x
wait_for "Why is it cancelled"
sleep 1
keys Enter
wait_for "reason is needed"
screen | grep -q "Why is it cancelled" || fail "an empty Enter closed the reason prompt"
type_text "person unwell, back at 4"
wait_for "> person unwell, back at 4"
still_running "a digit typed in the reason"
nothing_logged "typing a reason"
keys Escape
wait_gone "Why is it cancelled"
wait_for "nothing changed"
[ "$(screen | grep -c ' open ')" -eq 2 ] || fail "Esc did not keep the order open"

# Words typed on the list: "p" only asks, the rest of the words do not
# answer, and nothing falls through to the menu (where 4 quits).
type_text "person unwell, back at 4 pm"
wait_for "paid?"
sleep 1
still_running "words typed on the list"
nothing_logged "words typed on the list"
screen | grep -q "kiosk orders at the counter" || fail "typing left the list"
keys n
wait_gone "paid?"
nothing_logged "n to the question"

# A key right after the command is typing, not the answer: "py" marks
# nothing; "p", a pause, "y" marks it paid.
type_text "py"
wait_for "paid?"
sleep 1
nothing_logged "\"py\" typed at once"
keys Escape
wait_gone "paid?"
keys p
wait_for "paid?"
sleep 1
keys y
wait_for ": paid\."
[ "$(staff_log)" = "kiosk.paid" ] || fail "p, y: the staff log has $(staff_log)"

# Picked up needs paid first: u on the open order says so and asks
# nothing; on the paid one it asks, and y hands it over.
keys Down u
wait_for "not paid yet"
[ "$(staff_log)" = "kiosk.paid" ] || fail "u on an unpaid order: the staff log has $(staff_log)"
keys Up u
wait_for "picked up?"
sleep 1
keys y
wait_for ": picked up\."
[ "$(staff_log)" = "kiosk.paid kiosk.picked_up" ] || fail "u, y: the staff log has $(staff_log)"

# x, then a reason: cancelled with it.
keys x
wait_for "Why is it cancelled"
sleep 1
type_text "changed their mind"
keys Enter
wait_for ": cancelled\."
keys Escape
wait_for "Quit the kiosk"

# The hand-off note: the same.
keys 2
wait_for "speak to a human please"
keys c
wait_for "A note of what was done"
sleep 1
keys Enter
wait_for "note is needed"
type_text "rang customer at 4pm"
keys Enter
wait_for "Hand-off closed"
still_running "a digit typed in the note"
keys Escape
wait_for "Quit the kiosk"

# The menu: words typed there do not quit; 4 asks, and y after a pause
# quits.
type_text "back at 4"
wait_for "Quit the kiosk?"
sleep 1
still_running "words typed on the menu"
keys n
wait_gone "Quit the kiosk?"
still_running "n to the quit question"
[ "$(staff_log)" = "kiosk.paid kiosk.picked_up kiosk.cancelled handoff.close" ] ||
	fail "the staff log has $(staff_log)"
keys 4
wait_for "Quit the kiosk?"
sleep 1
keys y
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
