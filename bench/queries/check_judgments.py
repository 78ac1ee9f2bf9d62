#!/usr/bin/env python3
"""Check graded relevance judgments against the phones catalog.

usage: python3 bench/queries/check_judgments.py QUERIES.tsv [products.json]
                                                [--show N] [--query TEXT]

QUERIES.tsv holds "query<TAB>judgment" lines; blank lines and lines starting
with '#' are comments. A judgment is alternatives separated by '|', each a
list of conditions separated by ';' that a product must all meet. An
alternative may start with a grade, "2:" (exactly what was asked) or "1:"
(related, partly useful); without one it is grade 2. A product's grade is the
highest alternative it meets, 0 when it meets none. Conditions, all
case-insensitive:
  cat=TEXT    the category path (levels joined with " > ") contains TEXT
  name=W W    the name contains every word W (substring match per word)
  brand=TEXT  the brand equals TEXT
  desc=W W    the description contains every word W

A product's id is its position in products.json counting from 0.

Prints, per query, how many products get grade 2 and grade 1 (and with
--show N, up to N of each, to eyeball), then the medians. Exits 1 when some
query has no grade-2 product, 2 on a malformed line or unreadable input.
"""
import argparse
import json
import os
import statistics
import sys

KEYS = ("cat", "name", "brand", "desc")


class JudgmentError(ValueError):
    pass


def parse_judgment(text):
    """Return [(grade, [(key, value), ...]), ...] for one judgment."""
    alts = []
    for alt in text.split("|"):
        alt = alt.strip()
        grade = 2
        if len(alt) >= 2 and alt[1] == ":" and alt[0] in "0123456789":
            grade = int(alt[0])
            alt = alt[2:].strip()
            if grade not in (1, 2):
                raise JudgmentError("grade must be 1 or 2: %r" % text)
        conds = []
        for cond in alt.split(";"):
            cond = cond.strip()
            if not cond:
                continue
            key, eq, val = cond.partition("=")
            key = key.strip().lower()
            val = val.strip()
            if not eq or key not in KEYS or not val:
                raise JudgmentError("bad condition %r in %r" % (cond, text))
            conds.append((key, val.lower()))
        if not conds:
            raise JudgmentError("empty alternative in %r" % text)
        alts.append((grade, conds))
    return alts


def meets(prod, key, val):
    if key == "cat":
        return val in prod["cat"]
    if key == "brand":
        return prod["brand"] == val
    field = prod["name"] if key == "name" else prod["desc"]
    return all(w in field for w in val.split())


def grade(prod, alts):
    best = 0
    for g, conds in alts:
        if g > best and all(meets(prod, k, v) for k, v in conds):
            best = g
    return best


def load_products(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    prods = []
    for p in raw:
        prods.append({
            "name": (p.get("name") or "").lower(),
            "desc": (p.get("description") or "").lower(),
            "brand": (p.get("brand") or "").lower(),
            "cat": " > ".join(p.get("categories") or []).lower(),
            "raw": p,
        })
    return prods


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            text, tab, judgment = line.partition("\t")
            if not tab or not text.strip() or not judgment.strip():
                raise JudgmentError("%s:%d: want query<TAB>judgment" % (path, lineno))
            try:
                alts = parse_judgment(judgment)
            except JudgmentError as e:
                raise JudgmentError("%s:%d: %s" % (path, lineno, e))
            queries.append((lineno, text.strip(), alts))
    return queries


def default_products():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    return os.path.join(os.path.dirname(root), "shared", "data", "phones", "products.json")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("queries")
    ap.add_argument("products", nargs="?", default=default_products())
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="print up to N products of each grade per query")
    ap.add_argument("--query", metavar="TEXT",
                    help="only queries containing TEXT")
    args = ap.parse_args()
    try:
        prods = load_products(args.products)
        queries = load_queries(args.queries)
    except (OSError, ValueError) as e:
        print(e, file=sys.stderr)
        return 2

    seen = {}
    for lineno, text, _ in queries:
        if text.lower() in seen:
            print("warning: line %d repeats the query of line %d: %s"
                  % (lineno, seen[text.lower()], text), file=sys.stderr)
        seen.setdefault(text.lower(), lineno)

    n2s, n1s, empty = [], [], []
    for lineno, text, alts in queries:
        if args.query and args.query.lower() not in text.lower():
            continue
        by = {1: [], 2: []}
        for i, p in enumerate(prods):
            g = grade(p, alts)
            if g:
                by[g].append(i)
        n2s.append(len(by[2]))
        n1s.append(len(by[1]))
        if not by[2]:
            empty.append(text)
        print("%4d %4d  %s" % (len(by[2]), len(by[1]), text))
        for g in (2, 1):
            for i in by[g][:args.show]:
                r = prods[i]["raw"]
                print("        %d %5d %-18.18s %-90.90s | %s" % (
                    g, i, r.get("brand") or "", r.get("name") or "",
                    " > ".join((r.get("categories") or [])[1:])))
    if not n2s:
        print("no queries", file=sys.stderr)
        return 2
    print("%d queries; median grade-2 %g, grade-1 %g; mean grade-2 %.1f, grade-1 %.1f"
          % (len(n2s), statistics.median(n2s), statistics.median(n1s),
             statistics.mean(n2s), statistics.mean(n1s)))
    if empty:
        print("no grade-2 product: %s" % "; ".join(empty), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
