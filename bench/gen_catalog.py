#!/usr/bin/env python3
"""Writes a large product catalog derived from ../shared/data/phones/products.json.

usage: bench/gen_catalog.py [--count N] [--format json|csv] [--seed S] OUT

Each product starts from a real Best Buy phone or accessory and is varied so
the catalog is not copies of the same text: the brand is sometimes swapped,
model numbers, storage sizes and colors change, a model code is added, the
price moves within +-30%, the description mixes sentences of two products of
the same category, and popularity is drawn fresh. JSON is written compact,
one element per line inside an array (the shape of the source, without ids:
a product's id is its position); CSV has a header of canonical field names.
"""
import argparse
import csv
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "phones", "products.json")
if not os.path.exists(DATA):
    DATA = "/work/shared/data/phones/products.json"
COLORS = ["Black", "White", "Silver", "Gold", "Rose Gold", "Blue", "Red", "Green",
          "Graphite", "Purple", "Midnight", "Coral", "Yellow", "Titanium", "Pink"]
STORAGE = ["16GB", "32GB", "64GB", "128GB", "256GB", "512GB", "1TB"]
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def vary_name(r, name, brand, new_brand):
    if new_brand != brand and brand and brand in name:
        name = name.replace(brand, new_brand, 1)
    name = re.sub(r"\b\d+GB\b", lambda m: r.choice(STORAGE), name)
    name = re.sub(r"\b(\d{1,2})\b", lambda m: str(max(1, int(m.group(1)) + r.randint(-2, 3))), name)
    for c in COLORS:
        if name.endswith(" - " + c):
            name = name[: -len(c)] + r.choice(COLORS)
            break
    else:
        if r.random() < 0.4:
            name += " - " + r.choice(COLORS)
    code = "%s%d" % (r.choice("ACEGKMPRSTVXZ"), r.randint(100, 9999))
    return "%s (%s)" % (name, code)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--format", choices=["json", "csv"], default="json")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("out")
    a = ap.parse_args()
    with open(a.data, encoding="utf-8") as f:
        base = json.load(f)
    brands = sorted({p["brand"] for p in base if p.get("brand")})
    by_cat = {}
    for p in base:
        by_cat.setdefault(tuple(p.get("categories", [])), []).append(p)
    r = random.Random(a.seed)
    out = open(a.out, "w", encoding="utf-8", newline="")
    writer = None
    if a.format == "csv":
        writer = csv.writer(out)
        writer.writerow(["name", "brand", "category", "description", "price", "image", "popularity"])
    else:
        out.write("[\n")
    for i in range(a.count):
        p = base[r.randrange(len(base))]
        brand = p.get("brand", "")
        new_brand = r.choice(brands) if r.random() < 0.25 else brand
        other = r.choice(by_cat[tuple(p.get("categories", []))])
        sents = SENTENCE.split(p.get("description", "")) + SENTENCE.split(other.get("description", ""))
        r.shuffle(sents)
        desc = " ".join(sents[: max(2, len(sents) // 2)])
        price = round(max(0.99, float(p.get("price", 10)) * r.uniform(0.7, 1.3)), 0) - 0.01
        item = {
            "name": vary_name(r, p["name"], brand, new_brand),
            "description": desc,
            "brand": new_brand,
            "categories": p.get("categories", []),
            "price": round(max(price, 0.99), 2),
            "image": p.get("image", ""),
            "popularity": r.randint(1, 25000),
        }
        if writer:
            writer.writerow([item["name"], item["brand"], " > ".join(item["categories"]),
                             item["description"], item["price"], item["image"], item["popularity"]])
        else:
            out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            out.write(",\n" if i + 1 < a.count else "\n")
    if not writer:
        out.write("]\n")
    out.close()


if __name__ == "__main__":
    sys.exit(main())
