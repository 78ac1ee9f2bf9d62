#!/usr/bin/env bash
# The staff screens at the smallest size (40x12): the menu shows all its
# items; the kiosk orders keep the pickup code, the state and the total
# and say which columns and rows are off screen; the cursor's row stays
# on screen; a customer's orders keep the order number, the status and
# the total; the report wraps its figures and scrolls to the rest; a long
# notice wraps instead of being cut.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
printf 'kiosk_idle_seconds = 600\n' >"$XDG_CONFIG_HOME/clerk/config.ini"
for i in 1 2 3 4 5; do
	printf 'show me headphones\nadd the second one\ncheckout\nyes\n' |
		"$CLERK" --script --kiosk --db "$DB" --model "$MODEL" >"$TMP/order$i"
	grep -q "pickup reference is P" "$TMP/order$i" || fail "no pickup reference: $(cat "$TMP/order$i")"
done
refs=($("$CLERK" staff orders --db "$DB" | awk '{print $1}'))
[ "${#refs[@]}" -eq 5 ] || fail "five kiosk orders"

TUI_SIZE=40x12 start_clerk --kiosk
keys F2
wait_for "Staff sign-in"
type_text "2468"
keys Enter
wait_for "Staff mode" 30
for item in "1  Look up" "2  Hand-off" "3  Sign out" "4  Quit" "5  Kiosk orders" "6  Report"; do
	screen | grep -q "$item" || fail "the menu's '$item' is off screen at 40x12"
done

# Kiosk orders: pickup, state, total; what is not shown is said.
keys 5
wait_for "Pickup"
screen | grep -q "Pickup  *State  *Total" || fail "the narrow heading is not pickup, state, total"
screen | grep -q "${refs[0]}  *open  *\\\$79\\.99" || fail "the first order's row lost its state or total"
screen | grep -q "Not shown: order no., items" || fail "the columns off screen are not named"
screen | grep -q "1-[0-9] of 5" || fail "the rows off screen are not counted"
screen | grep -q "${refs[4]}" && fail "five orders do not fit 40x12"
keys Down Down Down Down
wait_for "${refs[4]}"
screen | grep -q "[0-9]-5 of 5" || fail "the rows shown after scrolling are not counted"
screen | grep -q "> ${refs[4]}" || fail "the cursor's row is not the one on screen"
# the keys' line fits
screen | grep -q "x cancel" || fail "the keys' line is cut before x cancel"
# a long notice wraps
keys u
wait_for "not paid yet"
screen | grep -q "mark it paid (p) first" || fail "the notice is cut: $(screen | tail -3)"
keys Escape
wait_for "6  Report"

# A customer's orders: order number, status, total.
keys 1
wait_for "Customer id"
type_text "c-77"
keys Enter
wait_for "50002"
screen | grep -q "Order  *Status  *Total" || fail "the narrow heading is not order, status, total"
screen | grep -q "50002  *[a-z]*  *\\\$" || fail "the order's status or total is off screen"
screen | grep -q "Not shown: placed, items, customer" || fail "the columns off screen are not named"
keys Escape
wait_for "6  Report"

# The report: wrapped, and the rest a key away.
keys 6
wait_for "report, last 30 days"
screen | grep -q "more lines" || fail "the report does not say there is more"
screen | grep -q "Kiosk orders: open 5" && fail "the report's kiosk line fits 40x12?"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do keys Down; done
wait_for "revenue *[▁▂▃▄▅▆▇█]"
screen | grep -q "more lines" && fail "the end of the report still says there is more"
keys PPage PPage PPage PPage PPage
wait_for "Conversations"
screen | grep -q "revenue *[▁▂▃▄▅▆▇█]" && fail "PgUp did not go back to the top"
# the kiosk line, wrapped, whole somewhere on the way down
seen=""
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	seen+=$(screen)$'\n'
	keys Down
	sleep 0.1
done
echo "$seen" | grep -q "cancelled 0" || fail "the end of the report's kiosk line never shows"
keys q
wait_for "6  Report"

# Wide again: every column.
resize 100 30
keys 5
wait_for "Items"
screen | grep -q "Pickup  *Order  *State  *Items  *Total" || fail "the wide heading at 100x30"
screen | grep -q "Not shown" && fail "nothing is off screen at 100x30"
check_stderr
echo "ok"
