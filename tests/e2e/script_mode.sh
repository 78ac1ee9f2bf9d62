#!/usr/bin/env bash
# Script mode end to end: the JSON turn record on every line, text mode's
# shape, reproducible wording, garbage input (binary, a 1 MB line, escape
# sequences), exit 1 without a model, and a
# customer's cart surviving kill -9.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL script_mode: $*" >&2; exit 1; }

db="$tmp/shop.db"
"$CLERK" import --db "$db" "$SRC/tests/fixtures/dialogue/outdoor/products.csv" >/dev/null
"$CLERK" import --db "$db" --orders "$SRC/tests/fixtures/dialogue/outdoor/orders.csv" >/dev/null
export CLERK_MODEL="$BUILD/intent.model" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp"
unset CLERK_CONFIG
run() { "$CLERK" --script --db "$db" "$@"; }

# 1. Every JSON line has every key, and entities every entity key.
printf 'hello\nshow me tents under $300\ncompare the first two\nadd it\nwhere is my order 50002?\n' |
	run --json --seed 3 >"$tmp/out.json"
[ "$(wc -l <"$tmp/out.json")" -eq 5 ] || fail "expected 5 JSON lines"
python3 - "$tmp/out.json" <<'PY' || fail "JSON records do not follow the contract"
import json, sys
keys = {"turn", "input", "intent", "confidence", "entities", "reply", "products", "suggestions"}
ents = {"price_min", "price_max", "brand", "category", "color", "size", "quantity",
        "ordinal", "order_id", "email", "postcode"}
for n, line in enumerate(open(sys.argv[1]), 1):
    o = json.loads(line)
    assert keys <= set(o), (n, keys - set(o))
    assert ents <= set(o["entities"]), (n, ents - set(o["entities"]))
    assert o["turn"] == n
    assert isinstance(o["reply"], str) and o["reply"]
    assert 2 <= len(o["suggestions"]) <= 4, (n, o["suggestions"])
    for p in o["products"]:
        assert {"id", "name", "price", "brand", "rating"} <= set(p)
rec = [json.loads(l) for l in open(sys.argv[1])]
assert rec[1]["entities"]["price_max"] == 300
assert rec[1]["products"], "a search shows products"
assert all(p["price"] <= 300 for p in rec[1]["products"])
PY

# 2. The same seed gives the same transcript; text mode ends each turn with a blank line.
printf 'hi\nshow me stoves\nthanks\n' | run --seed 7 >"$tmp/a.txt"
printf 'hi\nshow me stoves\nthanks\n' | run --seed 7 >"$tmp/b.txt"
cmp -s "$tmp/a.txt" "$tmp/b.txt" || fail "the same seed gave different replies"
[ "$(grep -c '^$' "$tmp/a.txt")" -eq 3 ] || fail "text mode: one blank line per turn"
grep -q '^1\. .*Stove' "$tmp/a.txt" || fail "text mode lists products one a line"

# 3. Garbage: binary, a 1 MB line, escape sequences. Exit 0, one reply each,
#    no control characters in the output.
python3 -c '
import sys
o = sys.stdout.buffer
o.write(b"\x00\x01\x02\xff\xfe\x80 binary\n")
o.write(b"y" * 1048576 + b"\n")
o.write(b"\x1b[2J\x1b]0;pwned\x07show me tents\n")
o.write(b"compare the 9th one\n")
' >"$tmp/garbage"
run --json <"$tmp/garbage" >"$tmp/garbage.out" || fail "garbage input made clerk fail"
[ "$(wc -l <"$tmp/garbage.out")" -eq 4 ] || fail "expected 4 replies to 4 garbage lines"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/garbage.out"; then
	fail "control characters reached the output"
fi
grep -q 'longer than' "$tmp/garbage.out" || fail "a cut line is not noted"
[ "$(stat -c %s "$tmp/garbage.out")" -lt 200000 ] || fail "the 1 MB line was echoed whole"

# 4. No model: one line on stderr, exit 1.
set +e
echo hi | CLERK_MODEL="$tmp/missing.model" "$CLERK" --script --db "$db" >/dev/null 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a missing model should exit 1, not $rc"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^clerk: ' "$tmp/err" || fail "missing model: one clerk: line"

# 5. A committed cart survives kill -9 of the process.
mkfifo "$tmp/fifo"
run --customer kill9 <"$tmp/fifo" >"$tmp/k.out" &
pid=$!
exec 3>"$tmp/fifo"
printf 'show me headlamps\nadd the first one\n' >&3
for _ in $(seq 1 100); do
	grep -q 'cart' "$tmp/k.out" 2>/dev/null && break
	sleep 0.1
done
kill -9 "$pid" 2>/dev/null || true
exec 3>&-
wait "$pid" 2>/dev/null || true
echo "what's in my cart?" | run --customer kill9 >"$tmp/k2.out"
grep -q '1 x' "$tmp/k2.out" || fail "the cart did not survive kill -9: $(cat "$tmp/k2.out")"

# 6. Usage errors exit 2.
set +e
run --seed abc </dev/null >/dev/null 2>&1; [ $? -eq 2 ] || fail "--seed abc should exit 2"
run --bogus </dev/null >/dev/null 2>&1; [ $? -eq 2 ] || fail "--bogus should exit 2"
set -e
echo "ok script_mode"
