/*
 * affinity: a customer's leanings (the brands and categories they buy and
 * look at, and the price band they buy in) and a bounded nudge of a ranked
 * list of products towards them.
 *
 * For personalization: the dialogue calls affinity_rerank() on a list it is
 * about to show, and only for customers who consented; the consent check
 * is the caller's, nothing here reads the consent table. The nudge is
 * small by design: no product moves more than AFFINITY_MAX_SHIFT places,
 * so the list's own order (relevance, the shopper's filters) still leads.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_AFFINITY_H
#define CLERK_AFFINITY_H

#include <stddef.h>

#include "catalog/store/catalog.h"

#define AFFINITY_MAX_SHIFT 2

/* How well each of ids[] (source ids) fits the customer, in [0, 1], into
 * fit[] (n values; 0 for an unknown product or a customer with no history). */
int affinity_fit(catalog *c, const char *customer, const char *const *ids, size_t n,
                 double *fit, char **err);

/* Reorders ids[] in place (the pointers; the strings stay the caller's):
 * each product moves up by up to AFFINITY_MAX_SHIFT places in proportion to
 * its fit, ties keeping their order. A customer with no history leaves the
 * list as it was. */
int affinity_rerank(catalog *c, const char *customer, const char **ids, size_t n, char **err);

#endif
