/*
 * facets: what a result set is made of, for refining a search: its brands,
 * categories and price bands with counts.
 *
 * Owned by the search module (see catalog/search.h). The set is the one
 * search_run() would rank for the same query (the same words, corrections,
 * synonyms, relaxation and filters; at most SEARCH_CANDIDATES products, in
 * which case `capped` is set). Price bands are fixed steps in the currency's
 * main unit (under 10, 10-25, 25-50, 50-100, 100-250, 250-500, 500-1000,
 * 1000 and over); only bands holding products are listed.
 *
 * Ownership: search_facets_release() frees what search_facets() filled.
 */
#ifndef CLERK_FACETS_H
#define CLERK_FACETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/search/search.h"

struct facet_value {
	char *value;   /* a brand name, or a full category path */
	size_t count;
};

struct facet_band {
	int64_t min_cents; /* inclusive */
	int64_t max_cents; /* exclusive; -1 = no upper bound */
	size_t count;
};

struct search_facets {
	struct facet_value *brands;     /* most products first, at most max_values */
	size_t n_brands;
	struct facet_value *categories; /* most products first, at most max_values */
	size_t n_categories;
	struct facet_band *bands;       /* cheapest first */
	size_t n_bands;
	size_t total;                   /* products in the set */
	bool capped;                    /* the set stopped at SEARCH_CANDIDATES */
};

/* Facets of q's result set (q's sort, offset and limit are ignored).
 * max_values 0 means 10. 0 / -1 with *err (heap). */
int search_facets(searcher *s, const struct search_query *q, size_t max_values,
                  struct search_facets *out, char **err);
void search_facets_release(struct search_facets *f);

#endif
