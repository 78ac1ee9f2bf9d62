#!/usr/bin/env python3
"""nDCG@10 of `clerk search` as a shopper types into it: the query read by
the NLU first (filters, a guessed category or brand checked against what
the words find), then searched. bench_search_quality measures the search
alone on the raw text; this measures what the command line, the dialogue
and the TUI show, on the same graded judgments.

usage: python3 bench/search_cli.py CLERK DB QUERIES.tsv [products.json]
       TYPO=1 python3 bench/search_cli.py ...   (one word of each query misspelt)
       TYPO=rare python3 bench/search_cli.py ...  (its rarest word, by a keyboard slip)

TYPO=1 misspells the longest word (a swap, a dropped or a doubled letter, by
turns, as bench_search_quality does). TYPO=rare misspells the word of 4+
letters that the fewest products' names and descriptions hold, which is
most often the need itself (a brand, a model, a kind): a key next to the
right one, two letters swapped, a letter dropped, a neighbouring key
added, by turns.

DB is the products.json catalog imported with `clerk import` (a product's
id is its position in the array). Prints nDCG@10 and P@10 (share of the
top ten that is grade 2) over the queries, and with VERBOSE=1 each query.
"""
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries"))
import check_judgments as cj  # noqa: E402

TOP = 10


def misspell(query, k):
    """One slip in the longest word (of 4 letters or more): two letters
    swapped, one dropped or one doubled, by turns."""
    words = query.split()
    i = max(range(len(words)), key=lambda j: len(words[j]))
    w = words[i]
    if len(w) < 4 or not w.isalpha():
        return query
    mid = len(w) // 2
    kind = k % 3
    if kind == 0:
        w = w[:mid - 1] + w[mid] + w[mid - 1] + w[mid + 1:]
    elif kind == 1:
        w = w[:mid] + w[mid + 1:]
    else:
        w = w[:mid] + w[mid] + w[mid:]
    words[i] = w
    return " ".join(words)


KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def neighbour_key(c, k):
    for row in KEY_ROWS:
        i = row.find(c)
        if i >= 0:
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return near[k % len(near)]
    return c


def keyboard_slip(w, k):
    mid = len(w) // 2
    kind = k % 4
    if kind == 0:
        return w[:mid] + neighbour_key(w[mid], k // 4) + w[mid + 1:]
    if kind == 1:
        return w[:mid - 1] + w[mid] + w[mid - 1] + w[mid + 1:]
    if kind == 2:
        return w[:mid] + w[mid + 1:]
    return w[:mid] + neighbour_key(w[mid], k // 4) + w[mid:]


def word_products(products):
    """How many products' names and descriptions hold each word."""
    df = {}
    for p in products:
        for w in set(re.findall(r"[a-z]+", p["name"] + " " + p["desc"])):
            df[w] = df.get(w, 0) + 1
    return df


def misspell_rarest(query, k, df):
    words = query.split()
    held = [i for i, w in enumerate(words)
            if w.isalpha() and len(w) >= 4 and df.get(w.lower(), 0) > 0]
    if not held:
        return query
    i = min(held, key=lambda j: df[words[j].lower()])
    words[i] = keyboard_slip(words[i].lower(), k)
    return " ".join(words)


def dcg(grades):
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades[:TOP]))


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    clerk, db, queries = sys.argv[1:4]
    products = cj.load_products(sys.argv[4] if len(sys.argv) > 4 else cj.default_products())
    qs = cj.load_queries(queries)
    if os.environ.get("TYPO") == "rare":
        df = word_products(products)
        qs = [(n, misspell_rarest(q, k, df), alts) for k, (n, q, alts) in enumerate(qs)]
    elif os.environ.get("TYPO"):
        qs = [(n, misspell(q, k), alts) for k, (n, q, alts) in enumerate(qs)]
    text = "".join(q[1] + "\n" for q in qs)
    out = subprocess.run([clerk, "search", "--db", db, "--json", "--limit", str(TOP)],
                         input=text, capture_output=True, text=True, check=True).stdout
    answers = [json.loads(line) for line in out.splitlines() if line.strip()]
    if len(answers) != len(qs):
        sys.stderr.write("got %d answers for %d queries\n" % (len(answers), len(qs)))
        return 1
    total_ndcg = total_p = 0.0
    verbose = os.environ.get("VERBOSE")
    for (lineno, q, alts), a in zip(qs, answers):
        grades = [cj.grade(products[int(r["id"])], alts) for r in a.get("results", [])]
        ideal = sorted((cj.grade(p, alts) for p in products), reverse=True)
        best = dcg(ideal)
        n = dcg(grades) / best if best > 0 else 0.0
        p = sum(1 for g in grades[:TOP] if g == 2) / TOP
        total_ndcg += n
        total_p += p
        if verbose:
            filters = {k: v for k, v in (a.get("filters") or {}).items()
                       if v not in (None, "", [], False)}
            print("%-50s nDCG %.2f P %.1f [%s] %s" % (q[:50], n, p, a.get("text"),
                                                      json.dumps(filters)[:70]))
    print("queries: %d   clerk search nDCG@10 %.3f  P@10 %.3f" %
          (len(qs), total_ndcg / len(qs), total_p / len(qs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
