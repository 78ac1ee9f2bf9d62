#!/usr/bin/env bash
# `clerk kiosk-pin` on a terminal: a PIN too short (or too long) is refused
# as soon as it is typed, before it is asked again; a PIN typed twice the
# same is set. Nothing typed is echoed.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

# pin_session NAME: `clerk kiosk-pin` in a tmux session of that name. The
# server is started without a config once (tmux 3.3 ends a running
# server given -f again).
pin_session() {
	local conf=(-f /dev/null)
	tmux -L "$SOCK" has-session 2>/dev/null && conf=()
	tmux -u -L "$SOCK" "${conf[@]}" new-session -d -s "$1" -x 80 -y 10 \
		"$(printf '%q ' "$CLERK" kiosk-pin --db "$DB") 2>&1; echo PIN-EXIT=\$?; sleep 600"
}
pin_screen() {
	tmux -L "$SOCK" capture-pane -p -t "$1"
}
# pin_wait NAME PATTERN: polls that window until grep finds PATTERN.
pin_wait() {
	local i
	for ((i = 0; i < 100 * ${CLERK_TEST_SLOW:-1}; i++)); do
		pin_screen "$1" | grep -q -- "$2" && return 0
		command sleep 0.1
	done
	echo "--- $1 ---" >&2
	pin_screen "$1" >&2
	fail "waited for '$2' in $1"
}

pin_session short
pin_wait short "New staff PIN:"
tmux -L "$SOCK" send-keys -t short -l "12"
tmux -L "$SOCK" send-keys -t short Enter
pin_wait short "PIN-EXIT=1"
pin_screen short | grep -q "a PIN has 4 to 64 characters" || fail "no word of the PIN's length"
pin_screen short | grep -q "Repeat it" && fail "a PIN too short was asked for again"
pin_screen short | grep -q "12" && fail "the PIN was echoed"

pin_session long
pin_wait long "New staff PIN:"
tmux -L "$SOCK" send-keys -t long -l "$(printf '9%.0s' $(seq 70))"
tmux -L "$SOCK" send-keys -t long Enter
pin_wait long "PIN-EXIT=1"
pin_screen long | grep -q "a PIN has 4 to 64 characters" || fail "no word of the PIN's length"
pin_screen long | grep -q "Repeat it" && fail "a PIN too long was asked for again"

pin_session good
pin_wait good "New staff PIN:"
tmux -L "$SOCK" send-keys -t good -l "2468"
tmux -L "$SOCK" send-keys -t good Enter
pin_wait good "Repeat it:"
tmux -L "$SOCK" send-keys -t good -l "2468"
tmux -L "$SOCK" send-keys -t good Enter
pin_wait good "PIN-EXIT=0"
pin_screen good | grep -q "kiosk PIN set" || fail "the PIN was not set"
pin_screen good | grep -q "2468" && fail "the PIN was echoed"
echo "ok"
