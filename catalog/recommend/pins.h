/*
 * pins: products staff put at the head of recommendations. A pin holds for
 * every list (no anchor, no category), for baskets holding one product (an
 * anchor: "with the tent, show the footprint") or for baskets holding a
 * product of one category. recommend_run() shows pinned products first, in
 * their position order, still under the business rules (in stock, not in
 * the basket, two of a brand in five).
 *
 * Products are named by their source ids, categories by their path
 * ("Camping > Tents"). Errors: 0 / -1 with a heap message in *err.
 */
#ifndef CLERK_PINS_H
#define CLERK_PINS_H

#include <stddef.h>

#include "catalog/store/catalog.h"

struct pin {
	char *product;
	char *anchor;   /* or NULL */
	char *category; /* path, or NULL */
	int position;
};

/* Adds a pin, or moves it to position when it is there already. An unknown
 * product, anchor or category is an error. */
int pins_add(catalog *c, const char *product, const char *anchor, const char *category,
             int position, char **err);
/* Removes a pin; 0 also when there was none. */
int pins_remove(catalog *c, const char *product, const char *anchor, const char *category,
                char **err);
/* Every pin (heap array; pins_free() frees it). */
int pins_list(catalog *c, struct pin **out, size_t *n, char **err);
void pins_free(struct pin *p, size_t n);

#endif
