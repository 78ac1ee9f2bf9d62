#!/usr/bin/env bash
# clerk import from URLs: a good file over http, a 404, a server that never
# answers (with a short CLERK_HTTP_TIMEOUT), and a file:// URL.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "import_url: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
	for _ in $(seq 50); do
		python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "server on port $1 did not start"
}

cp "$SRC/tests/fixtures/import/products.csv" "$tmp/"
port=$(free_port)
(cd "$tmp" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
pids+=($!)
wait_port "$port"

db="$tmp/c.db"
out=$("$CLERK" import --db "$db" "http://127.0.0.1:$port/products.csv") || fail "http import failed"
[ "$out" = "imported 4 products" ] || fail "unexpected output: $out"

set +e
err=$("$CLERK" import --db "$db" "http://127.0.0.1:$port/missing.csv" 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" -eq 1 ] || fail "404 should exit 1, got $rc"
grep -q '^clerk: .*404' <<<"$err" || fail "404 message: $err"

# A server that accepts connections and never answers.
sport=$(free_port)
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $sport)); s.listen(8)
held = []
while True:
    c, _ = s.accept(); held.append(c)
" &
pids+=($!)
wait_port "$sport"
start=$(date +%s)
set +e
err=$(CLERK_HTTP_TIMEOUT=2 "$CLERK" import --db "$db" "http://127.0.0.1:$sport/feed.csv" 2>&1 >/dev/null); rc=$?
set -e
elapsed=$(( $(date +%s) - start ))
[ "$rc" -eq 1 ] || fail "stalled server should exit 1, got $rc"
[ "$elapsed" -le 10 ] || fail "stalled server took ${elapsed}s with a 2 s timeout"
grep -q '^clerk: .*no answer within 2 s' <<<"$err" || fail "stall message: $err"

out=$("$CLERK" import --db "$db" --replace "file://$tmp/products.csv") || fail "file:// import failed"
[ "$out" = "imported 4 products" ] || fail "file:// output: $out"
[ "$(sqlite3 "$db" 'select count(*) from products')" = 4 ] || fail "product count after URL imports"
echo "import_url: ok"
