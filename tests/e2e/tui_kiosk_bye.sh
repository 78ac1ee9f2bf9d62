#!/usr/bin/env bash
# Kiosk mode: a shopper's goodbye starts the next shopper's screen after a
# few seconds (the goodbye is read first), long before the idle reset: the
# conversation, the cart and the results pane's products are gone.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
cat > "$XDG_CONFIG_HOME/clerk/config.ini" <<'INI'
[kiosk]
idle_seconds = 300
countdown_seconds = 30
INI

start_clerk --kiosk
type_text "wireless headphones"
keys Enter
wait_for "> wireless headphones"
wait_for "Results ([0-9]"
type_text "add the first one to my cart"
wait_for "add the first one to my cart" # on the input line before Enter
keys Enter
wait_for "Cart: 1 item"
wait_for "Results ([0-9]*, earlier)" # the cart's answer leaves the products up
type_text "thanks, that's all, bye"
wait_for "thanks, that.s all, bye"
keys Enter
wait_for "> thanks, that's all, bye"
wait_gone "thanks, that.s all, bye" 25 # a few seconds; more on a loaded machine
screen | grep -q "wireless headphones" && fail "the last shopper's conversation is still on screen"
screen | grep -q "Cart: 1 item" && fail "the last shopper's cart is still on screen"
# the results pane as at a first start: nothing "earlier" for the next
# shopper
screen | grep -q "Results (0)" || fail "the fresh screen's results pane is not empty"
screen | grep -q "earlier" && fail "the fresh screen speaks of earlier results"
check_stderr
echo "ok"
