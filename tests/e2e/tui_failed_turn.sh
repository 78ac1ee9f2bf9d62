#!/usr/bin/env bash
# A turn that fails inside the TUI: the screen says something went wrong,
# the cause goes to the log ($XDG_STATE_HOME/clerk/clerk.log), and on exit
# clerk names the log on stderr and exits 1.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

export XDG_STATE_HOME="$TMP/state"
# A catalog that cannot keep a cart: adding to it fails inside the turn.
sqlite3 "$DB" "DROP TABLE cart_items"
start_clerk
type_text "wireless headphones"
keys Enter
wait_for "Aurora Wireless Headphones"
type_text "add the first one"
keys Enter
wait_for "went wrong"
log="$XDG_STATE_HOME/clerk/clerk.log"
[ -s "$log" ] || fail "no log at $log"
grep -Eq '^[0-9T:-]+ clerk: .*cart_items' "$log" || fail "the log lacks the cause: $(cat "$log")"
keys C-c
wait_for "CLERK-EXIT=1"
grep -q "^clerk: a turn failed; the cause is in $log$" "$TMP/stderr" ||
	fail "stderr does not name the log: $(cat "$TMP/stderr")"
check_stderr
echo "ok"
