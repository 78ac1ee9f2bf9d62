/*
 * autocomplete.c: two sorted arrays of (folded key, display, weight):
 * phrases (brands and category level names, matched against the whole
 * typed text) and words (matched against the last typed word). Both are
 * built with a hash table that merges repeats, then sorted by key.
 */
#include "catalog/search/autocomplete.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/token.h"

struct entry {
	char *key;     /* folded words joined by single spaces */
	char *display; /* as the catalog writes it */
	double weight;
	enum completion_kind kind;
};

struct table {
	struct entry *e;
	size_t n, cap;
	uint32_t *slots; /* hash of key -> index + 1; 0 = empty */
	size_t n_slots;
};

struct autocomplete {
	tokenizer *tok;
	struct table phrases, words;
	double products; /* in the catalog when it was read */
};

static uint32_t hash_key(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void table_rehash(struct table *t)
{
	free(t->slots);
	t->n_slots = t->n_slots ? t->n_slots * 2 : 1024;
	t->slots = xcalloc(t->n_slots, sizeof *t->slots);
	for (size_t i = 0; i < t->n; i++) {
		size_t j = hash_key(t->e[i].key) & (t->n_slots - 1);
		while (t->slots[j])
			j = (j + 1) & (t->n_slots - 1);
		t->slots[j] = (uint32_t)i + 1;
	}
}

/* Adds weight to key, creating the entry with display when new. Takes
 * ownership of neither string. */
static void table_add(struct table *t, const char *key, const char *display, size_t display_len,
                      double weight, enum completion_kind kind)
{
	if (!*key)
		return;
	if ((t->n + 1) * 2 > t->n_slots)
		table_rehash(t);
	size_t j = hash_key(key) & (t->n_slots - 1);
	while (t->slots[j]) {
		struct entry *e = &t->e[t->slots[j] - 1];
		if (!strcmp(e->key, key)) {
			e->weight += weight;
			return;
		}
		j = (j + 1) & (t->n_slots - 1);
	}
	t->e = xgrow(t->e, &t->cap, t->n + 1, sizeof *t->e);
	t->e[t->n] = (struct entry){xstrdup(key), xstrndup(display, display_len), weight, kind};
	t->slots[j] = (uint32_t)++t->n;
}

/* The entry of key, while the table is being built. */
static struct entry *table_find(struct table *t, const char *key)
{
	if (!t->n_slots)
		return NULL;
	size_t j = hash_key(key) & (t->n_slots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->n_slots - 1))
		if (!strcmp(t->e[t->slots[j] - 1].key, key))
			return &t->e[t->slots[j] - 1];
	return NULL;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static void table_finish(struct table *t)
{
	free(t->slots);
	t->slots = NULL;
	t->n_slots = 0;
	qsort(t->e, t->n, sizeof *t->e, by_key);
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].key);
		free(t->e[i].display);
	}
	free(t->e);
	free(t->slots);
}

/* The key of a text: folded words (a compound by its whole) joined by
 * single spaces. */
static int key_token(void *ctx, const struct token *t)
{
	struct buf *b = ctx;
	if (t->flags & TOKEN_PART)
		return 0;
	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, t->surface, t->surface_len);
	return 0;
}

static char *key_of(tokenizer *tok, const char *text, size_t len)
{
	struct buf b;
	buf_init(&b);
	tokenizer_run(tok, text, len, key_token, &b);
	return buf_detach(&b);
}

/* What a product stands for in completions is sampled from this many
 * names, read in SAMPLE_RUNS runs of consecutive rows spread over the
 * table (a run is one index seek), so a million-product catalog opens in
 * well under a second and an import sorted by category is still seen
 * whole. Counts from the sample are scaled up to the catalog. */
#define SAMPLE_NAMES 50000
#define SAMPLE_RUNS 50
/* Past searches read, newest first, and how many it takes before they
 * weigh about as much as the catalog (searches S weigh S / (S + PRIOR)). */
#define SEARCHES_READ 20000
#define SEARCH_PRIOR 1000.0

/* Distinct folded words of a text, each with its display, as the catalog
 * writes it: compounds by their whole ("usb-c"), no stop words. */
struct word_set {
	struct {
		char *key;
		const char *display;
		size_t display_len;
	} *w;
	size_t n, cap;
	const char *text;
};

static int word_token(void *ctx, const struct token *t)
{
	struct word_set *ws = ctx;
	if ((t->flags & TOKEN_PART) || (t->flags & TOKEN_STOP) || t->surface_len < 2)
		return 0;
	for (size_t i = 0; i < ws->n; i++)
		if (strlen(ws->w[i].key) == t->surface_len &&
		    !memcmp(ws->w[i].key, t->surface, t->surface_len))
			return 0;
	ws->w = xgrow(ws->w, &ws->cap, ws->n + 1, sizeof *ws->w);
	ws->w[ws->n].key = xstrndup(t->surface, t->surface_len);
	ws->w[ws->n].display = ws->text + t->start;
	ws->w[ws->n].display_len = t->end - t->start;
	ws->n++;
	return 0;
}

static void word_set_clear(struct word_set *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i].key);
	ws->n = 0;
}

static void words_of(tokenizer *tok, const char *text, size_t len, struct word_set *ws)
{
	word_set_clear(ws);
	ws->text = text;
	tokenizer_run(tok, text, len, word_token, ws);
}

static bool word_set_has(const struct word_set *ws, const char *key)
{
	for (size_t i = 0; ws && i < ws->n; i++)
		if (!strcmp(ws->w[i].key, key))
			return true;
	return false;
}

static void word_set_release(struct word_set *ws)
{
	word_set_clear(ws);
	free(ws->w);
}

/* A category, with the words of its whole path: a product in it stands for
 * each of them ("Headphones" for earbuds filed under Headphones > Earbuds). */
struct cat {
	int64_t id, parent;
	double direct, subtree; /* products in it; in it and below it */
	char *name;
	struct word_set words;
};

struct cats {
	struct cat *c;
	size_t n, cap;
};

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct cat *)a)->id, y = ((const struct cat *)b)->id;
	return x < y ? -1 : x > y;
}

static struct cat *cat_find(struct cats *cs, int64_t id)
{
	struct cat key = {.id = id};
	return cs->n ? bsearch(&key, cs->c, cs->n, sizeof *cs->c, by_id) : NULL;
}

static void cats_release(struct cats *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->c[i].name);
		free((char *)cs->c[i].words.text);
		word_set_release(&cs->c[i].words);
	}
	free(cs->c);
}

static int load_brands(autocomplete *a, catalog *c, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c,
		"SELECT b.name, coalesce(n.n, 0) FROM brands b LEFT JOIN"
		" (SELECT brand_id, count(*) AS n FROM products GROUP BY brand_id) n"
		" ON n.brand_id = b.id", err);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (!name)
			continue;
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		char *key = key_of(a->tok, name, len);
		table_add(&a->phrases, key, name, len, sqlite3_column_double(st, 1), COMPLETION_BRAND);
		free(key);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading brands for completion");
}

/* Categories by level name, weighed by the products in and below them;
 * the words of their paths, by the products filed directly in them. */
static int load_categories(autocomplete *a, catalog *c, struct cats *cs, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT id, parent_id, name, path FROM categories", err);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 2);
		const char *path = (const char *)sqlite3_column_text(st, 3);
		if (!name || !path)
			continue;
		cs->c = xgrow(cs->c, &cs->cap, cs->n + 1, sizeof *cs->c);
		struct cat *k = &cs->c[cs->n++];
		*k = (struct cat){sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), 0, 0,
		                  xstrdup(name), {0}};
		char *text = xstrdup(path);
		words_of(a->tok, text, strlen(text), &k->words);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(c, err, "reading categories for completion");
	qsort(cs->c, cs->n, sizeof *cs->c, by_id);

	st = catalog_prepare(c, "SELECT category_id, count(*) FROM products"
	                        " WHERE category_id IS NOT NULL GROUP BY category_id", err);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cat *k = cat_find(cs, sqlite3_column_int64(st, 0));
		if (k)
			k->direct = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(c, err, "counting products by category");
	for (size_t i = 0; i < cs->n; i++) {
		struct cat *k = &cs->c[i];
		/* up to the root; a bad parent chain ends the walk */
		for (int depth = 0; k && depth < 64; depth++, k = cat_find(cs, k->parent))
			k->subtree += cs->c[i].direct;
	}
	for (size_t i = 0; i < cs->n; i++) {
		struct cat *k = &cs->c[i];
		char *key = key_of(a->tok, k->name, strlen(k->name));
		table_add(&a->phrases, key, k->name, strlen(k->name), k->subtree, COMPLETION_CATEGORY);
		free(key);
		for (size_t w = 0; w < k->words.n; w++)
			table_add(&a->words, k->words.w[w].key, k->words.w[w].display,
			          k->words.w[w].display_len, k->direct, COMPLETION_WORD);
	}
	return 0;
}

/* The words of product names, from the sample; a word the product's
 * category path holds is counted there already. */
static int load_names(autocomplete *a, catalog *c, struct cats *cs, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT count(*), coalesce(max(id), 0) FROM products",
	                                   err);
	if (!st)
		return -1;
	double total = 0, max_id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		total = sqlite3_column_double(st, 0);
		max_id = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	st = catalog_prepare(c, "SELECT name, category_id FROM products WHERE id >= ?1"
	                        " ORDER BY id LIMIT ?2", err);
	if (!st)
		return -1;
	bool all = total <= SAMPLE_NAMES;
	int runs = all ? 1 : SAMPLE_RUNS;
	int per_run = all ? SAMPLE_NAMES : SAMPLE_NAMES / SAMPLE_RUNS;
	/* first pass: what each word stands for in the sample */
	struct table sample = {0};
	struct word_set ws = {0};
	double read = 0;
	int rc = SQLITE_DONE;
	for (int r = 0; r < runs && rc == SQLITE_DONE; r++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, all ? 0 : (int64_t)(max_id * r / runs));
		sqlite3_bind_int(st, 2, per_run);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);
			if (!name)
				continue;
			read++;
			struct cat *k = sqlite3_column_type(st, 1) == SQLITE_NULL
			                ? NULL : cat_find(cs, sqlite3_column_int64(st, 1));
			words_of(a->tok, name, (size_t)sqlite3_column_bytes(st, 0), &ws);
			for (size_t w = 0; w < ws.n; w++)
				if (!k || !word_set_has(&k->words, ws.w[w].key))
					table_add(&sample, ws.w[w].key, ws.w[w].display, ws.w[w].display_len, 1,
					          COMPLETION_WORD);
		}
	}
	sqlite3_finalize(st);
	word_set_release(&ws);
	if (rc == SQLITE_DONE) {
		double scale = read > 0 ? total / read : 1;
		for (size_t i = 0; i < sample.n; i++)
			table_add(&a->words, sample.e[i].key, sample.e[i].display,
			          strlen(sample.e[i].display), sample.e[i].weight * scale, COMPLETION_WORD);
	}
	table_release(&sample);
	a->products = total;
	return rc == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading names for completion");
}

/* What shoppers searched for: it adds weight to the catalog's own words
 * and names, never a completion of its own (a query may hold anything a
 * shopper typed, an email address too). */
static int load_searches(autocomplete *a, catalog *c, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT detail FROM events WHERE kind = 'search'"
	                                      " AND detail <> '' ORDER BY id DESC LIMIT ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, SEARCHES_READ);
	char **queries = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *q = (const char *)sqlite3_column_text(st, 0);
		if (!q)
			continue;
		queries = xgrow(queries, &cap, n + 1, sizeof *queries);
		queries[n++] = xstrndup(q, (size_t)sqlite3_column_bytes(st, 0));
	}
	sqlite3_finalize(st);
	double each = a->products / ((double)n + SEARCH_PRIOR);
	struct word_set ws = {0};
	for (size_t i = 0; i < n; i++) {
		char *key = key_of(a->tok, queries[i], strlen(queries[i]));
		struct entry *e = table_find(&a->phrases, key);
		if (e)
			e->weight += each;
		free(key);
		words_of(a->tok, queries[i], strlen(queries[i]), &ws);
		for (size_t w = 0; w < ws.n; w++)
			if ((e = table_find(&a->words, ws.w[w].key)))
				e->weight += each;
		free(queries[i]);
	}
	word_set_release(&ws);
	free(queries);
	return rc == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading past searches");
}

static int load(autocomplete *a, catalog *c, char **err)
{
	struct cats cs = {0};
	int rc = -1;
	if (load_brands(a, c, err) < 0 || load_categories(a, c, &cs, err) < 0 ||
	    load_names(a, c, &cs, err) < 0 || load_searches(a, c, err) < 0)
		goto cleanup;
	table_finish(&a->phrases);
	table_finish(&a->words);
	rc = 0;
cleanup:
	cats_release(&cs);
	return rc;
}

autocomplete *autocomplete_new(catalog *c, char **err)
{
	autocomplete *a = xcalloc(1, sizeof *a);
	a->tok = tokenizer_new(NULL, err);
	if (!a->tok || load(a, c, err) < 0) {
		autocomplete_free(a);
		return NULL;
	}
	return a;
}

void autocomplete_free(autocomplete *a)
{
	if (!a)
		return;
	table_release(&a->phrases);
	table_release(&a->words);
	tokenizer_free(a->tok);
	free(a);
}

/* First entry whose key is >= prefix. */
static size_t lower_bound(const struct table *t, const char *prefix)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->e[mid].key, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Keeps the `max` heaviest entries with the prefix in best[], heaviest
 * first; returns how many. */
static size_t heaviest(const struct table *t, const char *prefix, const struct entry **best,
                       size_t max)
{
	size_t n = 0, plen = strlen(prefix);
	for (size_t i = lower_bound(t, prefix); i < t->n && !strncmp(t->e[i].key, prefix, plen);
	     i++) {
		const struct entry *e = &t->e[i];
		if (n == max && e->weight <= best[n - 1]->weight)
			continue;
		size_t at = n < max ? n++ : max - 1;
		while (at > 0 && best[at - 1]->weight < e->weight) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = e;
	}
	return n;
}

static bool already(const struct completion *out, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(out[i].text, text))
			return true;
	return false;
}

static void push(struct completion *out, size_t *n, char *text, enum completion_kind kind,
                 double weight)
{
	if (already(out, *n, text)) {
		free(text);
		return;
	}
	out[(*n)++] = (struct completion){text, kind, weight};
}

size_t autocomplete_suggest(autocomplete *a, const char *typed, struct completion *out,
                            size_t max)
{
	if (!typed || max == 0)
		return 0;
	size_t len = strlen(typed);
	if (len > 256)
		return 0; /* nobody is typing that */
	char *key = key_of(a->tok, typed, len);
	size_t n = 0;
	if (!*key) {
		free(key);
		return 0;
	}
	const struct entry **phrases = xmalloc(max * sizeof *phrases);
	const struct entry **words = xmalloc(max * sizeof *words);
	/* whole brands and categories the text begins */
	size_t np = heaviest(&a->phrases, key, phrases, max);
	/* the last word, completed, unless it is finished */
	bool finished = typed[len - 1] == ' ' || typed[len - 1] == '\t';
	const char *last = strrchr(key, ' ');
	bool one_word = !last;
	last = last ? last + 1 : key;
	size_t nw = finished ? 0 : heaviest(&a->words, last, words, max);
	/* what comes before the last word, as typed */
	size_t keep = len;
	while (keep > 0 && typed[keep - 1] != ' ')
		keep--;
	/* One word typed: phrases and words by what they stand for, so a word
	 * on a thousand products beats a brand of three. More words: a phrase
	 * that takes them all in comes first. A word typed in full is a
	 * candidate too: when it is the heaviest, nothing longer is offered. */
	size_t ip = 0, iw = 0;
	while (n < max && (ip < np || iw < nw)) {
		bool phrase = ip < np && (iw == nw || !one_word || phrases[ip]->weight >= words[iw]->weight);
		const struct entry *e = phrase ? phrases[ip++] : words[iw++];
		char *text = phrase ? xstrdup(e->display)
		                    : xasprintf("%.*s%s", (int)keep, typed, e->display);
		push(out, &n, text, e->kind, e->weight);
	}
	free(words);
	free(phrases);
	free(key);
	return n;
}

void autocomplete_release(struct completion *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i].text);
		out[i].text = NULL;
	}
}
