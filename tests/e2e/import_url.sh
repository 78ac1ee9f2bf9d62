#!/usr/bin/env bash
# clerk import from URLs: a good file over http, a 404, a server that never
# answers (with a short CLERK_HTTP_TIMEOUT), a file:// URL, conditional
# re-imports (Last-Modified, ETag) that download nothing when the feed is
# unchanged, and the download's progress only on a terminal.
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
(cd "$tmp" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>"$tmp/http.log") &
pids+=($!)
wait_port "$port"

db="$tmp/c.db"
# (--currency: the note on the currency taken for granted is no progress)
err=$("$CLERK" import --db "$db" --currency USD "http://127.0.0.1:$port/products.csv" 2>&1 >"$tmp/out") ||
	fail "http import failed: $err"
out=$(cat "$tmp/out")
[ "$out" = "imported 4 products" ] || fail "unexpected output: $out"
[ -z "$err" ] || fail "stderr is not a terminal, yet clerk wrote to it: $err"

# The same URL again: If-Modified-Since, a 304, nothing downloaded.
out=$("$CLERK" import --db "$db" "http://127.0.0.1:$port/products.csv") || fail "unchanged import failed"
[ "$out" = "unchanged: http://127.0.0.1:$port/products.csv is as it was at its last import" ] ||
	fail "unchanged output: $out"
grep -q '"GET /products.csv HTTP/1.1" 304' "$tmp/http.log" || fail "no 304 in the server log"
# Another mapping is another import: the feed is fetched whole.
out=$("$CLERK" import --db "$db" --replace --map tags=color "http://127.0.0.1:$port/products.csv") ||
	fail "import with another mapping failed"
[ "$out" = "imported 4 products" ] || fail "another mapping output: $out"

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

# A feed with an ETag: unchanged once, then changed.
eport=$(free_port)
python3 - "$eport" "$tmp/products.csv" >/dev/null 2>&1 <<'PY' &
import http.server, sys
port, path = int(sys.argv[1]), sys.argv[2]
state = {"version": 1, "full": 0}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/bump":
            state["version"] += 1
            body = b"ok"
        elif self.path == "/count":
            body = str(state["full"]).encode()
        else:
            etag = '"v%d"' % state["version"]
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304); self.send_header("ETag", etag); self.end_headers()
                return
            state["full"] += 1
            body = open(path, "rb").read()
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PY
pids+=($!)
wait_port "$eport"
edb="$tmp/e.db"
feed="http://127.0.0.1:$eport/feed.csv"
get() { python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "$1"; }
out=$("$CLERK" import --db "$edb" "$feed") || fail "etag import failed"
[ "$out" = "imported 4 products" ] || fail "etag import output: $out"
out=$("$CLERK" import --db "$edb" "$feed") || fail "unchanged etag import failed"
[ "$out" = "unchanged: $feed is as it was at its last import" ] || fail "etag unchanged output: $out"
[ "$(get "http://127.0.0.1:$eport/count")" = 1 ] || fail "the unchanged feed was downloaded again"
get "http://127.0.0.1:$eport/bump" >/dev/null
out=$("$CLERK" import --db "$edb" --replace "$feed") || fail "changed etag import failed"
[ "$out" = "imported 4 products" ] || fail "changed feed output: $out"
[ "$(get "http://127.0.0.1:$eport/count")" = 2 ] || fail "the changed feed was not downloaded"
# A failed import records nothing: the next one fetches the feed again.
get "http://127.0.0.1:$eport/bump" >/dev/null
set +e
"$CLERK" import --db "$edb" "$feed" >/dev/null 2>&1; rc=$?  # no --replace: duplicates
set -e
[ "$rc" -eq 1 ] || fail "a duplicate import should fail, got $rc"
out=$("$CLERK" import --db "$edb" --replace "$feed") || fail "import after a failed one failed"
[ "$out" = "imported 4 products" ] || fail "after a failed import: $out"

# Progress on a terminal for a large download, and nothing on a pipe.
python3 - "$tmp/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,price,description\n")
    for i in range(60000):
        f.write("B%d,Big product %d,9.99,%s\n" % (i, i, "x" * 80))
PY
bdb="$tmp/b.db"
python3 - "$CLERK" "$bdb" "http://127.0.0.1:$port/big.csv" >"$tmp/pty.out" <<'PY' || fail "import on a pty failed"
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen([sys.argv[1], "import", "--db", sys.argv[2], sys.argv[3]],
                     stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
seen = b""
while True:
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
out = p.stdout.read()
sys.exit(p.wait() or (0 if b"downloading [" in seen and b"100%" in seen and out == b"imported 60000 products\n" else 3))
PY

out=$("$CLERK" import --db "$db" --replace "file://$tmp/products.csv") || fail "file:// import failed"
[ "$out" = "imported 4 products" ] || fail "file:// output: $out"
[ "$(sqlite3 "$db" 'select count(*) from products')" = 4 ] || fail "product count after URL imports"
echo "import_url: ok"
