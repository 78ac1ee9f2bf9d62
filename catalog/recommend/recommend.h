/*
 * recommend: products to suggest for a basket of products and/or a
 * customer. This first version scores candidates by co-purchase (order
 * lines that share an order with a seed), content similarity (same
 * category, same brand, shared attributes, near price, rating) and, for
 * complements, the seed category's sibling categories. With no seed at all
 * it falls back to the most popular, best rated products.
 *
 * Seeds: the `with` products; when none are given and a customer is, the
 * products the customer bought, carted or viewed most recently.
 * `with` products are never recommended back.
 */
#ifndef CLERK_RECOMMEND_H
#define CLERK_RECOMMEND_H

#include <stddef.h>

#include "catalog/store/catalog.h"
#include "catalog/store/product_view.h"

enum recommend_mode {
	RECOMMEND_ANY,        /* everything that fits */
	RECOMMEND_SIMILAR,    /* substitutes: "more like this one" */
	RECOMMEND_COMPLEMENT, /* what goes with it: bought together, sibling categories */
};

struct recommend_request {
	const char *customer;      /* external id, or NULL */
	const char *const *with;   /* source ids */
	size_t n_with;
	size_t limit;              /* 0 means 10 */
	enum recommend_mode mode;
};

struct recommendation {
	struct product_view p; /* the product's summary */
	double score;
	const char *why; /* static text: "bought together", "similar", "popular" */
};

/* Fills *out (heap array, release with recommend_free) best first.
 * Unknown `with` ids are ignored. 0 / -1 with *err. */
int recommend_run(catalog *c, const struct recommend_request *q, struct recommendation **out,
                  size_t *n, char **err);
void recommend_free(struct recommendation *r, size_t n);

#endif
