#!/usr/bin/env bash
# A long UTF-8 line edits correctly: wide characters, combining marks,
# Home/End, Backspace over multi-byte characters, Ctrl-W/Ctrl-K/Ctrl-U, and
# history on Up.
set -euo pipefail
. "$(dirname "$0")/tui_lib.bash"

start_clerk

# Wider than the 100-column window: the field scrolls.
long=""
for i in 1 2 3 4 5 6 7 8 9 10; do long+="ünïcödé 漢字$i "; done
type_text "$long"
sleep 0.3
screen | grep -q "漢字10" || fail "the end of a long line is not shown while typing at its end"
keys Home
sleep 0.3
type_text "START "
sleep 0.3
screen | grep -q "^> START ünïcödé 漢字1 " || fail "Home did not go to the start of a long line"

# Replace the whole line; then edit in the middle of wide characters.
keys C-e C-u
type_text "日本語 café"
keys Home Right Right
type_text "X"
keys End BSpace
sleep 0.3
screen | grep -q "^> 日本X語 caf *$" || fail "editing around wide and accented characters went wrong"

# Ctrl-W deletes the last word, Ctrl-A / Ctrl-K the rest.
type_text " blue shoes"
keys C-w
sleep 0.3
screen | grep -q "^> 日本X語 caf blue *$" || fail "Ctrl-W did not delete one word"
keys C-a Right C-k
sleep 0.3
screen | grep -q "^> 日 *$" || fail "Ctrl-A then Ctrl-K did not cut the rest of the line"

# Combining mark: e + U+0301 goes with one Backspace.
keys C-u
type_text "cafe"$'\xcc\x81'"s"
keys BSpace BSpace
sleep 0.3
screen | grep -q "^> caf *$" || fail "Backspace did not take the accented e whole"

keys C-u
type_text "wireless earbuds"
keys Enter
wait_for "> wireless earbuds"
keys Up
sleep 0.3
screen | grep -q "^> wireless earbuds *$" || fail "Up did not bring back the last line"

# "bye" with an empty cart: the goodbye, then clerk ends.
keys C-u
type_text "bye"
keys Enter
wait_for "CLERK-EXIT=0"
check_stderr
echo "ok"
