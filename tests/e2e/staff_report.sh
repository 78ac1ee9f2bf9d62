#!/usr/bin/env bash
# clerk staff report, forecast and pricing on a history made by
# bench/staff_gen.py, whose truth is known: the report counts what was
# generated, the forecast beats the seasonal naive on a seasonal series,
# the planted elasticities come out with the right sign and order, and a
# price is changed only by `pricing apply`, within the bounds, logged.
set -euo pipefail
: "${CLERK:?}" "${SRC:?}"
command -v python3 >/dev/null || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL staff_report: $*" >&2; exit 1; }
db="$tmp/shop.db"
python3 "$SRC/bench/staff_gen.py" --clerk "$CLERK" --db "$db" --end 2026-12-01 \
	--sessions-per-day 25 --truth "$tmp/truth.json" >/dev/null

"$CLERK" staff report --db "$db" --since 2026-06-01 --until 2026-12-01 --json >"$tmp/report.json"
python3 - "$tmp/report.json" "$tmp/truth.json" <<'PY' || fail "report figures"
import json, sys
r, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert r["conversations"] == t["sessions"], (r["conversations"], t["sessions"])
assert r["handoffs"] == t["handoffs"] and r["handoffs_closed"] == t["handoffs_closed"]
assert 0.08 < r["zero_result_rate"] < 0.2, r["zero_result_rate"]
assert 0 < r["click_through_shown"] < 0.2 and 0 < r["click_through_recommended"] < 0.25
assert 0.05 < r["conversion_rate"] < 0.15 and r["add_to_cart_rate"] >= r["conversion_rate"]
assert r["orders"] > 0 and abs(r["average_order_value"] - r["revenue"] / r["orders"]) < 0.01
assert r["top_zero_result_queries"] and r["top_out_of_scope"]
seg = {s["segment"]: s["lifetime_value"] for s in r["lifetime_value"]}
assert seg["1 order"] < seg["2-4 orders"] < seg["5+ orders"], seg
assert len(r["daily"]) == 184, len(r["daily"])
PY
"$CLERK" staff report --db "$db" --since 2026-10-01 --until 2026-12-01 >"$tmp/report.txt"
grep -q "zero-result rate" "$tmp/report.txt" || fail "text report"
grep -q "▁\|▂\|▃\|▄\|▅\|▆\|▇\|█" "$tmp/report.txt" || fail "no sparklines in the text report"

# the forecast: weekly seasonality is planted, so Holt-Winters beats the
# seasonal naive on the shop's total
"$CLERK" staff forecast --db "$db" --top 3 --days 14 --json >"$tmp/fc.json"
python3 - "$tmp/fc.json" <<'PY' || fail "forecast"
import json, sys
f = json.load(open(sys.argv[1]))
t = f["total"]
assert len(t["forecast"]) == 14 and len(f["products"]) == 3
assert 0 < t["smape"] < t["smape_seasonal_naive"], (t["smape"], t["smape_seasonal_naive"])
PY
"$CLERK" staff forecast --db "$db" --category Tents --region SW --top 10 >"$tmp/fc.txt"
grep -q "sMAPE" "$tmp/fc.txt" || fail "forecast text"
grep -q "REORDER" "$tmp/fc.txt" || fail "no reorder hint for a tent with 3 in stock"

# prices: suggestions change nothing
prices() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT group_concat(price_cents) FROM products").fetchone()[0])' "$db"; }
before=$(prices)
"$CLERK" staff pricing --db "$db" --until 2026-12-01 --limit 100 --json >"$tmp/price.json"
python3 - "$tmp/price.json" <<'PY' || fail "pricing"
import json, sys
s = json.load(open(sys.argv[1]))
assert s, "no suggestions"
for o in s:
    assert abs(o["suggested"] / o["price"] - 1) <= 0.1 + 1e-9, o
    if "cost" in o:
        assert (o["suggested"] - o["cost"]) / o["suggested"] >= 0.15 - 1e-9, o
tents = [o["elasticity"] for o in s if o["id"].startswith("OT") and o.get("pooled")]
assert tents and -3.5 < tents[0] < -1.5, tents
PY
after=$(prices)
[ "$before" = "$after" ] || fail "suggesting changed a price"
set +e
"$CLERK" staff pricing apply OT-01 1.00 --db "$db" >/dev/null 2>&1; [ $? -eq 1 ] || fail "a price outside the bounds was applied"
"$CLERK" staff pricing apply OT-01 --db "$db" >/dev/null 2>&1; [ $? -eq 2 ] || fail "apply without a price is a usage error"
set -e
read -r id price < <(python3 -c 'import json, sys; o = json.load(open(sys.argv[1]))[0]; print(o["id"], o["suggested"])' "$tmp/price.json")
"$CLERK" staff pricing apply "$id" "$price" --staff ana --reason "suggested" --db "$db" >/dev/null \
	|| fail "applying a suggestion"
"$CLERK" staff pricing log --db "$db" | grep -q "$id .* by ana" || fail "the change is not logged"
echo "ok staff_report"
