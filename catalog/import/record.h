/*
 * record: one source record (a CSV/TSV row or a JSON element, flattened to
 * key/value pairs), which the product and order importers share, and the
 * helpers that map it to fields, turn values into typed fields and its
 * position into messages.
 */
#ifndef CLERK_RECORD_H
#define CLERK_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/import/mapping.h"
#include "common/buf.h"

struct review_list;

/* Values found in a JSON array are joined with this byte; the importer
 * turns it into " > " (a category path) or ", ". */
#define RECORD_SEP '\x1f'

/* One row of a CSV/TSV file or one JSON element. CSV keys are the header's
 * names; JSON keys are dotted paths ("categoryPath.name"). Everything is
 * borrowed until the next record is read. */
struct record {
	const char *const *keys;
	const char *const *values; /* NUL-terminated */
	const size_t *lens;
	size_t n;
	size_t pos;      /* line (from 1), or index (from 0) when by_index */
	bool by_index;
	size_t ordinal;  /* data record number from 0: the id when none is given */
	/* Reviews taken out of a JSON record before it was flattened
	 * (review_json.h), or NULL; the reader's, which the product's row
	 * may take over. */
	struct review_list *reviews;
};

/* Return codes of the per-record steps. */
#define IMPORT_OK 0
#define IMPORT_FATAL (-1) /* stop and roll back */
#define IMPORT_BAD (-2)   /* this record is bad; --skip-bad may go on */

/* The field values a record gives, after mapping: for each field, the
 * index of the chosen pair in the record or -1. Pairs that map to no field
 * are listed in `unmapped`. */
struct resolved {
	int chosen[MAPPING_MAX_FIELDS];
	int rank[MAPPING_MAX_FIELDS]; /* see mapping_rank_is_guess() */
	/* Category levels ("department", "aisle") when the chosen category
	 * is one of them: the pairs, by level, that record_text() joins. */
	int level_pair[MAPPING_CATEGORY_LEVELS];
	size_t nlevels;
	size_t *unmapped;
	size_t nunmapped, cap;
	/* the MAPPING_LISTING columns (Status, Published, Visibility) */
	size_t listing[4];
	size_t nlisting;
	/* Set by the caller for one record_resolve(), which clears it: the
	 * pairs from this index on were unpacked from a column of packed
	 * attributes (BigCommerce's "Product Custom Fields"); 0: none. */
	size_t unpacked_from;
};

/* Fills res from r. A value that is not valid UTF-8 makes the record bad
 * (message in *err). */
int record_resolve(struct mapping *m, const struct record *r, struct resolved *res,
                   const char *source, char **err);

/* "SOURCE line N[, field F]: MESSAGE" (or "index N"). Heap string. */
char *record_where(const char *source, const struct record *r, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The value of field (trimmed, multi-values joined with sep, or only the
 * first when sep is NULL) appended to out; false when the field is absent
 * or blank. A category given in levels (res->nlevels) is the levels joined
 * with sep. */
bool record_text(const struct record *r, const struct resolved *res, int field,
                 const char *sep, struct buf *out);

/* Integers and decimals, with thousands commas allowed ("1,234"). */
int record_parse_int(const char *s, int64_t *out);
int record_parse_double(const char *s, double *out);

/* v[0..n) trimmed appended to out, RECORD_SEP turned into sep (or cut
 * there when sep is NULL). */
void record_add_trimmed(struct buf *out, const char *v, size_t n, const char *sep);
/* s past its leading white space. */
const char *record_skip_ws(const char *s);
/* Offset of the first byte of s[0..n) that is not valid UTF-8, or -1. */
long record_invalid_utf8(const char *s, size_t n);

#endif
