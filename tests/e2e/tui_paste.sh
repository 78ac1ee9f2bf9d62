#!/usr/bin/env bash
# A Tab inside pasted text is part of the text, not the Tab key: pasted
# "wireless<Tab>headphones" stays those two words on the input line
# instead of taking a suggestion chip or completion in the middle. A Tab
# typed on its own still takes them.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

start_clerk
type_text "headphones"
keys Enter
wait_for "Results ([1-9]"
wait_for "^Try: 1 "

printf 'wireless\theadphones under 90' >"$TMP/paste"
tmux -L "$SOCK" load-buffer -b pasted "$TMP/paste"
tmux -L "$SOCK" paste-buffer -b pasted -t clerk
wait_for "under 90"
screen | grep -q "^> wireless headphones under 90" ||
	fail "the pasted Tab acted as a key: $(screen | grep '^> ' | tail -1)"
keys Enter
wait_for "> wireless headphones under 90"

# typed on its own, Tab is the key: the first chip
chips=$(screen | grep "^Try: 1 " || true)
first=$(echo "$chips" | sed -e 's/^Try: 1 //' -e 's/  [0-9] .*//')
[ -n "$first" ] || fail "no chips after the search"
keys Tab
sleep 0.3
screen | grep -qF "> $first" || fail "a typed Tab did not take the first chip '$first'"
check_stderr
echo "ok"
