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

struct name_ctx {
	struct table *words;
	const char *text;
};

/* Each word of a product name, displayed as the name writes it. */
static int name_token(void *ctx, const struct token *t)
{
	struct name_ctx *n = ctx;
	if ((t->flags & TOKEN_PART) || (t->flags & TOKEN_STOP) || t->surface_len < 2)
		return 0;
	char *key = xstrndup(t->surface, t->surface_len);
	table_add(n->words, key, n->text + t->start, t->end - t->start, 1, COMPLETION_WORD);
	free(key);
	return 0;
}

static int load(autocomplete *a, catalog *c, char **err)
{
	static const struct {
		const char *sql;
		enum completion_kind kind;
	} sources[] = {
		{"SELECT b.name, count(p.id) FROM brands b LEFT JOIN products p ON p.brand_id = b.id"
		 " GROUP BY b.id", COMPLETION_BRAND},
		{"SELECT cat.name, count(p.id) FROM categories cat"
		 " LEFT JOIN products p ON p.category_id = cat.id GROUP BY cat.id", COMPLETION_CATEGORY},
		{"SELECT name, 1 FROM products LIMIT 50000", COMPLETION_WORD},
	};
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		sqlite3_stmt *st = catalog_prepare(c, sources[i].sql, err);
		if (!st)
			return -1;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *text = (const char *)sqlite3_column_text(st, 0);
			size_t len = (size_t)sqlite3_column_bytes(st, 0);
			double weight = sqlite3_column_double(st, 1) + 1;
			if (!text)
				continue;
			if (sources[i].kind == COMPLETION_WORD) {
				struct name_ctx n = {&a->words, text};
				tokenizer_run(a->tok, text, len, name_token, &n);
				continue;
			}
			char *key = key_of(a->tok, text, len);
			table_add(&a->phrases, key, text, len, weight, sources[i].kind);
			free(key);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return catalog_fail(c, err, "reading completions");
	}
	table_finish(&a->phrases);
	table_finish(&a->words);
	return 0;
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
		if (!strcmp(out[i].text, text))
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
	const struct entry **best = xmalloc(max * sizeof *best);
	/* whole brands and categories the text begins */
	size_t k = heaviest(&a->phrases, key, best, max);
	for (size_t i = 0; i < k && n < max; i++)
		push(out, &n, xstrdup(best[i]->display), best[i]->kind, best[i]->weight);
	/* the last word, completed, unless it is finished */
	bool finished = len && (typed[len - 1] == ' ' || typed[len - 1] == '\t');
	if (!finished && n < max) {
		const char *last = strrchr(key, ' ');
		last = last ? last + 1 : key;
		/* what comes before the last word, as typed */
		size_t keep = len;
		while (keep > 0 && typed[keep - 1] != ' ')
			keep--;
		k = heaviest(&a->words, last, best, max - n);
		for (size_t i = 0; i < k && n < max; i++) {
			if (!strcmp(best[i]->key, last) && k > 1)
				continue; /* already typed in full */
			char *text = xasprintf("%.*s%s", (int)keep, typed, best[i]->display);
			push(out, &n, text, COMPLETION_WORD, best[i]->weight);
		}
	}
	free(best);
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
