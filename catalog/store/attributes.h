/*
 * attributes: what each attribute key of the catalog holds, so that the
 * conversation knows how to read, compare and show it without knowing the
 * catalog: "weight" is a number in grams, "skin types" a list, "waterproof"
 * a yes/no, "thumbnail url" and "ean13" are hidden (links, codes and time
 * stamps are never shown, compared or searched).
 *
 * The table attribute_keys is computed from the attribute rows: at the end
 * of every import (catalog/import calls attr_keys_refresh() inside its
 * transaction), and on demand for a catalog imported before it existed
 * (attr_keys_ensure()). A key's kind is read from its name (nlu/text/
 * fieldname.h) and from a sample of its values (nlu/text/valueshape.h,
 * nlu/text/measure.h): most values links, files, time stamps, barcodes or
 * UUIDs make it hidden, and so do most of its rows hidden by the importer
 * (attributes.hidden: a row found inside an image object); all yes/no
 * make it bool; most values measures of one
 * dimension (or plain numbers) make it a number; a product with several
 * values makes it a list; anything else is text.
 *
 * The product reader (product_view.h) leaves hidden keys and hidden rows
 * out.
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_ATTRIBUTES_H
#define CLERK_ATTRIBUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"
#include "nlu/text/measure.h"

enum attr_kind { ATTR_TEXT, ATTR_NUMBER, ATTR_LIST, ATTR_BOOL, ATTR_HIDDEN };

/* Hidden rows the importer writes: the youngest and oldest age a product
 * suits, in months (nlu/text/ages.h); no "to" row when it has no end.
 * Search filters on them (search_query.age_months). */
#define ATTR_AGE_FROM "age from months"
#define ATTR_AGE_TO "age to months"


struct attr_key {
	char *key;        /* as in the attribute rows: "weight", "net content" */
	char *label;      /* for display: the key's words ("battery_life" -> "battery life") */
	enum attr_kind kind;
	char *unit;       /* measures (ATTR_NUMBER, or ATTR_LIST of them) of
	                   * one dimension: its canonical unit ("g"); NULL for
	                   * plain numbers, measures of several dimensions
	                   * (net content in g, l and counts) and other kinds */
	char *dimension;  /* its dimension ("mass"); else NULL */
	char *noise;      /* ATTR_HIDDEN: "link", "code", "time" or "personal", NULL
	                   * when hidden by the importer for where its rows sat */
	int64_t products; /* products that have the key */
};

/* Recomputes attribute_keys from the attribute rows, in the caller's
 * transaction (or SQLite's own for the statements). u may be NULL: then
 * measures are not recognized and only plain numbers make a number kind. */
int attr_keys_refresh(catalog *c, const struct measure_units *u, char **err);

/* Refreshes, in a transaction of its own, when the catalog has attribute
 * rows but no attribute_keys (one imported before the table existed). */
int attr_keys_ensure(catalog *c, const struct measure_units *u, char **err);

/* All keys, hidden ones too, the most common first. *out (may be NULL
 * when *n is 0) is freed with attr_keys_free(). */
int attr_keys_load(catalog *c, struct attr_key **out, size_t *n, char **err);
void attr_keys_free(struct attr_key *keys, size_t n);

/* The distinct values of one key (its shown rows), the most common first,
 * at most max: what a list key can say ("allergens": milk, nuts, soy), so
 * that a product without a value can be said not to have it. *out (heap
 * array of heap strings; may be NULL when *n is 0) is freed with
 * attr_values_free(). */
int attr_key_values(catalog *c, const char *key, size_t max, char ***out, size_t *n, char **err);
void attr_values_free(char **values, size_t n);

/* "text", "number", "list", "bool", "hidden". */
const char *attr_kind_name(enum attr_kind k);

#endif
