/*
 * feedback: negative feedback about a product or an order, flagged for
 * staff ("the kettle you sold me leaks", said with the kettle or an order
 * in focus). The shopper's words are kept with the flag so staff can read
 * them; a customer's flags go when the customer is forgotten.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_FEEDBACK_H
#define CLERK_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

/* Flags feedback scored `score` (-1..0) by customer (external id) or
 * session about product (source id) and/or order (its number); at least
 * one of the two. An unknown product is kept as none. */
int feedback_flag(catalog *c, const char *customer, const char *session, const char *product,
                  const char *order, double score, const char *message, char **err);

struct feedback_flag {
	int64_t id;
	char *customer, *product, *product_name, *order, *message; /* each may be NULL */
	double score;
	int64_t at;
	bool closed;
};

/* Flags newest first, open ones only unless all, at most limit. */
int feedback_flags_list(catalog *c, bool all, size_t limit, struct feedback_flag **out,
                        size_t *n, char **err);
void feedback_flags_free(struct feedback_flag *f, size_t n);
/* Marks flag id read and dealt with. */
int feedback_flag_close(catalog *c, int64_t id, char **err);

#endif
