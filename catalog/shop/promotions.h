/*
 * promotions: the store's running offers, listed as they stand on a date
 * (catalog/import/side_tables.h loads them), and a code looked up, which
 * may also be a customer's personal code (catalog/shop/offers.h): such a
 * code exists only for its owner, and says when it was used.
 */
#ifndef CLERK_PROMOTIONS_H
#define CLERK_PROMOTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

struct promotion {
	char *code;        /* NULL when none is needed */
	char *description;
	char *kind;        /* percent, amount, shipping */
	double value;
	char *brand;       /* NULL when store-wide */
	char *category;    /* category path, NULL when store-wide */
	int64_t min_total_cents;
	char *ends_at;     /* NULL when open-ended */
	char *starts_at;   /* NULL when open-ended (promotions_lookup() only) */
	bool personal;     /* a customer's own single-use code (promotions_lookup() only) */
};

/* What a code the shopper gives is. */
enum promo_check {
	PROMO_VALID,     /* running on the date */
	PROMO_UNKNOWN,   /* no promotion has that code */
	PROMO_NOT_YET,   /* it starts later */
	PROMO_ENDED,     /* it has ended */
	PROMO_USED,      /* a personal code that was used already */
};

/* The promotion with code (case ignored) and whether it runs on date (ISO
 * "YYYY-MM-DD"). A personal code is found only when customer (external
 * id, may be NULL) is its owner: to anyone else it is PROMO_UNKNOWN, like a
 * code that does not exist. *out is filled unless PROMO_UNKNOWN; release
 * it with promotion_release(). */
int promotions_lookup(catalog *c, const char *code, const char *customer, const char *date,
                      struct promotion *out, enum promo_check *check, char **err);
void promotion_release(struct promotion *p);

/* Products marked down: an attribute whose key is one of keys (a JSON
 * array of lower-case key names: "was price", "compare at price") holds a
 * price above the product's. Their source ids into *ids (heap, each
 * heap), most off first, at most limit. */
int promotions_markdowns(catalog *c, const char *keys_json, size_t limit, char ***ids,
                         size_t *n, char **err);

/* Promotions active on date (ISO "YYYY-MM-DD"), soonest ending first.
 * *out is a heap array released with promotions_free. */
int promotions_active(catalog *c, const char *date, struct promotion **out, size_t *n,
                      char **err);
void promotions_free(struct promotion *p, size_t n);

#endif
