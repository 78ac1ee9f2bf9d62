#!/usr/bin/env bash
# https through the one HTTP client: a certificate clerk cannot verify is a
# failure (there is no switch to skip the check), and config.ini's
# http_ca_file makes the same service trusted, for orders and for feeds.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }
command -v openssl >/dev/null || { echo "skipped: no openssl to make a certificate"; exit 77; }
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "orders_https: $*" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1 || fail "openssl could not make a certificate"
cp "$SRC/tests/fixtures/orders/products.csv" "$tmp/feed.csv"
python3 "$SRC/tests/order_server.py" --catalog "$SRC/tests/fixtures/orders" --token tls-token \
	--tls "$tmp/cert.pem" "$tmp/key.pem" --files "$tmp" --port-file "$tmp/port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
[ -s "$tmp/port" ] || fail "the https order server did not start"
base="https://127.0.0.1:$(cat "$tmp/port")"

db="$tmp/shop.db"
"$CLERK" import --db "$db" "$SRC/tests/fixtures/orders/products.csv" >/dev/null
export CLERK_ORDERS_TOKEN=tls-token
printf '[orders]\ntimeout_ms = 2000\n' >"$tmp/plain.ini"
! CLERK_CONFIG="$tmp/plain.ini" "$CLERK" --script --db "$db" --orders-url "$base" \
	>"$tmp/out" 2>"$tmp/err" <<<$'where is my order 10422?\nann@example.com' ||
	fail "a failed service left exit status 0"
grep -q "^clerk: turn 2: TLS: " "$tmp/err" || fail "the failure is not on stderr: $(cat "$tmp/err")"
grep -q "isn't answering properly right now (TLS: " "$tmp/out" ||
	fail "an unverifiable certificate was not a failure: $(cat "$tmp/out")"
set +e
CLERK_CONFIG="$tmp/plain.ini" "$CLERK" import --db "$db" --replace "$base/files/feed.csv" \
	2>"$tmp/err" >/dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a feed behind an unverifiable certificate: exit $rc"
grep -q "^clerk: cannot fetch .*TLS" "$tmp/err" || fail "feed TLS message: $(cat "$tmp/err")"

printf '[orders]\ntimeout_ms = 2000\n[http]\nca_file = %s\n' "$tmp/cert.pem" >"$tmp/ca.ini"
CLERK_CONFIG="$tmp/ca.ini" "$CLERK" --script --db "$db" --orders-url "$base" \
	>"$tmp/out" <<<$'where is my order 10422?\nann@example.com'
grep -q "10422 is shipped" "$tmp/out" || fail "with the CA file: $(cat "$tmp/out")"
out=$(CLERK_CONFIG="$tmp/ca.ini" "$CLERK" import --db "$db" --replace "$base/files/feed.csv") ||
	fail "the https feed with the CA file failed"
[ "$out" = "imported 3 products" ] || fail "https feed output: $out"
echo "orders_https: ok"
