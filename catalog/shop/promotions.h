/*
 * promotions: the store's running offers, listed as they stand on a date
 * (catalog/import/side_tables.h loads them).
 */
#ifndef CLERK_PROMOTIONS_H
#define CLERK_PROMOTIONS_H

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
};

/* Promotions active on date (ISO "YYYY-MM-DD"), soonest ending first.
 * *out is a heap array released with promotions_free. */
int promotions_active(catalog *c, const char *date, struct promotion **out, size_t *n,
                      char **err);
void promotions_free(struct promotion *p, size_t n);

#endif
