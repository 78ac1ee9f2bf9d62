/*
 * recommend: products to suggest for a basket of products and/or a
 * customer, each with a one-line reason.
 *
 * Kinds (enum recommend_mode): what goes with the basket (the fitted
 * item-to-item model: co-purchases, co-views and EASE, see
 * recommend_model.h), frequently bought together, similar items (content:
 * category, brand, name words, attributes, price), recommended for you (the
 * customer's history, recent first, as seeds), buy again (the customer's
 * repeat purchases) and trending (orders and events with decay). A seed
 * the model knows nothing about falls back to what is popular in its
 * category, then in the catalog.
 *
 * Seeds: the `with` products; and, when a customer is given, the products
 * the customer bought, carted or viewed, weighted by recency (with `with`
 * products too, at a third of their weight).
 *
 * Business rules, in every kind: never a product out of stock (stock 0),
 * never a `with` product, never what the customer just bought (the newest
 * order, and purchases since) except in buy again, nor in recommended for
 * you anything they bought before, at most two products of one brand among
 * any five in a row, and the products staff pinned (pins.h) first.
 *
 * Reads only: the model is built elsewhere (recommend_model_build()); with
 * no model yet, co-purchases are counted from the order lines as asked.
 * A customer's history is read only when q->customer is set: the caller
 * sets it only for customers who consented (catalog/shop/profile.h).
 */
#ifndef CLERK_RECOMMEND_H
#define CLERK_RECOMMEND_H

#include <stddef.h>

#include "catalog/store/catalog.h"
#include "catalog/store/product_view.h"

enum recommend_mode {
	RECOMMEND_ANY,        /* what goes with the basket, or for the customer */
	RECOMMEND_SIMILAR,    /* substitutes: "more like this one" */
	RECOMMEND_COMPLEMENT, /* what goes with it: bought together, other kinds */
	RECOMMEND_FOR_YOU,    /* from the customer's history and affinities */
	RECOMMEND_BUY_AGAIN,  /* what the customer buys again and again */
	RECOMMEND_TRENDING,   /* bought and viewed most lately */
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
	/* static tag for reply templates: "bought together", "similar", "goes
	 * with it", "popular", "for you", "buy again", "trending", "picked" */
	const char *why;
	/* The reason in detail, for a sentence in the language pack's words
	 * (src/dialogue/explain.h): a static tag, "bought_with" (count: the
	 * orders), "viewed_with", "similar_to", "goes_with", "because_bought",
	 * "because_viewed" (about: the product it comes from), "trending",
	 * "popular" (about: the category, or NULL), "bought_before" (count:
	 * the times), "picked"; what it is about (heap, or NULL) and a count
	 * (0 when none). */
	const char *reason;
	char *about;
	unsigned count;
};

/* Fills *out (heap array, release with recommend_free) best first.
 * Unknown `with` ids are ignored. 0 / -1 with *err. */
int recommend_run(catalog *c, const struct recommend_request *q, struct recommendation **out,
                  size_t *n, char **err);
void recommend_free(struct recommendation *r, size_t n);

#endif
