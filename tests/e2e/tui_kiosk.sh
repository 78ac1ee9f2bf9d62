#!/usr/bin/env bash
# Kiosk mode: refuses to start without a PIN; Ctrl-C, Ctrl-Z and Ctrl-\ do
# not leave it; a wrong PIN does not; the idle reset clears the screen after
# a countdown; staff sign in with the PIN, see hand-offs, and quit (4,
# then y).
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

# No PIN yet: a clear error, not a kiosk nobody can leave.
tmux -u -L "$SOCK" -f /dev/null new-session -d -s nopin -x 100 -y 30 \
	"$(printf '%q ' "$CLERK" --db "$DB" --model "$MODEL" --kiosk) 2>'$TMP/nopin'; echo CLERK-EXIT=\$?; sleep 600"
for ((i = 0; i < 100; i++)); do
	tmux -L "$SOCK" capture-pane -p -t nopin | grep -q "CLERK-EXIT=" && break
	sleep 0.1
done
tmux -L "$SOCK" capture-pane -p -t nopin | grep -q "CLERK-EXIT=1" || fail "kiosk started without a PIN"
grep -q "kiosk-pin" "$TMP/nopin" || fail "no hint to set a PIN: $(cat "$TMP/nopin")"
tmux -L "$SOCK" kill-session -t nopin

printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
cat > "$XDG_CONFIG_HOME/clerk/config.ini" <<'INI'
[kiosk]
idle_seconds = 3
countdown_seconds = 2
INI

start_clerk --kiosk
type_text "I want to talk to a human agent about wireless headphones"
keys Enter
wait_for "> I want to talk to a human agent"
type_text "half-typed line"

# Idle: a countdown, then a clean welcome screen.
wait_for "Starting over in" 6
wait_gone "Starting over in" 6
screen | grep -q "Welcome!" || fail "no welcome after the reset"
screen | grep -q "wireless headphones\|half-typed" && fail "the last shopper's conversation is still on screen"
keys Up
sleep 0.3
screen | grep -q "wireless headphones" && fail "the last shopper's history survived the reset"

# The rest takes its time (Argon2 under the sanitizers on a busy machine):
# a kiosk that does not reset while staff work.
tmux -L "$SOCK" kill-server
cat > "$XDG_CONFIG_HOME/clerk/config.ini" <<'INI'
kiosk_idle_seconds = 120
INI
start_clerk --kiosk

# The ways out of an ordinary program do not work.
keys C-c
wait_for "Staff sign-in"
keys Escape
wait_gone "Staff sign-in"
keys C-z
sleep 0.3
keys Escape C-'\'
sleep 0.3
keys Escape
sleep 0.5
screen | grep -q "CLERK-EXIT" && fail "the kiosk quit without the PIN"

# A wrong PIN does not open it.
keys F2
wait_for "Staff sign-in"
type_text "1111"
keys Enter
wait_for "Wrong PIN"
screen | grep -q "1111" && fail "the PIN was echoed"
screen | grep -q "CLERK-EXIT" && fail "the kiosk quit on a wrong PIN"

# The right one reaches the staff menu; hand-offs; quit.
screen | grep -q "Staff sign-in" || fail "a wrong PIN left the sign-in screen"
type_text "2468"
keys Enter
wait_for "Staff mode"
keys 2
wait_for "hand-off requests"
wait_for "talk to a human agent about wireless"
keys Escape
wait_for "Quit the kiosk"

# A customer's orders, by customer id, newest first.
keys 1
wait_for "Customer id, e-mail or order number"
type_text "c-77"
keys Enter
wait_for "50002"
screen | grep -q "50001" || fail "an order of c-77 is missing"
screen | grep -q "50003" && fail "another customer's order is shown"
keys Escape
wait_for "Quit the kiosk"
keys 4
wait_for "Quit the kiosk?"
sleep 1
keys y
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
