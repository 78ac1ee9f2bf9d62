/*
 * handoffs: staff's side of a shopper's request for a person. A request
 * (events_handoff() records it) stays open until staff close it with a
 * note of what was done; the staff report counts open and closed ones and
 * the time to close.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_HANDOFFS_H
#define CLERK_HANDOFFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

struct handoff {
	char *reference;
	char *customer; /* external id, or NULL */
	char *message;  /* what the shopper said, or NULL */
	int64_t at;     /* unix time */
	int64_t closed_at; /* 0 while open */
	char *note;     /* staff's note, or NULL */
};

/* Hand-offs, newest first, at most limit; open ones only unless all. */
int handoffs_list(catalog *c, bool all, size_t limit, struct handoff **out, size_t *n,
                  char **err);
void handoffs_free(struct handoff *h, size_t n);

/* Closes the open hand-off `reference` with a note (required). */
int handoffs_close(catalog *c, const char *reference, const char *note, char **err);

#endif
