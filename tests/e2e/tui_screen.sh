#!/usr/bin/env bash
# What a shopper sees at 40x12, 80x24 and 120x40 on a catalog with two
# colours of one pair of headphones:
# - products of one name say what tells them apart, on the cards, in the
#   details and in a comparison's headings;
# - a comparison shows all four of its products when there is room, and
#   says which rows and columns are off screen and which keys reach them
#   (and those keys do);
# - the cart's total stays on the top line at 40x12;
# - a reply longer than the chat pane is shown from its start, and the
#   help scrolls;
# - live suggestions offer the common product word, not a rare brand
#   that shares its first letters.
set -euo pipefail
TUI_PRODUCTS=variants.csv
. "$(dirname "$0")/tui_lib.bash"

# top: the first line of the screen.
top() {
	screen | head -n 1
}

TUI_SIZE=80x24 start_clerk --seed 1

# "hea": headphones (7 products) over the brand Hearth & Loom (2).
type_text "hea"
wait_for "^> headphones"
screen | grep -q "Hearth" && fail "a brand of two products was offered over a word of seven"
keys C-u

# Cards of one name, at every size.
type_text "tune 520bt"
keys Enter
wait_for "Results (2)"
for size in "80 24" "120 40" "40 12"; do
	resize $size
	screen | grep -qE "(^|│ )1\. Tune 520BT On-Ear Headphones, Bl(ue|ack)" ||
		fail "the first card does not say its colour at $size"
done
resize 80 24
screen | grep -q "^2\. Tune 520BT On-Ear Headphones, Bl" || fail "the second card does not say its colour"
second=$(screen | sed -n 's/^2\. Tune 520BT On-Ear Headphones, \(Bl[a-z]*\).*/\1/p')

# The details pane of the second card names it with its colour too.
keys Escape
sleep 0.2
keys Down
sleep 0.2
keys Enter
wait_for "Product details"
screen | grep -q "Tune 520BT On-Ear Headphones, $second" || fail "the details do not say the colour"
keys q
wait_gone "Product details"
keys Escape
sleep 0.2

# Comparing the two: the headings tell them apart.
type_text "compare them"
keys Enter
wait_for "Comparison"
screen | grep -q "Blue" && screen | grep -q "Black" || fail "the table's headings do not tell the two apart"
screen | grep -qE "Tune 520BT .*Tune 520BT" || fail "the table's headings lack the names"
# Rows off screen: the table says so, and PgDn (in the results) reaches them.
wait_for "rows 1-[0-9]* of 1[0-9], Esc, then PgDn for more"
screen | grep -q "^ weight " && fail "expected the last row (weight) off screen at 80x24"
# Esc and PgDn in one burst, as a fast typist (or tmux) sends them
keys Escape NPage
wait_for "rows [0-9]*-[0-9]* of 1[0-9], PgUp"
keys PPage
wait_for "rows 1-[0-9]* of 1[0-9], PgDn for more"
for _ in 1 2 3; do
	screen | grep -q "PgUp for more" && break
	keys NPage
	sleep 0.3
done
screen | grep -q "rows [0-9]*-\([0-9]*\) of \1, PgUp for more" || fail "PgDn did not reach the last page"
screen | grep -q "^ weight " || fail "the last page does not show the last row"
keys PPage PPage PPage
sleep 0.3
screen | grep -q "^\*\?price\|^ price" || fail "PgUp did not come back to the first rows"
keys Escape
sleep 0.2

# Four products: side by side at 80 and 120 columns, two at a time at 40.
type_text "headphones"
keys Enter
wait_for "Results ("
# more cards than fit: the pane says which are shown and how to reach the rest
wait_for "1-2 of 5, Esc, then Down"
type_text "compare 1, 2, 3 and 4"
keys Enter
wait_for "Comparison"
for size in "80 24" "120 40"; do
	resize $size
	screen | grep -qE "QuietComfort .*QuietComfort .*Momentum 4 .*Tune 520BT" ||
		fail "not all four products side by side at $size"
	screen | grep -q "columns" && fail "columns said to be off screen at $size"
done
resize 40 12
wait_for "cols 1-2/4"
screen | grep -q "Right" || fail "the table does not say how to reach the other columns at 40x12"
# ... and the reply is read from its start, the rest a PgDn away.
screen | sed -n 2p | grep -qi "side by side" || fail "the reply's start is not at the top of the chat"
screen | grep -q "more lines\? below (PgDn)" || fail "no word of the rest of the reply"
keys Escape
sleep 0.2
keys Right Right Right
wait_for "cols 3-4/4"
screen | grep -qE "Momentum|Tune" || fail "Right did not bring the other columns"
# Right moved the column cursor to the fourth product: Enter opens it
keys Enter
wait_for "Tune 520BT"
screen | grep -q "QuietComfort" && fail "Enter opened another column's product than the cursor's"
keys Escape
sleep 0.2
keys Escape
sleep 0.2

# The help at 40x12 is longer than the screen: it scrolls to its end.
keys F1
wait_for "more lines (Down/PgDn)"
screen | grep -q "Ctrl-C or bye" && fail "expected the end of the help off screen at 40x12"
keys NPage NPage NPage NPage
wait_for "Ctrl-C or bye"
keys q
wait_gone "Help "

# The cart's total stays on the top line at 40x12.
type_text "add the first one to my cart"
keys Enter
wait_for "Cart: 1 item"
top | grep -qE "Cart: 1 item . \\\$[0-9]+\.[0-9][0-9] *$" || fail "the cart total is cut at 40x12: $(top)"
top | grep -q "shopping assistant" && fail "the title kept its length before the cart"
resize 80 24
top | grep -q "clerk - shopping assistant" || fail "the title is short at 80 columns"

keys C-c
wait_for "Quit anyway"
keys y
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
