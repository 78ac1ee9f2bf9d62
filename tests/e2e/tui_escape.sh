#!/usr/bin/env bash
# Escape sequences in a product's name and description (the fixture's
# T-103) never reach the terminal: no title change, no screen clear, no
# stray sequence text.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

start_clerk
tmux -L "$SOCK" select-pane -t clerk -T "clerk-test"
type_text "wireless headphones"
keys Enter
wait_for "Evil Wireless Headphones"
screen | grep -q "> wireless headphones" || fail "the chat was wiped (a clear-screen got through?)"
screen | grep -q "PWNED\|\[2J\|\[31m\|0;" && fail "escape sequence text is on screen"
title=$(tmux -L "$SOCK" display -p -t clerk '#{pane_title}')
[ "$title" != "PWNED-TITLE" ] || fail "an OSC title sequence got through"

# The details of every card, the escaped one included.
keys Escape
for i in 1 2 3 4 5 6; do
	keys Enter
	sleep 0.3
	screen | grep -q "PWNED\|\[5;5H" && fail "escape text in a details view"
	keys q Down
done
title=$(tmux -L "$SOCK" display -p -t clerk '#{pane_title}')
[ "$title" != "PWNED-TITLE" ] || fail "an OSC title sequence got through in details"

keys C-c
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
