#!/usr/bin/env bash
# Pass rate of a set of scripted dialogues, counted by checks: each "<" and
# "!" line of a transcript is one check. Prints one line per failing
# dialogue and the totals.
#
# usage: bench/dialogues.sh [DIR] [CLERK] [MODEL]
#   DIR    transcripts (default tests/heldout: the held-out set written from
#          its catalog alone, never tuned on)
#   CLERK  the binary (default build/rel/clerk); MODEL its intent model
#          (default intent.model beside it)
# env: IMPORT=1 loads each fixture with `clerk import --map` and
#      `clerk import --orders` instead of the bundled-catalog folder, so an
#      older clerk that reads only products.csv folders runs the same set
#      (side tables such as shipments and promotions are then not loaded).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/tests/heldout}
clerk=$(cd "$(dirname "${2:-$root/build/rel/clerk}")" && pwd)/$(basename "${2:-clerk}")
model=${3:-$(dirname "$clerk")/intent.model}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

total=0 failed=0 dialogues=0 clean=0
for t in "$dir"/*.txt; do
	checks=$(grep -c '^[<!] ' "$t")
	dialogues=$((dialogues + 1))
	total=$((total + checks))
	if [ "${IMPORT:-0}" = 1 ]; then
		catalog=$(sed -n 's/^@catalog[[:space:]]\{1,\}//p' "$t" | head -n 1)
		fx="$root/tests/fixtures/dialogue/$catalog"
		db="$tmp/$catalog.db"
		if [ ! -f "$db" ]; then
			map=()
			[ -f "$fx/products.map" ] && map=(--map "$(head -n 1 "$fx/products.map")")
			src=$(ls "$fx"/products.csv "$fx"/products.tsv "$fx"/products.json "$fx"/products.jsonl 2>/dev/null | head -n 1)
			"$clerk" import --db "$db" "${map[@]}" "$src" >/dev/null 2>&1 ||
				echo "cannot import $src" >&2
			[ -f "$fx/orders.csv" ] && "$clerk" import --orders --db "$db" "$fx/orders.csv" >/dev/null 2>&1
		fi
		cp "$db" "$tmp/run.db"
		# one @args line: the transcript's own with the --db
		awk -v db="$tmp/run.db" '/^@args/ { a = a " " substr($0, 7); next } { print }
			END { print "@args --db " db a }' "$t" >"$tmp/t.txt"
		run="$tmp/t.txt"
	else
		run=$t
	fi
	out=$(CLERK=$clerk SRC=$root BUILD=$(dirname "$model") bash "$root/tests/run_dialogue.sh" "$run" 2>&1)
	n=$(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) check(s) failed/\1/p' | tail -n 1)
	if [ -z "$n" ] && ! printf '%s\n' "$out" | grep -q '^ok '; then
		n=$checks # the dialogue did not run at all
	fi
	n=${n:-0}
	failed=$((failed + n))
	[ "$n" -eq 0 ] && clean=$((clean + 1)) || echo "FAIL $(basename "$t"): $n of $checks"
done
passed=$((total - failed))
awk -v p="$passed" -v t="$total" -v c="$clean" -v d="$dialogues" 'BEGIN {
	printf "checks passed: %d of %d (%.1f%%); dialogues passed whole: %d of %d\n", p, t, 100 * p / t, c, d }'
