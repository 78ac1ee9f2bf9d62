/*
 * product: one catalog product and the writer that stores products.
 *
 * A product_writer holds the prepared statements and the brand/category
 * caches for a run of writes (an import); it does not begin or commit
 * transactions, the caller wraps a batch in catalog_begin()/catalog_commit().
 */
#ifndef CLERK_PRODUCT_H
#define CLERK_PRODUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

/* Fields of a product as imported. Strings are borrowed (NULL = absent). */
struct product {
	const char *id;          /* the source's own id, required */
	const char *name;        /* required */
	const char *brand;
	const char *category;    /* path; " > ", ">", "/" or "|" separate levels */
	const char *description; /* plain text */
	const char *features;    /* free text or "key:value" pairs split by ; | or newline */
	const char *hidden;      /* "key:value" pairs as in features, stored as attribute
	                          * rows marked hidden: never in products.features, the
	                          * index or a product read (links, codes, time stamps) */
	const char *currency;    /* ISO code; "USD" when NULL */
	const char *color;
	const char *material;
	const char *url;
	const char *image;
	const char *tags;
	int64_t price_cents;     /* valid when has_price */
	bool has_price;
	double rating;           /* 0..5, valid when has_rating */
	bool has_rating;
	int64_t review_count;
	int64_t stock;           /* valid when has_stock */
	bool has_stock;
	double popularity;
};

typedef struct product_writer product_writer;

product_writer *product_writer_new(catalog *c, char **err);
void product_writer_free(product_writer *w);

/* Stores p. An existing product with the same id is an error ("duplicate
 * id ...") unless replace is true, in which case it is updated in place (its
 * internal id, events and order lines stay attached). */
int product_writer_put(product_writer *w, const struct product *p, bool replace, char **err);

/* The text product_writer_put() indexes in the attrs column: features,
 * color, material and tags (each may be NULL), joined by spaces. Heap
 * string; the caller frees it. */
char *product_attrs_text(const char *features, const char *color, const char *material,
                         const char *tags);

/* Writes every stored product's text into product_fts, as
 * product_writer_put() does for one: for an index just recreated empty
 * (index_language.c). *count (may be NULL) receives how many. Runs inside
 * the caller's transaction. */
int product_writer_index_all(product_writer *w, size_t *count, char **err);

/* The rowid (products.id) of the product the last successful
 * product_writer_put() stored. */
int64_t product_writer_last_id(const product_writer *w);

/* After a failed product_writer_put(): true when the product itself was at
 * fault (a duplicate or missing id, a missing name, a value the schema
 * refuses), false for a database error. */
bool product_writer_bad(const product_writer *w);

/* Splits a category path into levels, trimmed, empty levels dropped.
 * Returns the number of levels written to levels[] (at most max); each
 * level is a heap string the caller frees. */
size_t product_split_category(const char *path, char **levels, size_t max);

#endif
