#!/usr/bin/env bash
# bench/intent.sh [BUILD_DIR]: the intent classifier beside fastText on the same
# data in the same run: in-scope accuracy, out-of-scope recall, training time
# and classification speed on one core.
#
#   1. Bitext: train on train.csv, measure on validation.csv (target >= 99%).
#   1b. BANKING77 (77 banking intents): train.csv -> test.csv, a rejection
#      counted as an error (target >= 93%); then 15 intents held out of
#      training as unseen out-of-scope queries, 3 seeds.
#   2. Bitext with 5 intents held out of training as unseen out-of-scope
#      queries and 30 rows per remaining intent: a harder, CLINC-like
#      simulation of generalization and OOS detection; seed 0 beside
#      fastText, then the mean and spread over 10 seeds (another choice of
#      held-out intents and rows each time).
#   3. The assistant's hand-written rows (assets/intents: short everyday
#      sentences, 22 intents and real out-of-scope queries): 30% of each
#      intent's rows tested, 4 intents held out of training, the
#      out_of_scope rows never trained (all tested as OOS); 10 seeds.
#   4. 150 intents x 100 rows built from Bitext: training time and speed at
#      the scale of a 150-intent corpus (targets: < 10 s, > 200,000/s).
#
# Each single run prints the acceptance threshold's trade-off curve (in-scope
# accuracy against OOS recall for thresholds that turn away 0-40% of in-scope
# rows; training picks the point with MAX_REJECT percent, default 2) and the
# 20 most confused pairs of intents.
#
# BUILD_DIR defaults to build/intent-rel (configured Release if missing);
# BENCH_INTENT may name a bench_intent binary built elsewhere.
# DATA may point at another folder holding train.csv and validation.csv,
# BANKING77 at one holding BANKING77's train.csv and test.csv.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build/intent-rel}
data=${DATA:-$top/../shared/data/intents/bitext}
banking=${BANKING77:-$top/../shared/data/intents/banking77}
reject=(--max-reject "${MAX_REJECT:-2}")
bench=${BENCH_INTENT:-}
if [ -z "$bench" ]; then
	[ -f "$build/CMakeCache.txt" ] ||
		cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCLERK_TESTS=OFF >/dev/null
	cmake --build "$build" --target bench_intent -j2 >/dev/null
	bench="$build/bench_intent"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

have_ft=1
command -v fasttext >/dev/null 2>&1 || { have_ft=0; echo "fasttext not installed: skipping the comparison"; }

now() { date +%s.%N; }

# fastText's input: lower case, punctuation split from words.
prep() { tr 'A-Z' 'a-z' | sed 's/[[:punct:]]/ & /g'; }

fasttext_run() {
	local dir=$1
	sed 's/^__label__[^ ]* //' "$dir/test.txt" | prep >"$dir/test_text.txt"
	cut -d' ' -f1 "$dir/test.txt" >"$dir/test_labels.txt"
	cut -d' ' -f1 "$dir/train.txt" >"$dir/train_labels.txt"
	sed 's/^__label__[^ ]* //' "$dir/train.txt" | prep >"$dir/train_text.txt"
	paste -d' ' "$dir/train_labels.txt" "$dir/train_text.txt" >"$dir/train_prep.txt"
	local t0 t1
	t0=$(now)
	fasttext supervised -input "$dir/train_prep.txt" -output "$dir/ft" -epoch 25 -lr 1.0 \
		-wordNgrams 2 -minn 3 -maxn 5 -dim 100 -thread 1 -verbose 0 >/dev/null
	t1=$(now)
	fasttext predict "$dir/ft.bin" "$dir/test_text.txt" >"$dir/pred.txt"
	paste -d' ' "$dir/test_labels.txt" "$dir/pred.txt" | awk -v secs="$(echo "$t1 - $t0" | bc)" '
		{ oos = ($1 == "__label__out_of_scope") }
		oos { n_oos++; ok_oos += ($2 == "__label__out_of_scope") }
		!oos { n_in++; ok_in += ($1 == $2) }
		END { printf "fasttext: in-scope accuracy %.2f%%, OOS recall %.2f%% (no threshold), training %.2f s\n",
		      n_in ? 100 * ok_in / n_in : 0, n_oos ? 100 * ok_oos / n_oos : 0, secs }'
	# speed: the test lines repeated to 200,000, one thread, model load included
	awk -v n=200000 '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' \
		"$dir/test_text.txt" >"$dir/many.txt"
	t0=$(now)
	fasttext predict "$dir/ft.bin" "$dir/many.txt" >/dev/null
	t1=$(now)
	echo "fasttext: classification $(echo "200000 / ($t1 - $t0)" | bc) utterances/s (one core, model load included)"
}

# scenario TITLE BENCH_ARGS...: one run (seed 0) beside fastText on the same split
scenario() {
	local title=$1; shift
	echo "== $title"
	mkdir -p "$tmp/ft"
	"$bench" --fasttext-dir "$tmp/ft" --curve "${reject[@]}" "$@"
	if [ $have_ft = 1 ]; then fasttext_run "$tmp/ft"; fi
	rm -rf "$tmp/ft"
}

bitext=(--train "$data/train.csv" --test "$data/validation.csv")
scenario "Bitext: train.csv -> validation.csv" "${bitext[@]}"
if [ -f "$banking/train.csv" ]; then
	b77=(--train "$banking/train.csv" --test "$banking/test.csv")
	scenario "BANKING77: train.csv -> test.csv" "${b77[@]}"
	scenario "BANKING77, 15 intents held out as OOS" "${b77[@]}" --hold-out 15
	echo "== the same over 3 seeds"
	"$bench" "${b77[@]}" --hold-out 15 "${reject[@]}" --runs 3 | tail -1
fi
sim=("${bitext[@]}" --hold-out 5 --per-intent 30)
scenario "Bitext, 5 intents held out as OOS, 30 rows per intent" "${sim[@]}"
echo "== the same over 10 seeds"
"$bench" "${sim[@]}" "${reject[@]}" --runs 10 | tail -1
assets=(--train "$top/assets/intents" --split 0.3 --hold-out 4 --no-oos-train)
scenario "assets/intents: 30% of rows tested, 4 intents held out, OOS rows never trained" "${assets[@]}"
echo "== the same over 10 seeds"
"$bench" "${assets[@]}" "${reject[@]}" --runs 10 | tail -1
echo "== 150 intents x 100 rows built from Bitext (timing only)"
"$bench" "${bitext[@]}" --synthetic 150 | grep synthetic
