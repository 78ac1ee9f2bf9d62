/*
 * details: everything the catalog knows about one product, for a details
 * screen (description, attributes), read by the product's source id.
 *
 * Read-only. Ownership: details_get() fills a struct product_details that
 * details_release() frees; its strings are NULL when the product lacks them.
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_DETAILS_H
#define CLERK_DETAILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

struct product_details {
	char *id, *name, *brand, *category, *description, *color, *material, *url;
	char *currency;
	int64_t price_cents;
	bool has_price;
	double rating;
	bool has_rating;
	int64_t review_count;
	int64_t stock;
	bool has_stock;
	char **attr_keys, **attr_values; /* n_attrs key/value pairs, in key order;
	                                  * hidden keys (attributes.h) left out */
	size_t n_attrs;
};

/* *found is false (and out left empty) when no product has that id. */
int details_get(catalog *c, const char *source_id, struct product_details *out, bool *found,
                char **err);
void details_release(struct product_details *d);

#endif
