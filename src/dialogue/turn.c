/*
 * turn.c: the reply being built: template variables, the chosen wording,
 * suggestions, the products shown, and releasing a reply.
 */
#include "src/dialogue/turn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "src/dialogue/state.h"

void turn_var(struct turn *t, const char *name, const char *value)
{
	for (size_t i = 0; i < t->n_vars; i++) {
		if (!strcmp(t->vars[i].name, name)) {
			free(t->owned[i]);
			t->owned[i] = value ? xstrdup(value) : NULL;
			t->vars[i].value = t->owned[i];
			return;
		}
	}
	if (t->n_vars >= DLG_MAX_VARS)
		return;
	t->owned[t->n_vars] = value ? xstrdup(value) : NULL;
	t->vars[t->n_vars].name = name;
	t->vars[t->n_vars].value = t->owned[t->n_vars];
	t->n_vars++;
}

void turn_varf(struct turn *t, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[512];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	turn_var(t, name, tmp);
}

void turn_money(struct turn *t, const char *name, int64_t cents, const char *currency)
{
	char *m = money(cents, currency);
	turn_var(t, name, m);
	free(m);
}

/* Chooses a variant from the seed, the turn and the key, so transcripts
 * replay exactly and neighbouring turns vary. */
static unsigned long pick(const dialogue *d, const char *key)
{
	unsigned long h = 1469598103934665603UL ^ (d->seed * 0x9E3779B97F4A7C15UL);
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211UL;
	h ^= d->turn * 0xBF58476D1CE4E5B9UL;
	h ^= d->reply_style * 0x94D049BB133111EBUL;
	h ^= h >> 29;
	return h;
}

void turn_count(struct turn *t, const char *var, long long n)
{
	/* turn_var keeps the name pointer: the names are static strings */
	static const char *const vars[][2] = {
		{"items", "items_noun"}, {"count", "count_noun"}, {"total", "total_noun"}};
	turn_varf(t, var, "%lld", n);
	const char *noun = replies_raw(t->d->rp, n == 1 ? "word.item" : "word.items", 0);
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if (!strcmp(vars[i][0], var))
			turn_var(t, vars[i][1], noun);
}

static void say_from(struct turn *t, const char *key, bool first)
{
	bool newline = *key == '+';
	if (newline)
		key++;
	/* the picked variant, or the next one whose every {variable} is known:
	 * "No products match {query}." rather than "... for {query} ()." */
	size_t n = replies_count(t->d->rp, key);
	unsigned long start = first ? 0 : pick(t->d, key);
	char *s = NULL;
	for (size_t k = 0; k < n && !s; k++) {
		bool missing = false;
		s = replies_render_nth(t->d->rp, key, (start + k) % n, t->vars, t->n_vars, &missing);
		if (s && missing) {
			free(s);
			s = NULL;
		}
	}
	if (!s)
		s = replies_render(t->d->rp, key, start, t->vars, t->n_vars, NULL);
	if (*s) {
		if (t->text.len)
			buf_addc(&t->text, newline ? '\n' : ' ');
		buf_adds(&t->text, s);
	}
	free(s);
}

void say(struct turn *t, const char *key)
{
	say_from(t, key, false);
}

void say_first(struct turn *t, const char *key)
{
	say_from(t, key, true);
}

void say_count(struct turn *t, const char *key, long long n)
{
	if (n == 1) {
		char *one = xasprintf("%s.one", key);
		bool has = replies_count(t->d->rp, *one == '+' ? one + 1 : one) > 0;
		say_from(t, has ? one : key, false);
		free(one);
		return;
	}
	say_from(t, key, false);
}

static void add_suggestion(struct reply *r, char *s)
{
	for (size_t i = 0; i < r->n_suggestions; i++) {
		if (!strcmp(r->suggestions[i], s)) {
			free(s);
			return;
		}
	}
	r->suggestions = xrealloc(r->suggestions, (r->n_suggestions + 1) * sizeof *r->suggestions);
	r->suggestions[r->n_suggestions++] = s;
}

/* What the suggestions may offer, as variables a template names to be
 * offered only then ("show more{if_more}"): an empty value when it holds,
 * none when not. A suggestion that contradicts the screen is worse than
 * none: "show more" after the last page, "compare the first two" beside
 * one product, "not Samsung" where every product is Samsung's. */
static void suggest_state(struct turn *t)
{
	dialogue *d = t->d;
	bool more = d->list == LIST_SEARCH && d->has_frame && d->offset + d->n_shown < d->total;
	bool rated = false, stock = false, two_brands = false;
	for (size_t i = 0; i < d->n_shown; i++) {
		rated |= d->shown[i].has_rating;
		stock |= d->shown[i].has_stock;
		two_brands |= i > 0 && d->shown[i].brand && d->shown[0].brand &&
		              strcasecmp(d->shown[i].brand, d->shown[0].brand);
	}
	turn_var(t, "if_more", more ? "" : NULL);
	turn_var(t, "if_two", d->n_shown >= 2 ? "" : NULL);
	turn_var(t, "if_rated", rated ? "" : NULL);
	turn_var(t, "if_stock", stock ? "" : NULL);
	/* only / not a brand: when the page holds others too, and the
	 * shopper did not just ask for it */
	bool asked = d->has_frame && d->frame.brand;
	turn_var(t, "if_brands", two_brands && !asked ? "" : NULL);
}

void suggest(struct turn *t, const char *key)
{
	size_t n = replies_count(t->d->rp, key);
	if (!n)
		return;
	suggest_state(t);
	size_t start = pick(t->d, key) % n;
	for (size_t k = 0; k < n && t->out->n_suggestions < 4; k++) {
		bool missing = false;
		char *s = replies_render_nth(t->d->rp, key, (start + k) % n, t->vars, t->n_vars,
		                             &missing);
		if (!s || missing || !*s) {
			free(s);
			continue;
		}
		add_suggestion(t->out, s);
	}
}

void turn_fail(struct turn *t, const char *err)
{
	if (!t->out->error)
		t->out->error = xstrdup(err ? err : "unknown error");
}

void turn_show(struct turn *t, const struct product_view *p, size_t n)
{
	struct reply *r = t->out;
	r->products = xrealloc(r->products, (r->n_products + n + 1) * sizeof *r->products);
	for (size_t i = 0; i < n; i++)
		product_view_copy(&r->products[r->n_products++], &p[i]);
}

char *money(int64_t cents, const char *currency)
{
	bool neg = cents < 0;
	if (neg)
		cents = -cents;
	if (!currency || !strcmp(currency, "USD"))
		return xasprintf("%s$%lld.%02lld", neg ? "-" : "", (long long)(cents / 100),
		                 (long long)(cents % 100));
	return xasprintf("%s%lld.%02lld %s", neg ? "-" : "", (long long)(cents / 100),
	                 (long long)(cents % 100), currency);
}

static void compare_free(struct reply_compare *c)
{
	if (!c)
		return;
	for (size_t j = 0; j < c->n_cols; j++)
		free(c->col_names[j]);
	free(c->col_names);
	for (size_t i = 0; i < c->n_rows; i++) {
		free(c->row_labels[i]);
		for (size_t j = 0; j < c->n_cols; j++)
			free(c->cells[i][j]);
		free(c->cells[i]);
	}
	free(c->row_labels);
	free(c->cells);
	free(c->row_differs);
	free(c->verdict);
	free(c);
}

void reply_release(struct reply *r)
{
	if (!r)
		return;
	free(r->text);
	for (size_t i = 0; i < r->n_products; i++)
		product_view_release(&r->products[i]);
	free(r->products);
	compare_free(r->compare);
	for (size_t i = 0; i < r->n_suggestions; i++)
		free(r->suggestions[i]);
	free(r->suggestions);
	nlu_result_release(&r->nlu);
	free(r->error);
	memset(r, 0, sizeof *r);
}

bool turn_unresolved(struct turn *t, const struct unresolved_keys *k)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	switch (r->ref) {
	case REF_OK:
		return false;
	case REF_OUT_OF_RANGE:
		say_out_of_range(t);
		return true;
	case REF_NOT_FOUND:
		turn_var(t, "words", r->missing);
		say(t, k->not_found);
		suggest(t, k->not_found_suggest);
		return true;
	case REF_AMBIGUOUS:
		say(t, "which.product");
		turn_show(t, d->shown, d->n_shown);
		suggest(t, "suggest.which");
		return true;
	case REF_NONE:
		break;
	}
	say(t, d->n_shown ? k->which : k->none);
	suggest(t, d->n_shown ? k->which_suggest : "suggest.start");
	return true;
}

void say_out_of_range(struct turn *t)
{
	size_t n = t->d->n_shown;
	turn_varf(t, "shown", "%zu", n);
	say_count(t, n ? "ordinal.out_of_range" : "ordinal.nothing_shown", (long long)n);
	suggest(t, n ? "suggest.search" : "suggest.start");
}

void say_list_of(struct turn *t, struct product_view *items, size_t n, const char *key,
                 const char *none_key)
{
	if (n) {
		turn_count(t, "count", (long long)n);
		say_count(t, key, (long long)n);
		turn_show(t, items, n);
		state_list_set(t->d, items, n, NULL, NULL, LIST_NAMED);
	} else {
		say(t, none_key);
	}
	for (size_t i = 0; i < n; i++)
		product_view_release(&items[i]);
}
