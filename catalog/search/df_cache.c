/*
 * df_cache.c: an open-addressing hash table from term to capped count.
 */
#include "catalog/search/df_cache.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* Past this many terms the table starts over rather than grow without
 * bound in a process that runs for days. */
#define MAX_ENTRIES 65536

struct entry {
	char *key;
	struct df_count count;
};

struct df_cache {
	struct entry *slots;
	size_t n_slots; /* a power of two */
	size_t n_used;
};

df_cache *df_cache_new(void)
{
	df_cache *c = xcalloc(1, sizeof *c);
	c->n_slots = 256;
	c->slots = xcalloc(c->n_slots, sizeof *c->slots);
	return c;
}

void df_cache_clear(df_cache *c)
{
	for (size_t i = 0; i < c->n_slots; i++) {
		free(c->slots[i].key);
		c->slots[i].key = NULL;
	}
	c->n_used = 0;
}

void df_cache_free(df_cache *c)
{
	if (!c)
		return;
	df_cache_clear(c);
	free(c->slots);
	free(c);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static struct entry *find(const df_cache *c, const char *key)
{
	size_t mask = c->n_slots - 1;
	for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
		struct entry *e = &c->slots[i];
		if (!e->key || !strcmp(e->key, key))
			return e;
	}
}

bool df_cache_count(const df_cache *c, const char *key, int64_t cap, struct df_count *out)
{
	const struct entry *e = find(c, key);
	if (!e->key || (e->count.n >= e->count.cap && e->count.cap < cap))
		return false;
	*out = e->count;
	return true;
}

static void grow(df_cache *c)
{
	struct entry *old = c->slots;
	size_t n_old = c->n_slots;
	c->n_slots *= 2;
	c->slots = xcalloc(c->n_slots, sizeof *c->slots);
	for (size_t i = 0; i < n_old; i++)
		if (old[i].key)
			*find(c, old[i].key) = old[i];
	free(old);
}

void df_cache_put(df_cache *c, const char *key, const struct df_count *count)
{
	struct entry *e = find(c, key);
	if (e->key) {
		if (count->cap > e->count.cap ||
		    (count->n < count->cap && e->count.n >= e->count.cap))
			e->count = *count;
		return;
	}
	if (c->n_used >= MAX_ENTRIES) {
		df_cache_clear(c);
		e = find(c, key);
	} else if (2 * (c->n_used + 1) > c->n_slots) {
		grow(c);
		e = find(c, key);
	}
	e->key = xstrdup(key);
	e->count = *count;
	c->n_used++;
}
