/*
 * product_view: one product as every reader shows it. Search hits,
 * recommendations, the details pane and the dialogue's replies all carry
 * this one struct. The summary (id, name, brand, category, price, rating,
 * stock) is always filled; the details (description, colour, material,
 * url and the attribute rows) only when they are asked for.
 *
 * Ownership: every string and the attrs array belong to the view;
 * product_view_release() frees them and product_view_copy() duplicates
 * them. Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_PRODUCT_VIEW_H
#define CLERK_PRODUCT_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

struct product_attr {
	char *key;   /* as imported, lower case: "color", "battery life" */
	char *value;
};

struct product_view {
	int64_t rowid;       /* products.id */
	char *id;            /* the source id; NULL when no product was found */
	char *name;
	char *brand;         /* NULL when unknown */
	char *category;      /* the full " > " path, NULL when unknown */
	char *currency;
	int64_t price_cents;
	bool has_price;
	double rating;
	bool has_rating;
	int64_t review_count;
	int64_t stock;
	bool has_stock;
	char *variant;       /* what tells it from products of the same name shown
	                        with it ("Blue", "1 kg"); set by whoever shows the list */
	bool price_from;     /* its variants cost more: price_cents is the least
	                        ("from $11.00"); set by whoever shows the list */
	/* details, with PRODUCT_VIEW_DETAILS */
	bool has_details;
	char *description;   /* "" when none */
	char *notes;         /* the feature lines that are no "key: value" pair
	                      * ("20 minute games", a listing's bullet points),
	                      * "\n" between; "" when none */
	char *color, *material, *url; /* NULL when absent */
	struct product_attr *attrs; /* sorted by key, then value; hidden keys and
	                             * rows (links, codes, time stamps:
	                             * attributes.h) left out */
	size_t n_attrs;
};

/* Reads the product with that source id (or rowid); details too when
 * `details`. No such product is not an error: out->id is then NULL. */
int product_view_load(catalog *c, const char *id, bool details, struct product_view *out,
                      char **err);
int product_view_load_rowid(catalog *c, int64_t rowid, bool details, struct product_view *out,
                            char **err);

void product_view_copy(struct product_view *dst, const struct product_view *src);
void product_view_release(struct product_view *p);

#endif
