#!/usr/bin/env bash
# Colors when the terminal has them, none under NO_COLOR, and plain ASCII
# stars and dividers on terminals without Unicode glyphs (TERM=vt100,
# TERM=linux).
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

# SGR colors (30-37, 40-47, 38;5, 48;5, 90-97) in the captured screen.
has_color() {
	tmux -L "$SOCK" capture-pane -p -e -t clerk | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5|48;5)(;[0-9;]*)?m'
}

search() {
	type_text "wireless headphones"
	keys Enter
	wait_for "Aurora Wireless Headphones"
}

CLERK_ENV="TERM=xterm-256color" start_clerk
search
has_color || fail "no colors on xterm-256color"
screen | grep -q "★" || fail "no star glyphs on a UTF-8 xterm"
tmux -L "$SOCK" kill-server

CLERK_ENV="TERM=xterm-256color NO_COLOR=1" start_clerk
search
has_color && fail "colors despite NO_COLOR"
tmux -L "$SOCK" kill-server

for term in vt100 linux; do
	CLERK_ENV="TERM=$term" start_clerk
	search
	screen | grep -q "★\|…\|·" && fail "Unicode glyphs on TERM=$term"
	screen | grep -q '\*\*\*\*+ 4.5' || fail "no ASCII stars on TERM=$term"
	keys C-c
	wait_for "CLERK-EXIT=0"
	tmux -L "$SOCK" kill-server
done
check_stderr
echo "ok"
