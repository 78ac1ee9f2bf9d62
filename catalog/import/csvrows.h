/*
 * csvrows: a small RFC 4180 CSV reader for the bundled side tables
 * (promotions, shipments) that are not products and so do not go through
 * import. Quoted fields may hold commas, quotes ("") and newlines.
 */
#ifndef CLERK_CSVROWS_H
#define CLERK_CSVROWS_H

#include <stddef.h>

/* Called once per record, the header included (line 1). fields[] are
 * borrowed for the call. Return 0 to go on, -1 to stop (set *err). */
typedef int (*csvrows_fn)(void *ctx, char **fields, size_t n, size_t line, char **err);

/* Reads path and calls fn per record. 0, or -1 with a heap message in *err. */
int csvrows_each(const char *path, csvrows_fn fn, void *ctx, char **err);

/* Index of column name in a header record (case-insensitive), or -1. */
int csvrows_column(char **header, size_t n, const char *name);

#endif
