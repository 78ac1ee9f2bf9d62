#!/usr/bin/env bash
# Runs one dialogue transcript (tests/dialogues/NAME.txt) through
# "$CLERK" --script against a fixture catalog and checks every reply.
#
# Transcript format, one directive a line:
#   # comment                    ignored (so are blank lines)
#   @catalog NAME                fixture folder tests/fixtures/dialogue/NAME (products.csv,
#                                .tsv, .json or .jsonl, with an optional products.map holding
#                                the import --map; optional orders.csv, shipments.csv and
#                                promotions.csv); required, before the first turn
#   @args --customer c1          extra arguments for clerk (optional)
#   > text                       what the shopper types (one turn)
#   < regex                      the turn's output (reply text, comparison, products) must match
#   ! regex                      ... must not match
# Regexes are POSIX extended, matched case-insensitively anywhere in the turn's output.
# Env: CLERK (the binary), SRC (repo root), BUILD (build dir, holds intent.model).
set -euo pipefail

transcript=${1:?usage: run_dialogue.sh TRANSCRIPT}
: "${CLERK:?CLERK must name the clerk binary}"
: "${SRC:?SRC must name the repository root}"
BUILD=${BUILD:-$(dirname "$CLERK")}

fail() { echo "FAIL $(basename "$transcript"): $*" >&2; exit 1; }

catalog=$(sed -n 's/^@catalog[[:space:]]\{1,\}//p' "$transcript" | head -n 1)
[ -n "$catalog" ] || fail "no @catalog line"
fixture="$SRC/tests/fixtures/dialogue/$catalog"
ls "$fixture"/products.* >/dev/null 2>&1 || fail "no fixture catalog $fixture"
read -r -a extra <<<"$(sed -n 's/^@args[[:space:]]\{1,\}//p' "$transcript" | head -n 1)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/assets" "$tmp/data" "$tmp/config"
ln -s "$SRC/assets/lang" "$tmp/assets/lang"
ln -s "$SRC/assets/units.txt" "$tmp/assets/units.txt"
ln -s "$fixture" "$tmp/assets/catalog"
[ -f "$BUILD/intent.model" ] || fail "no intent model at $BUILD/intent.model"

# The inputs, one a line, and the checks keyed by turn number.
grep -E '^> ' "$transcript" | sed 's/^> //' >"$tmp/input" || true
[ -s "$tmp/input" ] || fail "no turns"

env -u CLERK_CONFIG HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
	CLERK_ASSETS="$tmp/assets" CLERK_MODEL="$BUILD/intent.model" \
	"$CLERK" --script --seed 1 ${extra[@]+"${extra[@]}"} <"$tmp/input" >"$tmp/output" 2>"$tmp/stderr" ||
	fail "clerk exited with status $?: $(head -c 500 "$tmp/stderr")"

# Split the output into one file per turn: each record ends with a blank line.
awk -v dir="$tmp" 'BEGIN { n = 1 }
	/^$/ { n++; next }
	{ print > (dir "/turn." n) }' "$tmp/output"

turns=$(wc -l <"$tmp/input")
got=$(grep -c '^$' "$tmp/output" || true)
[ "$got" -eq "$turns" ] || fail "expected $turns replies, got $got"

turn=0
failures=0
while IFS= read -r line; do
	case "$line" in
	'> '*) turn=$((turn + 1)); said=${line#> } ;;
	'< '*|'! '*)
		[ "$turn" -gt 0 ] || fail "a check before the first turn: $line"
		re=${line#? }
		out="$tmp/turn.$turn"
		touch "$out"
		if [ "${line:0:1}" = "<" ]; then
			grep -Eqi -- "$re" "$out" && continue
			echo "turn $turn \"$said\": reply does not match /$re/" >&2
		else
			grep -Eqi -- "$re" "$out" || continue
			echo "turn $turn \"$said\": reply matches forbidden /$re/" >&2
		fi
		echo "--- reply:" >&2
		sed 's/^/    /' "$out" >&2
		failures=$((failures + 1))
		;;
	esac
done <"$transcript"
[ "$failures" -eq 0 ] || fail "$failures check(s) failed"
echo "ok $(basename "$transcript"): $turns turns"
