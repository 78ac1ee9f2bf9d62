#!/usr/bin/env bash
# The bundled demo catalog answers the examples the README and the task
# give: "wireless headphones under $80" (where "wireless" is also a yes/no
# key of some chargers), "compare the first two", a tie on battery life,
# "headphones under 100", and an order asked for its email.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}" "${BUILD:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL demo_catalog: $*" >&2; exit 1; }
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
	XDG_STATE_HOME="$tmp/state" CLERK_ASSETS="$SRC/assets" CLERK_MODEL="$BUILD/intent.model"
unset CLERK_CONFIG

out=$(printf 'wireless headphones under $80\ncompare the first two\nwhich has the longer battery life\n' |
	"$CLERK" --script --seed 1)
grep -q 'Tune 520BT On-Ear Headphones' <<<"$out" || fail "wireless headphones under \$80: $out"
grep -qi "couldn't find\|nothing matches\|no products" <<<"$out" && fail "a headline search found nothing: $out"
grep -q 'Side by side' <<<"$out" || fail "compare the first two: $out"
grep -q 'same on that: 57 h' <<<"$out" || fail "a tie on battery life: $out"
grep -qi 'moto g' <<<"$out" && fail "a superlative left the list for a phone: $out"

out=$(printf 'headphones under 100\n' | "$CLERK" --script --seed 1)
grep -q 'under \$100\|Headphones' <<<"$out" || fail "headphones under 100: $out"

out=$(printf 'where is my order 10422?\n' | "$CLERK" --script --json --seed 1)
grep -q '"intent":"order_status"' <<<"$out" || fail "order intent: $out"
grep -q 'email or postcode' <<<"$out" || fail "order verification: $out"
echo "demo_catalog: ok"
