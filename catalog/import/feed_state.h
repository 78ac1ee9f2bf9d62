/*
 * feed_state: what the last import of a URL was answered with, so that the
 * next import of an unchanged feed downloads nothing.
 *
 * The validators (ETag, Last-Modified) are kept per URL in the catalog's
 * settings table, with the import options they were fetched under: a feed
 * imported again with another mapping, format or kind is fetched whole.
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_FEED_STATE_H
#define CLERK_FEED_STATE_H

#include "catalog/store/catalog.h"

struct feed_state {
	char *etag;          /* NULL when the server sent none */
	char *last_modified;
};

void feed_state_release(struct feed_state *f);

/* The validators recorded for url under options (a string that names the
 * import options that shape its result); both NULL when none are. */
int feed_state_load(catalog *c, const char *url, const char *options, struct feed_state *out,
                    char **err);

/* Records f for url and options, or forgets url when f has neither. Runs
 * in the caller's transaction when there is one. */
int feed_state_save(catalog *c, const char *url, const char *options,
                    const struct feed_state *f, char **err);

#endif
