#!/usr/bin/env python3
"""bench/staff_gen.py: a shop's history for the staff reports, with known truth.

Makes a catalog and half a year of orders with weekly seasonality, a slow
trend, customer segments (occasional, regular, loyal), regions (postcode
prefixes), price changes with a planted price elasticity per category, and
two months of conversations: searches (some finding nothing), products shown
and recommended, clicks, carts, checkouts, out-of-scope turns, feedback and
hand-offs, with two A/B experiments: `blend`, where variant b converts better
(the planted effect), and `style`, where the variants do not differ. With
--null N it adds N more experiments over the same sessions that change
nothing, to count how often a null difference is called significant.

  staff_gen.py --clerk PATH/TO/clerk --db OUT.db [--seed N] [--end YYYY-MM-DD]
               [--days 182] [--sessions-per-day 60] [--null N] [--truth OUT.json]

Products and orders go in through `clerk import` (the real importers); the
events, experiments and hand-offs are written with SQL, as the dialogue would
have logged them. The truth (planted values and what was generated) is
written as JSON for the tests to compare with.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zlib

MASK = (1 << 64) - 1


def bucket(salt, unit, n):
    """experiment_bucket() of catalog/shop/experiments.c, bit for bit."""
    h = 0xcbf29ce484222325
    for b in (salt + ":" + unit).encode():
        h ^= b
        h = (h * 0x100000001b3) & MASK
    h ^= h >> 30
    h = (h * 0xbf58476d1ce4e5b9) & MASK
    h ^= h >> 27
    h = (h * 0x94d049bb133111eb) & MASK
    h ^= h >> 31
    return h % n


# category -> (planted elasticity, base price range, products)
CATEGORIES = {
    "Outdoor > Tents": (-2.5, (80, 400), 8),
    "Outdoor > Headlamps": (-2.0, (15, 60), 8),
    "Kitchen > Coffee": (-0.5, (8, 30), 8),
    "Kitchen > Kettles": (-1.2, (25, 90), 8),
    "Clothing > Socks": (-0.8, (6, 20), 8),
}
WEEKDAY = [0.85, 0.8, 0.9, 1.0, 1.15, 1.45, 1.25]  # Monday first
REGIONS = ["N", "E", "SW", "W", "SE"]
SEGMENTS = [("occasional", 0.6, 1.0), ("regular", 0.3, 4.0), ("loyal", 0.1, 12.0)]
ZERO_QUERIES = ["waterproof socks for dogs", "solar kettle", "tent with wifi",
                "glow in the dark coffee", "inflatable headlamp"]
OUT_OF_SCOPE = ["what is the weather tomorrow", "tell me a joke", "who won the match",
                "can you book a taxi"]


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def make_products(rng):
    products = []
    for cat, (elast, (lo, hi), count) in CATEGORIES.items():
        for i in range(count):
            pid = "%s-%02d" % ("".join(w[0] for w in cat.split(" > ")).upper(), i + 1)
            price = round(rng.uniform(lo, hi), 2)
            products.append({
                "id": pid, "name": "%s %d" % (cat.split(" > ")[1].rstrip("s"), i + 1),
                "category": cat, "price": price, "elasticity": elast,
                "popularity": 1.0 / (i + 1) ** 0.8, "cost": round(price * rng.uniform(0.45, 0.7), 2),
                # stock: some sell out soon, some are overstocked
                "stock": rng.choice([3, 8, 15, 40, 120, 400]),
                "changes": i % 2 == 0,  # half the products change price over time
            })
    return products


def price_on(p, week):
    """The product's price in a given week: steps of +-15% every 3-5 weeks."""
    if not p["changes"]:
        return p["price"]
    r = random.Random(zlib.crc32(("%s/%d" % (p["id"], week // 4)).encode()))
    return round(p["price"] * r.choice([0.85, 0.92, 1.0, 1.08, 1.15]), 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clerk", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--end", default=None, help="last day of the history (default: yesterday)")
    ap.add_argument("--days", type=int, default=182)
    ap.add_argument("--orders-per-day", type=float, default=40)
    ap.add_argument("--sessions-per-day", type=float, default=60)
    ap.add_argument("--event-days", type=int, default=56)
    ap.add_argument("--null", type=int, default=0)
    ap.add_argument("--truth", default=None)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    end = (dt.date.fromisoformat(a.end) if a.end
           else dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=1))
    first = end - dt.timedelta(days=a.days - 1)
    products = make_products(rng)
    by_id = {p["id"]: p for p in products}

    customers = []
    for i in range(1500):
        r, acc = rng.random(), 0
        for name, share, rate in SEGMENTS:
            acc += share
            if r < acc:
                break
        customers.append({"id": "c%05d" % i, "segment": name, "rate": rate,
                          "postcode": "%s%d %dAB" % (rng.choice(REGIONS), rng.randint(1, 20),
                                                     rng.randint(1, 9))})
    weights = [c["rate"] for c in customers]

    orders = []  # (order_id, customer, lines[(pid, qty, price)], when, status, postcode)
    truth_daily = []
    next_order = 500000

    def new_order(cust, when, lines, status="delivered"):
        nonlocal next_order
        next_order += 1
        orders.append((str(next_order), cust, lines, when, status))
        return str(next_order)

    total_pop = sum(p["popularity"] for p in products)
    for d in range(a.days):
        day = first + dt.timedelta(days=d)
        trend = 1 + 0.3 * d / a.days
        lam = a.orders_per_day * WEEKDAY[day.weekday()] * trend
        n = poisson(rng, lam)
        week = d // 7
        units_day = 0
        for _ in range(n):
            cust = rng.choices(customers, weights)[0]
            lines = []
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                # demand follows the price: popularity * (price / base)^elasticity
                ws = [p["popularity"] * (price_on(p, week) / p["price"]) ** p["elasticity"]
                      for p in products]
                p = rng.choices(products, ws)[0]
                if any(l[0] == p["id"] for l in lines):
                    continue
                q = rng.choice([1, 1, 1, 2])
                lines.append((p["id"], q, price_on(p, week)))
                units_day += q
            when = dt.datetime.combine(day, dt.time(rng.randint(8, 21), rng.randint(0, 59)))
            status = "cancelled" if rng.random() < 0.03 else "delivered"
            if status == "cancelled":
                units_day -= sum(l[1] for l in lines)
            new_order(cust["id"], when, lines, status)
        truth_daily.append(units_day)

    # conversations over the last event_days days, with the experiments
    sessions = []
    event_first = end - dt.timedelta(days=a.event_days - 1)
    blend_salt, style_salt = "blend-salt", "style-salt"
    planted = {"a": 0.08, "b": 0.11}
    events = []  # (customer or None, session, kind, product source id or None, detail, at)
    handoffs = []
    for d in range(a.event_days):
        day = event_first + dt.timedelta(days=d)
        n = poisson(rng, a.sessions_per_day * WEEKDAY[day.weekday()])
        for s in range(n):
            sid = "g%s-%04d" % (day.strftime("%m%d"), s)
            cust = rng.choice(customers)["id"] if rng.random() < 0.3 else None
            unit = cust or sid
            at = int(dt.datetime.combine(day, dt.time(rng.randint(8, 21), rng.randint(0, 59)))
                     .replace(tzinfo=dt.timezone.utc).timestamp())
            v_blend = ["a", "b"][bucket(blend_salt, unit, 2)]
            v_style = ["a", "b"][bucket(style_salt, unit, 2)]
            sessions.append({"unit": unit, "at": at, "blend": v_blend, "style": v_style,
                             "converted": False, "session": sid, "customer": cust})
            t = at

            def ev(kind, product=None, detail=None):
                nonlocal t
                t += rng.randint(5, 40)
                events.append((cust, sid, kind, product, detail, t))

            ev("turn", detail="greet")
            for _ in range(rng.choice([1, 1, 2, 3])):
                if rng.random() < 0.12:
                    ev("turn", detail="search")
                    ev("search_empty", detail=rng.choice(ZERO_QUERIES))
                    continue
                cat = rng.choice(list(CATEGORIES))
                shown = [p["id"] for p in products if p["category"] == cat][:5]
                ev("turn", detail="search")
                ev("search", detail=cat.split(" > ")[1].lower())
                ev("shown", detail=json.dumps(shown))
                for pid in shown:
                    if rng.random() < 0.08:
                        ev("view", product=pid)
            if rng.random() < 0.4:
                rec = rng.sample([p["id"] for p in products], 4)
                ev("turn", detail="recommend")
                ev("recommended", detail=json.dumps(rec))
                for pid in rec:
                    if rng.random() < 0.12:
                        ev("view", product=pid)
            if rng.random() < 0.06:
                ev("turn", detail="out_of_scope")
                ev("out_of_scope", detail=rng.choice(OUT_OF_SCOPE))
            # the planted effect: blend's variant b converts more often
            if rng.random() < planted[v_blend]:
                pid = rng.choice(products)["id"]
                ev("turn", detail="add_to_cart")
                ev("add_to_cart", product=pid)
                when = dt.datetime.fromtimestamp(t + 60, dt.timezone.utc).replace(tzinfo=None)
                price = price_on(by_id[pid], (day - first).days // 7)
                oid = new_order(cust or "", when, [(pid, 1, price)], "paid")
                ev("turn", detail="checkout")
                ev("checkout", detail=oid)
                sessions[-1]["converted"] = True
            elif rng.random() < 0.05:
                ev("add_to_cart", product=rng.choice(products)["id"])
            if rng.random() < 0.05:
                ev("feedback", detail=rng.choice(["1", "-1", "0"]))
            if rng.random() < 0.01:
                closed = t + rng.randint(600, 3 * 86400) if rng.random() < 0.8 else None
                handoffs.append((cust, sid, "can I talk to someone", t, closed))

    # orders through the real importer
    tmp = tempfile.mkdtemp(prefix="staff_gen")
    with open(os.path.join(tmp, "products.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "brand", "category", "price", "stock", "description"])
        for p in products:
            w.writerow([p["id"], p["name"], "Acme", p["category"], "%.2f" % p["price"],
                        p["stock"], "A %s." % p["name"].lower()])
    cust_post = {c["id"]: c["postcode"] for c in customers}
    with open(os.path.join(tmp, "orders.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "customer", "product", "quantity", "price", "date", "status",
                    "postcode"])
        for oid, cust, lines, when, status in orders:
            for pid, q, price in lines:
                w.writerow([oid, cust, pid, q, "%.2f" % price, when.strftime("%Y-%m-%dT%H:%M:00Z"),
                            status, cust_post.get(cust, "N1 1AA")])
    if os.path.exists(a.db):
        os.remove(a.db)
    for args in (["import", "--db", a.db, os.path.join(tmp, "products.csv")],
                 ["import", "--orders", "--db", a.db, os.path.join(tmp, "orders.csv")]):
        r = subprocess.run([a.clerk] + args, capture_output=True, text=True)
        if r.returncode:
            sys.exit("staff_gen: clerk %s failed: %s" % (" ".join(args), r.stderr.strip()))
    shutil.rmtree(tmp)

    db = sqlite3.connect(a.db)
    db.execute("PRAGMA foreign_keys = ON")
    with db:
        for p in products:
            db.execute("UPDATE products SET cost_cents = ? WHERE source_id = ?",
                       (int(round(p["cost"] * 100)), p["id"]))
        for c in customers:
            db.execute("INSERT OR IGNORE INTO customers (external_id, postcode) VALUES (?, ?)",
                       (c["id"], c["postcode"]))
            # The generated customers agreed to personalization: without it
            # the catalog keeps their events without their id (schema 6 -> 7),
            # and customer experiments and segments could not follow them.
            db.execute("INSERT OR IGNORE INTO consent (customer_id, purpose, granted)"
                       " SELECT id, 'personalization', 1 FROM customers WHERE external_id = ?",
                       (c["id"],))
        created = int(dt.datetime.combine(event_first, dt.time()).replace(
            tzinfo=dt.timezone.utc).timestamp()) - 86400
        exps = [("blend", blend_salt, "conversion"), ("style", style_salt, "conversion")]
        exps += [("null%03d" % i, "null-salt-%d" % i, "conversion") for i in range(a.null)]
        for name, salt, metric in exps:
            db.execute("INSERT INTO experiments (name, variants, metric, salt, created_at)"
                       " VALUES (?, 'a,b', ?, ?, ?)", (name, metric, salt, created))
        ids = {name: i for i, name in db.execute("SELECT id, name FROM experiments")}
        for s in sessions:
            for name, salt, _ in exps:
                v = ["a", "b"][bucket(salt, s["unit"], 2)]
                db.execute("INSERT OR IGNORE INTO assignments (experiment_id, unit, variant, at)"
                           " VALUES (?, ?, ?, ?)", (ids[name], s["unit"], v, s["at"]))
        db.executemany(
            "INSERT INTO events (customer_id, session, kind, product_id, detail, at) VALUES"
            " ((SELECT id FROM customers WHERE external_id = ?), ?, ?,"
            " (SELECT id FROM products WHERE source_id = ?), ?, ?)", events)
        for i, (cust, sid, msg, at, closed) in enumerate(handoffs):
            db.execute("INSERT INTO handoffs (reference, customer_id, session, message, at,"
                       " closed_at, note) VALUES (?, (SELECT id FROM customers WHERE"
                       " external_id = ?), ?, ?, ?, ?, ?)",
                       ("H%d" % (200001 + i), cust, sid, msg, at, closed,
                        "called back" if closed else None))
    db.close()

    # the truth, per unit as the report counts (a customer's sessions are one unit)
    units = {}
    for s in sessions:
        u = units.setdefault(s["unit"], {"blend": s["blend"], "style": s["style"], "conv": False})
        u["conv"] |= s["converted"]
    def split(name):
        out = {}
        for v in ("a", "b"):
            us = [u for u in units.values() if u[name] == v]
            out[v] = {"units": len(us), "converted": sum(u["conv"] for u in us)}
        return out
    truth = {
        "first_day": first.isoformat(), "end": end.isoformat(),
        "event_first_day": event_first.isoformat(),
        "sessions": len(sessions), "orders": len(orders),
        "planted_conversion": planted, "blend": split("blend"), "style": split("style"),
        "elasticity": {cat: v[0] for cat, v in CATEGORIES.items()},
        "weekday_factors": WEEKDAY, "daily_units": truth_daily,
        "handoffs": len(handoffs), "handoffs_closed": sum(1 for h in handoffs if h[4]),
        "null_experiments": a.null,
    }
    if a.truth:
        with open(a.truth, "w") as f:
            json.dump(truth, f, indent=1)
    print("staff_gen: %d products, %d orders over %d days, %d sessions, %d experiments into %s"
          % (len(products), len(orders), a.days, len(sessions), len(exps), a.db))


if __name__ == "__main__":
    main()
