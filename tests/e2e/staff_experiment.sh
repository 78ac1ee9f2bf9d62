#!/usr/bin/env bash
# clerk staff experiment on a history made by bench/staff_gen.py: the
# counts are the generator's, the planted effect (blend: b converts at 11%
# against 8%) is found, the null experiment (style) is not, and of 200 more
# null experiments over the same sessions at most 20 are called
# significant at the 5% level (10 expected; 20 or more has a binomial
# probability under 0.2%). Also add, list, stop and usage errors.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}"
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL staff_experiment: $*" >&2; exit 1; }
db="$tmp/shop.db"
python3 "$SRC/bench/staff_gen.py" --clerk "$CLERK" --db "$db" --end 2026-12-01 --days 60 \
	--sessions-per-day 60 --null 200 --truth "$tmp/truth.json" >/dev/null

"$CLERK" staff experiment report blend --db "$db" --json >"$tmp/blend.json"
"$CLERK" staff experiment report style --db "$db" --json >"$tmp/style.json"
python3 - "$tmp/blend.json" "$tmp/style.json" "$tmp/truth.json" <<'PY' || fail "planted and null"
import json, sys
b, s, t = (json.load(open(p)) for p in sys.argv[1:4])
for rep, name in ((b, "blend"), (s, "style")):
    for v in rep["variants"]:
        want = t[name][v["variant"]]
        assert v["exposed"] == want["units"] and v["successes"] == want["converted"], (v, want)
vb = b["variants"][1]["vs_control"]
assert vb["significant"] and vb["difference"] > 0 and vb["ci_low"] > 0, vb
vs = s["variants"][1]["vs_control"]
assert not vs["significant"] and vs["ci_low"] < 0 < vs["ci_high"], vs
PY
"$CLERK" staff experiment report blend --db "$db" | grep -q "significantly higher" \
	|| fail "the sentence on the planted effect"

called=0
for i in $(seq -f '%03g' 0 199); do
	if "$CLERK" staff experiment report "null$i" --db "$db" | grep -q "significantly"; then
		called=$((called + 1))
	fi
done
echo "null experiments called significant: $called of 200 (5% level)"
[ "$called" -le 20 ] || fail "$called of 200 null experiments called significant"

"$CLERK" staff experiment add reply_style --variants short,long,plain --metric add_to_cart \
	--db "$db" >/dev/null || fail "add"
"$CLERK" staff experiment list --db "$db" | grep -q "^reply_style .*running" || fail "list"
"$CLERK" staff experiment stop reply_style --db "$db" >/dev/null || fail "stop"
"$CLERK" staff experiment list --db "$db" --json | python3 -c '
import json, sys
e = {x["name"]: x for x in json.load(sys.stdin)}
assert not e["reply_style"]["running"] and e["reply_style"]["variants"] == ["short", "long", "plain"]
' || fail "list --json"
set +e
"$CLERK" staff experiment add x --variants a --metric conversion --db "$db" >/dev/null 2>&1
[ $? -eq 1 ] || fail "one variant is refused"
"$CLERK" staff experiment add x --variants a,b --db "$db" >/dev/null 2>&1
[ $? -eq 2 ] || fail "add without --metric is a usage error"
"$CLERK" staff experiment report nothing --db "$db" >/dev/null 2>&1
[ $? -eq 1 ] || fail "an unknown experiment is an error"
"$CLERK" staff experiment --db "$db" >/dev/null 2>&1
[ $? -eq 2 ] || fail "no verb is a usage error"
set -e
echo "ok staff_experiment"
