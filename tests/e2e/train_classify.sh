#!/usr/bin/env bash
# clerk train / clerk classify end to end: train on a small fixture, classify,
# reject corrupt and other-version models, survive empty, binary and 1 MB lines.
set -euo pipefail
: "${CLERK:?CLERK must name the clerk binary}" "${SRC:?SRC must name the repository}"
fix="$SRC/tests/fixtures/intent"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "train_classify: $*" >&2; exit 1; }

"$CLERK" train --data "$fix/small.csv" --out "$tmp/m" >"$tmp/out" || fail "train failed"
[ -s "$tmp/m" ] || fail "no model written"
grep -q "60 utterances, 6 intents" "$tmp/out" || fail "unexpected summary: $(cat "$tmp/out")"

printf 'hello there\nwhere is my order 4411\nplease cancel my order\nwhat is the weather like\n' |
	"$CLERK" classify --model "$tmp/m" >"$tmp/got"
cut -f1 "$tmp/got" | tr '\n' ' ' >"$tmp/labels"
[ "$(cat "$tmp/labels")" = "greet order_status cancel_order out_of_scope " ] ||
	fail "wrong labels: $(cat "$tmp/labels")"
awk -F'\t' 'NF != 2 || $2 < 0 || $2 > 1 { exit 1 }' "$tmp/got" || fail "bad INTENT<TAB>CONFIDENCE lines"

# a folder of CSVs trains too
"$CLERK" train --data "$fix/dir" --out "$tmp/d" >/dev/null || fail "training from a folder failed"

# usage errors exit 2, bad data exits 1 with one clerk: line naming the row
set +e
"$CLERK" train --data "$fix/small.csv" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing --out: exit $rc, want 2"
"$CLERK" classify >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing --model: exit $rc, want 2"
"$CLERK" train --data "$fix/bad_row.csv" --out "$tmp/x" 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "bad row: exit $rc, want 1"
grep -q '^clerk: .*bad_row.csv:2' "$tmp/err" || fail "bad row message: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "error is not one line"

# corrupt model: one byte changed in the middle
cp "$tmp/m" "$tmp/corrupt"
size=$(stat -c %s "$tmp/corrupt")
printf '\x5a' | dd of="$tmp/corrupt" bs=1 seek=$((size / 2)) conv=notrunc status=none
echo hi | "$CLERK" classify --model "$tmp/corrupt" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "corrupt model: exit $rc, want 1"
grep -q '^clerk: .*corrupt' "$tmp/err" || fail "corrupt model message: $(cat "$tmp/err")"

# another format version (bytes 8-11 hold it)
cp "$tmp/m" "$tmp/v9"
printf '\x09\x00\x00\x00' | dd of="$tmp/v9" bs=1 seek=8 conv=notrunc status=none
echo hi | "$CLERK" classify --model "$tmp/v9" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "other version: exit $rc, want 1"
grep -q '^clerk: .*version 9' "$tmp/err" || fail "version message: $(cat "$tmp/err")"

# truncated and missing models
head -c 100 "$tmp/m" >"$tmp/short"
echo hi | "$CLERK" classify --model "$tmp/short" >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "truncated model: exit $rc, want 1"
echo hi | "$CLERK" classify --model "$tmp/nope" >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "missing model: exit $rc, want 1"
set -e

# bad input: empty, binary, escapes, emoji, a 1 MB line; one answer per line
{
	printf '\n'
	printf '\xff\xfe\x00\x01binary\x02\n'
	printf '\x1b[31mred\x1b[0m\r\n'
	printf '\xf0\x9f\x98\x80\xf0\x9f\x9b\x92 caf\xc3\xa9 \xe4\xbd\xa0\xe5\xa5\xbd\n'
	head -c 1048576 /dev/zero | tr '\0' 'x'
	printf '\n'
	head -c 1048576 /dev/zero | tr '\0' ' '
	printf '\n'
} >"$tmp/bad"
"$CLERK" classify --model "$tmp/m" <"$tmp/bad" >"$tmp/got" || fail "classify failed on bad input"
[ "$(wc -l <"$tmp/got")" -eq 6 ] || fail "want 6 answers, got $(wc -l <"$tmp/got")"
awk -F'\t' 'NF != 2 || $2 < 0 || $2 > 1 { exit 1 }' "$tmp/got" || fail "bad answer on bad input"
echo "train_classify: ok"
