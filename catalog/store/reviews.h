/*
 * reviews: shoppers' reviews of products as the catalog gives them
 * (catalog/import reads them from review arrays in JSON feeds), and the
 * summary the conversation quotes: how many, the average rating, the most
 * helpful short quotes.
 *
 * No personal data is kept: the author is the display name the catalog
 * shows ("Tom B."), never an e-mail address; the importer drops e-mail and
 * phone fields and scrubs addresses out of the text before it calls here,
 * and the summary drops an author that still looks like an address.
 *
 * A reviews_writer holds the prepared statements of an import and runs in
 * the caller's transaction, as product_writer does.
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_REVIEWS_H
#define CLERK_REVIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

/* One review to store. Strings are borrowed; NULL when absent. */
struct review {
	const char *author; /* display name */
	const char *title;
	const char *body;
	const char *date;   /* as the catalog writes it */
	double rating;      /* 0..5, valid when has_rating */
	bool has_rating;
	int64_t helpful;    /* helpful votes; 0 when none */
};

typedef struct reviews_writer reviews_writer;

reviews_writer *reviews_writer_new(catalog *c, char **err);
void reviews_writer_free(reviews_writer *w);

/* Stores the n reviews of the product with rowid product (products.id).
 * With replace, the product's earlier reviews are deleted first. */
int reviews_writer_put(reviews_writer *w, int64_t product, const struct review *r, size_t n,
                       bool replace, char **err);

/* A short passage of one review, for quoting. */
struct review_quote {
	char *author;   /* display name, or NULL */
	char *text;     /* the body when short, else its first sentence, its
	                 * title, or the body cut at a word with "..." */
	double rating;  /* valid when has_rating */
	bool has_rating;
	int64_t helpful;
};

struct review_summary {
	size_t count;     /* reviews stored */
	size_t rated;     /* of them, with a rating */
	double average;   /* mean rating of the rated ones; 0 when none */
	struct review_quote *quotes; /* the most helpful short ones first */
	size_t n_quotes;
};

/* Longest quote text, in bytes (before "..."). */
#define REVIEW_QUOTE_MAX 160

/* Fills out for the product with rowid product; at most max_quotes
 * quotes. out is released with review_summary_release() (also after a
 * failure). */
int reviews_summary(catalog *c, int64_t product, size_t max_quotes, struct review_summary *out,
                    char **err);
void review_summary_release(struct review_summary *s);

#endif
