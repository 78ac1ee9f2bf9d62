/*
 * index_language: the stemming language of the catalog's search index.
 *
 * The settings table records it under "language" as a Snowball name
 * ("french"); a catalog without that row (made before the setting existed)
 * is english, the language its index was built with. Whatever tokenizes
 * text to look it up in the index (catalog/search.c) must use this
 * language. Changing it recreates product_fts with the new tokenizer
 * (contentless FTS5 cannot rebuild itself) and indexes every product again
 * from the products, brands, categories and attributes tables.
 *
 * Errors: 0 / -1 with a one-line message in *err (heap; the caller frees
 * it), as in catalog.h.
 */
#ifndef CLERK_INDEX_LANGUAGE_H
#define CLERK_INDEX_LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/store/catalog.h"

/* The language of a catalog that records none. */
#define INDEX_LANGUAGE_DEFAULT "english"

/* *out receives the catalog's language (heap; the caller frees it);
 * *recorded (may be NULL) whether the settings table holds it. A recorded
 * name libstemmer does not know is an error. */
int index_language_get(catalog *c, char **out, bool *recorded, char **err);

/* *out: true for a new catalog, one with no products and no recorded
 * language, which should be given one (the configured default). */
int index_language_pending(catalog *c, bool *out, char **err);

/* Makes name the catalog's language: any name nlu/language.h accepts
 * ("fr", "French"); an unknown one is an error listing libstemmer's
 * languages. When the language changes, the index is rebuilt and
 * *reindexed (may be NULL) receives how many products were indexed again
 * (0 when it did not change). One transaction: on error the database is
 * as it was. Searchers opened on c before must be made again. */
int index_language_set(catalog *c, const char *name, size_t *reindexed, char **err);

/* index_language_set() inside a transaction the caller holds (an import
 * that changes the language and adds products all or nothing). */
int index_language_apply(catalog *c, const char *name, size_t *reindexed, char **err);

#endif
