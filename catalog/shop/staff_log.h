/*
 * staff_log: what staff did, one row each (the staff_log table): kiosk
 * orders marked paid, picked up or cancelled (with the reason), hand-offs
 * closed, prices applied, experiments started and stopped. Appended to in
 * the transaction of the change it records; never rewritten.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_STAFF_LOG_H
#define CLERK_STAFF_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

/* action: a short verb ("kiosk.cancel", "price.apply"); subject: what it
 * was done to (an order number, a product id); detail: free text or NULL. */
int staff_log_add(catalog *c, const char *action, const char *subject, const char *detail,
                  char **err);

struct staff_log_entry {
	int64_t at; /* unix time */
	char *action, *subject, *detail;
};

/* The newest entries first, at most limit; action_prefix NULL for all,
 * else only actions starting with it ("price."). */
int staff_log_recent(catalog *c, const char *action_prefix, size_t limit,
                     struct staff_log_entry **out, size_t *n, char **err);
void staff_log_free(struct staff_log_entry *e, size_t n);

#endif
