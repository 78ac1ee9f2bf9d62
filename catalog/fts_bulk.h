/*
 * fts_bulk: building the product_fts index in bulk, for a write of many
 * products into an empty catalog (a first import).
 *
 * FTS5 writes the terms it holds in memory out as a new segment about
 * every megabyte and, by default, merges segments as it goes (automerge 4):
 * each indexed byte is rewritten once per level, about five times over for
 * a million products. In bulk mode merging is put off (automerge 0,
 * crisismerge at its maximum), and fts_bulk_finish() merges every segment
 * once, into one, then puts the two settings back as they were.
 *
 * Both calls run inside the caller's transaction: should the write fail or
 * the process die before the commit, the settings roll back with the rows
 * (FTS5 reloads them on its next read, the stored cookie having rolled back
 * too). A catalog that already has products is left in the usual mode: one
 * merge of its whole index for a few new rows would cost more than it
 * saves.
 *
 * Errors: 0 / -1 with a one-line message in *err (heap; the caller frees
 * it), as in catalog.h.
 */
#ifndef CLERK_FTS_BULK_H
#define CLERK_FTS_BULK_H

#include <stdbool.h>

#include "catalog/catalog.h"

struct fts_bulk {
	bool active;     /* bulk mode is on: fts_bulk_finish() has work */
	int automerge;   /* the settings to put back */
	int crisismerge;
};

/* Turns bulk mode on when the catalog has no products (b->active says
 * whether it did). Call inside the write's transaction. */
int fts_bulk_begin(catalog *c, struct fts_bulk *b, char **err);

/* When bulk mode is on: merges the index into one segment and restores
 * the settings. Call after the last row, before the commit. */
int fts_bulk_finish(catalog *c, struct fts_bulk *b, char **err);

#endif
