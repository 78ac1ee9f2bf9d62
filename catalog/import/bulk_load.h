/*
 * bulk_load: writing many products into an empty catalog (a first import)
 * the way a bulk load is cheapest, then putting everything back.
 *
 * Two costs of row-at-a-time writes are put off to the end, where they are
 * paid once:
 * - secondary indexes. Each product adds entries at random places in the
 *   non-unique indexes of products and attributes (by price, brand,
 *   category; attribute key and value). They are dropped at the start and
 *   created again at the end from their own stored SQL, which sorts each
 *   once. Unique indexes stay: duplicate ids are found as rows arrive.
 * - merging the full-text index. FTS5 writes the terms it holds in memory
 *   out as a new segment about every megabyte and, by default, merges
 *   segments as it goes (automerge 4): each indexed byte is rewritten once
 *   per level, about five times over for a million products. Merging is
 *   put off (automerge 0, crisismerge 1000) and the segments are merged
 *   once, into one, at the end; the two settings are then put back.
 *
 * Everything runs inside the caller's transaction: should the write fail
 * or the process die before the commit, the indexes and settings roll back
 * with the rows (FTS5 reloads its settings on its next read, the stored
 * cookie having rolled back too). A catalog that already has products is
 * left alone: rebuilding its indexes for a few new rows would cost more
 * than it saves.
 *
 * Ownership: bulk_load_begin() fills a caller-owned struct bulk_load;
 * bulk_load_release() frees what it holds, after a finish or instead of
 * one. Errors: 0 / -1 with a one-line message in *err (heap; the caller
 * frees it), as in catalog.h.
 */
#ifndef CLERK_BULK_LOAD_H
#define CLERK_BULK_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/store/catalog.h"

struct bulk_load {
	bool active;       /* bulk mode is on: bulk_load_finish() has work */
	int automerge;     /* FTS5 settings to put back */
	int crisismerge;
	char **index_sql;  /* CREATE INDEX statements of the dropped indexes */
	size_t n_index;
};

/* Turns bulk mode on when the catalog has no products (b->active says
 * whether it did). Call inside the write's transaction, before preparing
 * the statements that write the rows. */
int bulk_load_begin(catalog *c, struct bulk_load *b, char **err);

/* When bulk mode is on: creates the dropped indexes again, merges the
 * full-text index into one segment and restores its settings. Call after
 * the last row, with the row statements finalized, before the commit. */
int bulk_load_finish(catalog *c, struct bulk_load *b, char **err);

/* Frees what b holds; b may be all zero. */
void bulk_load_release(struct bulk_load *b);

#endif
