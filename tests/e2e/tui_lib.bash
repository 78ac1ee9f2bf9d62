# Shared set-up for the tests/e2e/tui_*.sh tests (sourced, not run: the
# name does not end in .sh so ctest does not pick it up).
#
# Each test gets its own tmux server (-L clerk-test-PID), a temp HOME and
# XDG folders, a fixture catalog imported with `clerk import`, and an intent
# model (the build's, or one trained from the small fixture). Everything is
# removed by the EXIT trap.

: "${CLERK:?CLERK must name the clerk binary}"
: "${SRC:?SRC must name the repository}"
command -v tmux >/dev/null || { echo "tui test: tmux is not installed" >&2; exit 1; }

TMP=$(mktemp -d)
SOCK="clerk-test-$$"
tui_cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	rm -rf "$TMP"
}
trap tui_cleanup EXIT

export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CLERK_CONFIG NO_COLOR
mkdir -p "$HOME" "$XDG_CONFIG_HOME/clerk" "$XDG_DATA_HOME"
DB="$TMP/clerk.db"

# Starts tests/order_server.py on the fixture orders for a TUI test: sets
# $base to its URL and stops it at exit; post URL drives its modes
# ("$base/_mode/stall?seconds=8"). Skips the test without python3.
start_order_server() {
	command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }
	python3 "$SRC/tests/order_server.py" --catalog "$SRC/tests/fixtures/orders" \
		--port-file "$TMP/port" >/dev/null 2>&1 &
	ORDER_SERVER=$!
	trap 'kill $ORDER_SERVER 2>/dev/null || true; tui_cleanup' EXIT
	for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.05; done
	[ -s "$TMP/port" ] || fail "the order server did not start"
	base="http://127.0.0.1:$(cat "$TMP/port")"
}
post() {
	python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], data=b"", method="POST"))' "$1"
}
# config.ini naming the order server (answers cut at 3 s, not retried),
# the lines given before its [orders] section; then the server stalls for
# SECONDS: stall_order_service SECONDS [LINE ...]
stall_order_service() {
	local seconds=$1
	shift
	{
		[ $# -eq 0 ] || printf '%s\n' "$@"
		printf '[orders]\nurl = %s\ntimeout_ms = 3000\nretries = 0\n' "$base"
	} >"$XDG_CONFIG_HOME/clerk/config.ini"
	post "$base/_mode/stall?seconds=$seconds"
}

# A kiosk counter with work waiting: staff PIN 2468, no idle reset for
# 10 minutes, two kiosk orders (their replies in $TMP/order1, order2) and a
# hand-off, placed the way shoppers would.
kiosk_counter_with_orders() {
	printf '2468\n' | "$CLERK" kiosk-pin --db "$DB" >/dev/null || fail "kiosk-pin"
	printf 'kiosk_idle_seconds = 600\n' >"$XDG_CONFIG_HOME/clerk/config.ini"
	local i
	for i in 1 2; do
		printf 'show me headphones\nadd the second one\ncheckout\nyes\n' |
			"$CLERK" --script --kiosk --db "$DB" --model "$MODEL" >"$TMP/order$i"
		grep -q "pickup reference is P" "$TMP/order$i" || fail "no pickup reference: $(cat "$TMP/order$i")"
	done
	printf 'can I speak to a human please\n' |
		"$CLERK" --script --kiosk --db "$DB" --model "$MODEL" >/dev/null
}

fail() {
	echo "FAIL: $*" >&2
	if tmux -L "$SOCK" has-session 2>/dev/null; then
		echo "--- screen ---" >&2
		tmux -L "$SOCK" capture-pane -p -t clerk >&2 || true
	fi
	[ -s "$TMP/stderr" ] && { echo "--- clerk stderr ---" >&2; cat "$TMP/stderr" >&2; }
	exit 1
}

# Under memcheck (scripts/test --valgrind sets CLERK_TEST_SLOW) clerk
# answers a key many times slower: the pauses the tests take after keys
# grow with it (wait_for and wait_gone scale their limits themselves).
if [ "${CLERK_TEST_SLOW:-1}" -gt 1 ]; then
	sleep() { command sleep "$(awk -v s="$1" -v k="$CLERK_TEST_SLOW" 'BEGIN { print s * k }')"; }
fi

# The fixture catalog (TUI_PRODUCTS names another in tests/fixtures/tui),
# and a model to classify with.
"$CLERK" import --db "$DB" "$SRC/tests/fixtures/tui/${TUI_PRODUCTS:-products.csv}" >/dev/null \
	|| fail "importing the fixture catalog"
# The orders are of the default catalog's products.
if [ -z "${TUI_PRODUCTS:-}" ]; then
	"$CLERK" import --orders --db "$DB" "$SRC/tests/fixtures/tui/orders.csv" >/dev/null \
		|| fail "importing the fixture orders"
fi
if [ -n "${BUILD:-}" ] && [ -f "$BUILD/intent.model" ]; then
	MODEL="$BUILD/intent.model"
else
	MODEL="$TMP/intent.model"
	"$CLERK" train --data "$SRC/tests/fixtures/intent/small.csv" --out "$MODEL" >/dev/null \
		|| fail "training a model"
fi

# start_clerk [ARGS...]: clerk in a tmux window named clerk, 100x30 or
# TUI_SIZE ("COLSxROWS"), with the variables in CLERK_ENV ("NAME=value ...")
# set for it.
start_clerk() {
	local cmd
	cmd="env ${CLERK_ENV:-} $(printf '%q ' "$CLERK" --db "$DB" --model "$MODEL" "$@")"
	# A server killed just before may still be shutting down ("server exited
	# unexpectedly"): try again briefly.
	local try
	for ((try = 0; try < 20; try++)); do
		local size=${TUI_SIZE:-100x30}
		tmux -u -L "$SOCK" -f /dev/null new-session -d -s clerk -x "${size%x*}" -y "${size#*x}" \
			"$cmd 2>'$TMP/stderr'; echo CLERK-EXIT=\$?; sleep 600" 2>/dev/null && break
		command sleep 0.2
	done
	tmux -L "$SOCK" has-session -t clerk 2>/dev/null || fail "tmux could not start a session"
	tmux -L "$SOCK" set -g window-size manual 2>/dev/null || true
	wait_for "Ask\|Type what you" 10
}

screen() {
	tmux -L "$SOCK" capture-pane -p -t clerk
}

# resize COLS ROWS: the window to that size, once the screen has followed.
resize() {
	tmux -L "$SOCK" resize-window -t clerk -x "$1" -y "$2"
	sleep 0.3
}

keys() {
	tmux -L "$SOCK" send-keys -t clerk "$@"
}

# Types text literally (UTF-8 as is).
type_text() {
	tmux -L "$SOCK" send-keys -t clerk -l "$1"
}

# wait_for PATTERN [SECONDS]: polls the screen until grep finds PATTERN.
wait_for() {
	local pattern=$1 secs=$((${2:-10} * ${CLERK_TEST_SLOW:-1})) i
	for ((i = 0; i < secs * 10; i++)); do
		if screen | grep -q -- "$pattern"; then
			return 0
		fi
		command sleep 0.1
	done
	fail "waited ${secs}s for '$pattern'"
}

# wait_gone PATTERN [SECONDS]: polls until PATTERN is no longer on screen.
wait_gone() {
	local pattern=$1 secs=$((${2:-10} * ${CLERK_TEST_SLOW:-1})) i
	for ((i = 0; i < secs * 10; i++)); do
		if ! screen | grep -q -- "$pattern"; then
			return 0
		fi
		command sleep 0.1
	done
	fail "waited ${secs}s for '$pattern' to go"
}

# The sanitizers' and memcheck's reports land in clerk's stderr.
check_stderr() {
	if grep -q "AddressSanitizer\|LeakSanitizer\|runtime error\|^==[0-9]*== " "$TMP/stderr" 2>/dev/null; then
		fail "sanitizer report"
	fi
}
