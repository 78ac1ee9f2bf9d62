/*
 * promotions: the store's running offers — loading them from a CSV and
 * listing those active at a given date.
 *
 * CSV header: code,description,kind,value,brand,category,min_total,starts_at,ends_at
 * (kind is percent, amount or shipping; dates are ISO "YYYY-MM-DD"; empty
 * means open-ended). Brand and category name existing catalog rows; an
 * unknown one leaves the promotion store-wide.
 */
#ifndef CLERK_PROMOTIONS_H
#define CLERK_PROMOTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

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

/* Loads path in one transaction (replacing promotions with the same code). */
int promotions_import(catalog *c, const char *path, char **err);

/* Promotions active on date (ISO "YYYY-MM-DD"), soonest ending first.
 * *out is a heap array released with promotions_free. */
int promotions_active(catalog *c, const char *date, struct promotion **out, size_t *n,
                      char **err);
void promotions_free(struct promotion *p, size_t n);

#endif
