/*
 * import: loading products and order history from CSV, TSV, JSON arrays and
 * JSON lines, from a path, "-" (stdin) or an http/https/file URL.
 *
 * An import is all or nothing: it runs in one transaction and leaves the
 * database as it was on any error. A bad row is named by the line where it
 * starts and its field; a JSON syntax error by its line and column (an
 * element of a wrapped array, {"products": [...]}, by its index).
 */
#ifndef CLERK_IMPORT_H
#define CLERK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/store/catalog.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_TSV, IMPORT_JSON, IMPORT_JSONL };
enum import_preset { PRESET_NONE, PRESET_SHOPIFY, PRESET_GMC };

struct import_options {
	enum import_format format; /* IMPORT_AUTO guesses from the name and content */
	enum import_preset preset;
	const char *map;           /* "field=source,field=source", or NULL */
	bool replace;              /* update products whose id exists */
	bool skip_bad;             /* report bad rows through `report` and go on */
	bool orders;               /* order history instead of products */
	long http_timeout;         /* seconds for a URL to connect or stall; 0: 30 */
	/* Called once per skipped row with a one-line message; may be NULL. */
	void (*report)(void *ctx, const char *msg);
	void *report_ctx;
};

struct import_stats {
	size_t imported; /* products, or order lines with --orders */
	size_t skipped;
};

/* Imports source into c. Returns 0, or -1 with a one-line message in *err
 * (heap; the caller frees it). */
int import_run(catalog *c, const char *source, const struct import_options *o,
               struct import_stats *stats, char **err);

#endif
