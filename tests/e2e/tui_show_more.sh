#!/usr/bin/env bash
# After "show more" the cards are numbered the way the shopper can refer
# to them: the dialogue reads "the second one" as the second card of the
# page on screen, so the page's cards are numbered from 1 again, and
# "add the second one" adds the card numbered 2.
set -euo pipefail
TUI_PRODUCTS=headphones.csv
. "$(dirname "$0")/tui_lib.bash"

start_clerk
type_text "headphones"
keys Enter
wait_for "Results (5)"
type_text "show more"
keys Enter
wait_for "> show more"
wait_for "Results (3)"
# the cards are beside the chat at 100x30, after its divider
screen | grep -q "│ 1\. " || fail "the next page's first card is not numbered 1"
screen | grep -q "│ [4-9]\. " && fail "a card of the next page is numbered past its page"
second=$(screen | sed -n 's/.*│ 2\. \([A-Z][a-z]*\) Wireless Headphones.*/\1/p' | head -1)
[ -n "$second" ] || fail "no card numbered 2 on the next page"
type_text "add the second one"
keys Enter
wait_for "Cart: 1 item"
type_text "show my cart"
keys Enter
wait_for "> show my cart"
wait_for "1 x [A-Z][a-z]* Wireless Headphones"
screen | grep -q "1 x $second Wireless Headphones" || fail "the second one is not card 2 ($second)"
check_stderr
echo "ok"
