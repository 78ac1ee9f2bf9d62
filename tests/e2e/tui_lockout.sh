#!/usr/bin/env bash
# Five wrong staff PINs lock the kiosk's sign-in, and restarting clerk does
# not unlock it: the count and the lock live in the database.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
cat > "$XDG_CONFIG_HOME/clerk/config.ini" <<'INI'
kiosk_lockout_seconds = 600
INI

start_clerk --kiosk
keys F2
wait_for "Staff sign-in"
for i in 1 2 3 4; do
	type_text "000$i"
	keys Enter
	wait_for "$((5 - i)) attempt"
done
type_text "0005"
keys Enter
wait_for "locked for 10 minutes"

# The box stays open: what staff type next is masked there, never shown in
# the shopper's chat.
screen | grep -q "Staff sign-in" || fail "the sign-in box closed on the lock"
type_text "4242"
wait_for "PIN: \*\*\*\*"
screen | grep -q "4242" && fail "a PIN typed after the lock shows in clear"
keys Escape

# Opened again, the box says it is locked before a PIN is typed, and even
# the right PIN is refused.
keys F2
wait_for "Staff sign-in"
wait_for "locked for 10 minutes"
type_text "2468"
keys Enter
wait_for "locked"
screen | grep -q "Staff mode" && fail "signed in while locked"

# A restart keeps the lock. (The kiosk cannot be quit: end its server.)
tmux -L "$SOCK" kill-server
start_clerk --kiosk
keys C-c
wait_for "Staff sign-in"
type_text "2468"
keys Enter
wait_for "locked"
screen | grep -q "Staff mode" && fail "a restart reset the lock"
check_stderr
echo "ok"
