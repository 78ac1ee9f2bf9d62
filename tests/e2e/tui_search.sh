#!/usr/bin/env bash
# The TUI shows a search's products, keeps them through resizes, says when
# the terminal is too small, and quits on Ctrl-C.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

start_clerk
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

# Ctrl-C quits (the cart is empty, so no question).
keys C-c
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
