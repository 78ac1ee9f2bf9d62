/*
 * df_cache: how many products hold a search term, remembered between
 * queries.
 *
 * Counting a term's products means reading its first rows from the index;
 * a shopper's session and a kiosk's day repeat the same words, so a count
 * is made once. Counts are capped: a count made up to cap answers any
 * question up to that cap, and exactly when it stopped below it. The
 * caller clears the cache when the catalog changes.
 *
 * Ownership: keys are copied; df_cache_free() releases everything.
 */
#ifndef CLERK_DF_CACHE_H
#define CLERK_DF_CACHE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct df_cache df_cache;

df_cache *df_cache_new(void);
void df_cache_free(df_cache *c);
void df_cache_clear(df_cache *c);

/* The number of products holding key, up to cap, when a count already made
 * answers it: true and *n set; false when the term must be counted. */
bool df_cache_get(const df_cache *c, const char *key, int64_t cap, int64_t *n);

/* Records that counting key up to cap found n (n <= cap). */
void df_cache_put(df_cache *c, const char *key, int64_t n, int64_t cap);

#endif
