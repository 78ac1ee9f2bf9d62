/*
 * product_get: everything about one product, by its source id or rowid,
 * for product questions, comparisons and the product view.
 *
 * Owned by the search module (see catalog/search.h). A product_info is
 * filled by product_get_by_id() / product_get_by_rowid() and released with
 * product_info_release(); all its strings belong to it.
 */
#ifndef CLERK_PRODUCT_GET_H
#define CLERK_PRODUCT_GET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

struct product_attr {
	char *key;   /* lower case: "color", "storage", "material" */
	char *value;
};

struct product_info {
	int64_t rowid;       /* products.id */
	char *id;            /* the source id */
	char *name;
	char *brand;         /* NULL when unknown */
	char *category;      /* full " > " path, NULL when unknown */
	char *description;   /* "" when none */
	char *features;      /* "" when none */
	char *currency;
	char *color, *material, *url, *image, *tags; /* NULL when absent */
	int64_t price_cents;
	bool has_price;
	double rating;
	bool has_rating;
	int64_t review_count;
	int64_t stock;
	bool has_stock;
	double popularity;
	struct product_attr *attrs; /* key/value rows, sorted by key; hidden keys
	                             * (links, codes, time stamps: attributes.h) left out */
	size_t n_attrs;
};

/* Return 0 when found, 1 when there is no such product (out is then
 * zeroed), -1 on error with *err (heap). */
int product_get_by_id(catalog *c, const char *source_id, struct product_info *out, char **err);
int product_get_by_rowid(catalog *c, int64_t rowid, struct product_info *out, char **err);
void product_info_release(struct product_info *p);

#endif
