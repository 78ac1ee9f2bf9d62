#!/usr/bin/env bash
# The TUI shows a search's products, keeps them through resizes, says when
# the terminal is too small, and quits on Ctrl-C.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

start_clerk
# Live suggestion from the catalog's words, taken with Tab.
type_text "wireless headp"
wait_for "^> wireless headphones"
keys Tab
sleep 0.3
screen | grep -qi "^> wireless headphones *$" || fail "Tab did not take the live suggestion"
keys C-u
type_text "wireless headphones"
keys Enter
wait_for "Aurora Wireless Headphones"
screen | grep -q "> wireless headphones" || fail "the shopper's line is not in the chat"
screen | grep -q "Results ([1-9]" || fail "no result count"
screen | grep -q '\$79.99' || fail "no price on the card"

# Narrower: results move below the chat and stay.
tmux -L "$SOCK" resize-window -t clerk -x 60 -y 24
wait_for "Aurora Wireless"
screen | grep -q "Cart: 0 items" || fail "the cart line went away at 60x24"

# The smallest supported size; PgUp brings back what scrolled away.
tmux -L "$SOCK" resize-window -t clerk -x 40 -y 12
wait_for "Cart: 0"
screen | grep -q "Hello" && fail "the welcome should have scrolled out of a 40x12 chat"
keys PPage PPage
wait_for "Hello"
keys NPage NPage
wait_gone "Hello"

tmux -L "$SOCK" resize-window -t clerk -x 30 -y 10
wait_for "Terminal too small"

tmux -L "$SOCK" resize-window -t clerk -x 100 -y 30
wait_for "Aurora Wireless Headphones"
wait_gone "Terminal too small"

# Esc moves to the results; Enter opens the selected product's details.
keys Escape
sleep 0.3
keys Enter
wait_for "Product details"
wait_for "Over-ear wireless headphones"
keys q
wait_gone "Product details"

# Tab puts the first suggestion chip in the input line.
chips=$(screen | grep "^Try: 1 " || true)
[ -n "$chips" ] || fail "no suggestion chips after a search"
first=$(echo "$chips" | sed -e 's/^Try: 1 //' -e 's/  [0-9] .*//')
keys Tab
sleep 0.3
screen | grep -qF "> $first" || fail "Tab did not take the first suggestion '$first'"
# Tab again steps to the second chip, whatever the first chip's last word
# could be completed to
second=$(echo "$chips" | sed -e 's/^.*  2 //' -e 's/  [0-9] .*//')
keys Tab
sleep 0.3
screen | grep -qF "> $second" || fail "the second Tab did not take the second suggestion '$second'"
keys C-u

# With something in the cart, Ctrl-C asks first.
type_text "add the first one to my cart"
keys Enter
wait_for "Cart: 1 item"
screen | grep -q "Aurora Wireless Headphones" || fail "the products left the screen after a cart change"
keys C-c
wait_for "Quit anyway"
keys n
wait_gone "Quit anyway"
screen | grep -q "CLERK-EXIT" && fail "quit although the shopper said no"
keys C-c
wait_for "Quit anyway"
keys y
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
