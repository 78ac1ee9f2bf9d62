#!/usr/bin/env python3
"""Makes a large nested feed for timing what an import does with attributes:
N products in JSON lines, each a product of tests/fixtures/dialogue/grocer/
products.jsonl (nested value+unit objects, nutrition per 100 g, lists,
reviews with e-mail addresses, links, barcodes, time stamps) with a new id.
The fields of its products.map are renamed to the canonical names, so that
a clerk that maps no more than those imports the same products.

usage: bench/gen_nested.py [--count N] OUT
"""
import argparse
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, "..", "tests", "fixtures", "dialogue", "grocer", "products.jsonl")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200000)
    ap.add_argument("out")
    a = ap.parse_args()
    with open(src) as f:
        base = [json.loads(line) for line in f if line.strip()]
    with open(a.out, "w") as out:
        for i in range(a.count):
            b = base[i % len(base)]
            p = {
                "id": "N%07d" % i,
                "name": "%s %d" % (b["display_name"], i // len(base)),
                "brand": b["manufacturer"],
                "category": b["taxonomy"],
                "description": b["long_description"],
                "price": b["unit_price"]["amount"],
                "currency": b["unit_price"]["currency"],
                "rating": b["avg_rating"],
                "review_count": b["num_reviews"],
                "stock": b["stock_level"],
            }
            mapped = ("product_code", "display_name", "manufacturer", "taxonomy",
                      "long_description", "unit_price", "avg_rating", "num_reviews",
                      "stock_level")
            p.update({k: v for k, v in b.items() if k not in mapped})
            out.write(json.dumps(p) + "\n")


if __name__ == "__main__":
    main()
