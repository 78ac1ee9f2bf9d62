/*
 * df_cache: how many products hold a search term, and in which columns of
 * the index, remembered between queries.
 *
 * Counting a term's products means reading its first rows from the index;
 * a shopper's session and a kiosk's day repeat the same words, so a count
 * is made once. Counts are capped: a count made up to cap answers any
 * question up to that cap, and exactly when it stopped below it. With the
 * count come, for the rows counted, how many hold the term outside their
 * category path, and the last rowid read, from which the search estimates
 * the products of a term past the cap. The caller clears the cache when
 * the catalog changes.
 *
 * Ownership: keys are copied; df_cache_free() releases everything.
 */
#ifndef CLERK_DF_CACHE_H
#define CLERK_DF_CACHE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct df_cache df_cache;

/* What counting a term found. */
struct df_count {
	int64_t n;    /* rows read, n <= cap */
	int64_t cap;  /* the count stopped there */
	int64_t last; /* the last rowid read */
	int64_t own;  /* of the n rows, those holding the term in their own text:
	                 a column other than the category path */
};

df_cache *df_cache_new(void);
void df_cache_free(df_cache *c);
void df_cache_clear(df_cache *c);

/* The count of key when one was made up to cap or more, or stopped before
 * its cap (so saw every row): true and *out set; false otherwise. */
bool df_cache_count(const df_cache *c, const char *key, int64_t cap, struct df_count *out);

/* Records a count (a count to a higher cap, or a complete one, replaces a
 * lesser one). */
void df_cache_put(df_cache *c, const char *key, const struct df_count *count);

#endif
