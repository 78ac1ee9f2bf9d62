/*
 * baseline: plain FTS5 search, the yardstick bench/ measures clerk's search
 * against. Not used by clerk itself.
 *
 * The baseline indexes the same products (name, brand, category path,
 * description) in a table of its own, baseline_fts, with SQLite's porter
 * tokenizer (only bench databases get one), and answers
 * a query with its words ORed, ranked by FTS5's default bm25.
 */
#ifndef CLERK_BASELINE_H
#define CLERK_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

/* Creates the baseline index, filling it from the products table unless it
 * already holds as many rows. 0 / -1 with *err. */
int baseline_build(catalog *c, char **err);

/* The first `limit` product rowids (products.id) for text, best first,
 * into rowids[]; *n receives their count. 0 / -1 with *err. */
int baseline_search(catalog *c, const char *text, size_t limit, int64_t *rowids, size_t *n,
                    char **err);

#endif
