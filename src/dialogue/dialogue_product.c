/*
 * dialogue_product.c: questions about a shown product (answered only from
 * its attributes and description, quoting what answers), side-by-side
 * comparisons with a verdict that says why, and recommendations.
 */
#include "src/dialogue/dialogue_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/events.h"
#include "catalog/recommend/recommend.h"
#include "common/xalloc.h"

#define MAX_COMPARE 4
#define MAX_COMPARE_ATTRS 8

static void out_of_range(struct turn *t)
{
	turn_varf(t, "shown", "%zu", t->d->n_shown);
	say(t, t->d->n_shown ? "ordinal.out_of_range" : "ordinal.nothing_shown");
	suggest(t, t->d->n_shown ? "suggest.search" : "suggest.start");
}

/* The question's own words: content words minus the product's name words
 * (asking "does the X have Y" is about Y). */
static char **question_words(struct turn *t, const struct dlg_detail *p, size_t *n)
{
	char **w = content_words(t->d, t->lower, n);
	size_t keep = 0;
	for (size_t i = 0; i < *n; i++) {
		char *one[1] = {w[i]};
		if (words_in_text(one, 1, p->p.name) && *n > 1)
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	*n = keep;
	return w;
}

/* Values of attributes whose key or value carries the words, "; "-joined
 * as "key: value". NULL when none does. */
static char *answer_from_attrs(const struct dlg_detail *p, char **w, size_t n)
{
	struct buf b;
	buf_init(&b);
	size_t best = 0;
	for (size_t i = 0; i < p->n_attrs; i++) {
		size_t s = words_in_text(w, n, p->attrs[i].key);
		if (s > best)
			best = s;
	}
	if (!best) {
		buf_release(&b);
		return NULL;
	}
	const char *last_key = NULL;
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (words_in_text(w, n, p->attrs[i].key) != best)
			continue;
		if (last_key && !strcmp(last_key, p->attrs[i].key)) {
			buf_adds(&b, ", ");
		} else {
			if (b.len)
				buf_adds(&b, "; ");
			buf_printf(&b, "%s: ", p->attrs[i].key);
		}
		buf_adds(&b, p->attrs[i].value);
		last_key = p->attrs[i].key;
	}
	return buf_detach(&b);
}

/* The description sentence carrying most of the words, when it carries
 * enough of them to be an answer rather than a guess. */
static char *answer_from_text(const char *text, char **w, size_t n)
{
	if (!text || !n)
		return NULL;
	size_t need = n <= 2 ? n : (n * 2 + 2) / 3;
	char *best = NULL;
	size_t best_hits = 0;
	const char *s = text;
	while (*s) {
		while (*s == ' ')
			s++;
		size_t len = 0;
		while (s[len] && !((s[len] == '.' || s[len] == '!' || s[len] == '?') &&
		                   (s[len + 1] == ' ' || !s[len + 1] || s[len + 1] == '\n')))
			len++;
		if (s[len])
			len++;
		char *sentence = xstrndup(s, len);
		size_t hits = words_in_text(w, n, sentence);
		if (hits >= need && hits > best_hits) {
			free(best);
			best = sentence;
			best_hits = hits;
		} else {
			free(sentence);
		}
		s += len;
	}
	return best;
}

static void set_product_vars(struct turn *t, const struct reply_product *p)
{
	turn_var(t, "name", p->name);
	turn_var(t, "brand", p->brand);
	char *m = p->has_price ? money(p->price_cents, p->currency) : NULL;
	turn_var(t, "price", m);
	free(m);
	if (p->has_rating)
		turn_varf(t, "rating", "%.1f", p->rating);
	else
		turn_var(t, "rating", NULL);
	if (p->has_stock)
		turn_varf(t, "stock", "%lld", (long long)p->stock);
	else
		turn_var(t, "stock", NULL);
}

/* The fixed questions every product can answer: stock, price, rating, brand. */
static bool answer_fixed(struct turn *t, const struct dlg_detail *p)
{
	struct {
		const char *lexicon;
		bool known;
		const char *yes;
		const char *no;
	} fixed[] = {
		{"lexicon.ask_stock", p->p.has_stock, p->p.stock > 0 ? "question.in_stock" : "question.out_of_stock", NULL},
		{"lexicon.ask_price", p->p.has_price, "question.price", NULL},
		{"lexicon.ask_rating", p->p.has_rating, "question.rating", NULL},
		{"lexicon.ask_brand", p->p.brand != NULL, "question.brand", NULL},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (!lexicon_says(t->d, t->lower, fixed[i].lexicon))
			continue;
		say(t, fixed[i].known ? fixed[i].yes : "question.unknown_fixed");
		return true;
	}
	return false;
}

static void answer_one(struct turn *t, const struct dlg_detail *p)
{
	set_product_vars(t, &p->p);
	if (answer_fixed(t, p))
		return;
	size_t n = 0;
	char **w = question_words(t, p, &n);
	char *attr = answer_from_attrs(p, w, n);
	char *quote = attr ? NULL : answer_from_text(p->description, w, n);
	if (!attr && !quote) {
		/* Attribute values ("waterproof: yes" asked as "is it waterproof") */
		for (size_t i = 0; i < p->n_attrs && !attr; i++)
			if (words_in_text(w, n, p->attrs[i].value) == n && n)
				attr = xasprintf("%s: %s", p->attrs[i].key, p->attrs[i].value);
	}
	struct buf what;
	buf_init(&what);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&what, ' ');
		buf_adds(&what, w[i]);
	}
	turn_var(t, "what", what.len ? what.s : NULL);
	if (attr) {
		turn_var(t, "answer", attr);
		say(t, "question.attr");
	} else if (quote) {
		turn_var(t, "quote", quote);
		say(t, "question.quote");
	} else {
		say(t, what.len ? "question.unknown" : "question.unknown_plain");
	}
	buf_release(&what);
	free(attr);
	free(quote);
	words_free(w, n);
}

void dlg_question(struct turn *t)
{
	dialogue *d = t->d;
	int idx[MAX_COMPARE];
	int n = resolve_targets(t, idx, MAX_COMPARE, false);
	if (n < 0) {
		out_of_range(t);
		return;
	}
	if (n == 0) {
		say(t, d->n_shown ? "question.which" : "question.no_product");
		suggest(t, d->n_shown ? "suggest.question" : "suggest.start");
		return;
	}
	for (int k = 0; k < n; k++) {
		struct dlg_detail p;
		char *err = NULL;
		if (dsearch_detail(d, d->shown[idx[k]].id, &p, &err) < 0) {
			turn_fail(t, err);
			free(err);
			return;
		}
		answer_one(t, &p);
		events_log(d->cat, d->customer, d->session, "view", p.p.id, NULL, NULL);
		dlg_detail_release(&p);
	}
	if (n == 1) {
		d->focus = idx[0];
		turn_var(t, "name", d->shown[idx[0]].name);
	}
	suggest(t, "suggest.question");
}

/* ---- compare ---- */

static char *price_cell(const struct reply_product *p)
{
	return p->has_price ? money(p->price_cents, p->currency) : xstrdup("");
}

static char *attr_value(const struct dlg_detail *p, const char *key)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (strcasecmp(p->attrs[i].key, key))
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, p->attrs[i].value);
	}
	return buf_detach(&b);
}

static void add_row(struct reply_compare *c, const char *label, char **cells)
{
	size_t r = c->n_rows++;
	c->row_labels = xrealloc(c->row_labels, c->n_rows * sizeof *c->row_labels);
	c->cells = xrealloc(c->cells, c->n_rows * sizeof *c->cells);
	c->row_differs = xrealloc(c->row_differs, c->n_rows * sizeof *c->row_differs);
	c->row_labels[r] = xstrdup(label);
	c->cells[r] = cells;
	c->row_differs[r] = false;
	for (size_t j = 1; j < c->n_cols; j++)
		if (strcmp(cells[j], cells[0]))
			c->row_differs[r] = true;
}

/* Keys every compared product has, in the first product's order. */
static size_t shared_keys(const struct dlg_detail *p, size_t n, const char **keys, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < p[0].n_attrs && k < max; i++) {
		const char *key = p[0].attrs[i].key;
		bool everywhere = true, seen = false;
		for (size_t j = 0; j < k; j++)
			seen |= !strcasecmp(keys[j], key);
		for (size_t j = 1; j < n && everywhere && !seen; j++) {
			bool has = false;
			for (size_t a = 0; a < p[j].n_attrs; a++)
				has |= !strcasecmp(p[j].attrs[a].key, key);
			everywhere = has;
		}
		if (everywhere && !seen)
			keys[k++] = key;
	}
	return k;
}

static struct reply_compare *build_table(struct turn *t, const struct dlg_detail *p, size_t n)
{
	struct reply_compare *c = xcalloc(1, sizeof *c);
	c->n_cols = n;
	c->col_names = xcalloc(n, sizeof *c->col_names);
	for (size_t j = 0; j < n; j++)
		c->col_names[j] = xstrdup(p[j].p.name);
	static const char *const fixed[] = {"price", "brand", "rating", "stock"};
	for (size_t r = 0; r < 4; r++) {
		char **cells = xcalloc(n, sizeof *cells);
		for (size_t j = 0; j < n; j++) {
			const struct reply_product *q = &p[j].p;
			switch (r) {
			case 0: cells[j] = price_cell(q); break;
			case 1: cells[j] = xstrdup(q->brand ? q->brand : ""); break;
			case 2: cells[j] = q->has_rating ? xasprintf("%.1f", q->rating) : xstrdup(""); break;
			default:
				cells[j] = !q->has_stock ? xstrdup("")
				           : q->stock > 0 ? xasprintf("%lld", (long long)q->stock)
				                          : xstrdup("0");
			}
		}
		const char *label = replies_raw(t->d->rp, "compare.labels", r);
		add_row(c, label ? label : fixed[r], cells);
	}
	const char *keys[MAX_COMPARE_ATTRS];
	size_t nk = shared_keys(p, n, keys, MAX_COMPARE_ATTRS);
	for (size_t k = 0; k < nk; k++) {
		char **cells = xcalloc(n, sizeof *cells);
		for (size_t j = 0; j < n; j++)
			cells[j] = attr_value(&p[j], keys[k]);
		add_row(c, keys[k], cells);
	}
	return c;
}

/* Best rated and best value (the cheapest of those rated within 0.3 of the
 * best), each with the reason in numbers. */
static void verdict(struct turn *t, const struct dlg_detail *p, size_t n, struct reply_compare *c)
{
	int rated = -1, value = -1;
	for (size_t j = 0; j < n; j++)
		if (p[j].p.has_rating && (rated < 0 || p[j].p.rating > p[rated].p.rating))
			rated = (int)j;
	for (size_t j = 0; j < n; j++) {
		if (!p[j].p.has_price)
			continue;
		if (rated >= 0 && p[j].p.has_rating && p[j].p.rating < p[rated].p.rating - 0.3 - 1e-9)
			continue;
		if (value < 0 || p[j].p.price_cents < p[value].p.price_cents)
			value = (int)j;
	}
	struct buf b;
	buf_init(&b);
	if (rated >= 0) {
		double second = -1;
		for (size_t j = 0; j < n; j++)
			if ((int)j != rated && p[j].p.has_rating && p[j].p.rating > second)
				second = p[j].p.rating;
		turn_var(t, "best_rated", p[rated].p.name);
		turn_varf(t, "rating", "%.1f", p[rated].p.rating);
		if (second >= 0)
			turn_varf(t, "other_rating", "%.1f", second);
		char *s = replies_render(t->d->rp, second >= 0 && second < p[rated].p.rating
		                                           ? "compare.best_rated" : "compare.same_rating",
		                         0, t->vars, t->n_vars, NULL);
		buf_adds(&b, s);
		free(s);
	}
	if (value >= 0) {
		int64_t most = 0;
		for (size_t j = 0; j < n; j++)
			if (p[j].p.has_price && p[j].p.price_cents > most)
				most = p[j].p.price_cents;
		char *saving = money(most - p[value].p.price_cents, p[value].p.currency);
		turn_var(t, "best_value", p[value].p.name);
		turn_var(t, "saving", saving);
		free(saving);
		const char *key = most <= p[value].p.price_cents ? NULL
		                  : value == rated ? "compare.best_both"
		                                   : "compare.best_value";
		if (key) {
			char *s = replies_render(t->d->rp, key, 0, t->vars, t->n_vars, NULL);
			if (b.len && *s)
				buf_addc(&b, ' ');
			buf_adds(&b, s);
			free(s);
		}
	}
	if (b.len)
		c->verdict = buf_detach(&b);
	else
		buf_release(&b);
}

/* "which is better for battery life?": the rows and sentences about it. */
static void focus_question(struct turn *t, const struct dlg_detail *p, size_t n,
                           const struct reply_compare *c)
{
	size_t nw = 0;
	char **w = content_words(t->d, t->lower, &nw);
	size_t keep = 0;
	for (size_t i = 0; i < nw; i++) {
		if (lexicon_word(t->d, w[i], "lexicon.compare_words"))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	nw = keep;
	bool said = false;
	for (size_t r = 4; r < c->n_rows && nw; r++) {
		if (!words_in_text(w, nw, c->row_labels[r]))
			continue;
		struct buf vals;
		buf_init(&vals);
		for (size_t j = 0; j < n; j++)
			buf_printf(&vals, "%s%s: %s", j ? "; " : "", p[j].p.name,
			           *c->cells[r][j] ? c->cells[r][j] : "-");
		turn_var(t, "label", c->row_labels[r]);
		turn_var(t, "values", vals.s);
		buf_release(&vals);
		say(t, "+compare.focus_row");
		said = true;
	}
	for (size_t j = 0; j < n && nw && !said; j++) {
		char *q = answer_from_text(p[j].description, w, nw);
		if (!q)
			continue;
		turn_var(t, "name", p[j].p.name);
		turn_var(t, "quote", q);
		say(t, "+compare.focus_quote");
		free(q);
		said = true;
	}
	if (nw && !said) {
		struct buf what;
		buf_init(&what);
		for (size_t i = 0; i < nw; i++)
			buf_printf(&what, "%s%s", i ? " " : "", w[i]);
		turn_var(t, "what", what.s);
		buf_release(&what);
		say(t, "+compare.focus_unknown");
	}
	words_free(w, nw);
}

void dlg_compare(struct turn *t)
{
	dialogue *d = t->d;
	int idx[MAX_COMPARE];
	int n = resolve_targets(t, idx, MAX_COMPARE, false);
	if (n < 0) {
		out_of_range(t);
		return;
	}
	if (n < 2 && d->n_compared >= 2 && !t->out->nlu.entities.n_ordinals) {
		n = (int)(d->n_compared < MAX_COMPARE ? d->n_compared : MAX_COMPARE);
		memcpy(idx, d->compared, (size_t)n * sizeof *idx);
	} else if (n < 2 && d->n_shown >= 2 && !t->out->nlu.entities.n_ordinals) {
		n = 2;
		idx[0] = 0;
		idx[1] = 1;
	}
	if (n < 2) {
		say(t, d->n_shown < 2 ? "compare.need_list" : "compare.need_two");
		suggest(t, d->n_shown < 2 ? "suggest.start" : "suggest.search");
		return;
	}
	struct dlg_detail p[MAX_COMPARE];
	size_t got = 0;
	for (int k = 0; k < n; k++) {
		char *err = NULL;
		if (dsearch_detail(d, d->shown[idx[k]].id, &p[got], &err) < 0) {
			turn_fail(t, err);
			free(err);
			goto cleanup;
		}
		got++;
		events_log(d->cat, d->customer, d->session, "compare", d->shown[idx[k]].id, NULL, NULL);
	}
	struct reply_compare *c = build_table(t, p, got);
	verdict(t, p, got, c);
	t->out->compare = c;
	turn_varf(t, "count", "%zu", got);
	say(t, "compare.intro");
	if (c->verdict) {
		turn_var(t, "verdict", c->verdict);
		say(t, "compare.verdict");
	}
	focus_question(t, p, got, c);
	for (size_t j = 0; j < got; j++)
		reply_show(t, &p[j].p, 1);
	memcpy(d->compared, idx, (size_t)n * sizeof *idx);
	d->n_compared = (size_t)n;
	turn_var(t, "name", p[0].p.name);
	suggest(t, "suggest.compare");
cleanup:
	for (size_t j = 0; j < got; j++)
		dlg_detail_release(&p[j]);
}

/* ---- recommend ---- */

static enum recommend_mode mode_of(struct turn *t)
{
	if (lexicon_says(t->d, t->lower, "lexicon.similar"))
		return RECOMMEND_SIMILAR;
	if (lexicon_says(t->d, t->lower, "lexicon.goes_with"))
		return RECOMMEND_COMPLEMENT;
	return RECOMMEND_ANY;
}

void dlg_recommend(struct turn *t)
{
	dialogue *d = t->d;
	int idx[MAX_COMPARE];
	int n = t->out->nlu.entities.n_ordinals || d->focus >= 0 || d->n_shown == 1
	                ? resolve_targets(t, idx, MAX_COMPARE, false)
	                : 0;
	if (n < 0) {
		out_of_range(t);
		return;
	}
	/* words that name a kind the product in view is not ("a mystery
	 * novel" while a cookbook is shown) ask for that kind */
	const char *words = t->out->nlu.entities.product_words;
	bool about_target = n > 0 && (t->out->nlu.entities.n_ordinals ||
	                              words_in_name(words, d->shown[idx[0]].name,
	                                            d->shown[idx[0]].brand));
	if (!about_target && dlg_recommend_words(t))
		return;
	const char *with[MAX_COMPARE];
	for (int k = 0; k < n; k++)
		with[k] = d->shown[idx[k]].id;
	struct recommend_request q = {
		.customer = d->customer, .with = with, .n_with = (size_t)n, .limit = DLG_PAGE,
		.mode = mode_of(t),
	};
	struct recommendation *r = NULL;
	size_t nr = 0;
	char *err = NULL;
	int rc = recommend_run(d->cat, &q, &r, &nr, &err);
	if (rc == 0 && !nr && q.mode != RECOMMEND_ANY) {
		/* Nothing of the asked kind: anything related is better than nothing. */
		q.mode = RECOMMEND_ANY;
		recommend_free(r, nr);
		rc = recommend_run(d->cat, &q, &r, &nr, &err);
	}
	if (rc < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	struct reply_product items[DLG_PAGE];
	char *why[DLG_PAGE];
	size_t got = 0;
	for (size_t i = 0; i < nr && got < DLG_PAGE; i++) {
		struct dlg_detail p;
		if (dsearch_detail(d, r[i].id, &p, NULL) < 0)
			continue;
		reply_product_copy(&items[got], &p.p);
		/* The reason in the shopper's words: template "why.bought_together". */
		char *key = xasprintf("why.%s", r[i].why);
		for (char *c = key; *c; c++)
			if (*c == ' ')
				*c = '_';
		const char *w = replies_raw(d->rp, key, 0);
		why[got] = xstrdup(w ? w : r[i].why);
		free(key);
		got++;
		dlg_detail_release(&p);
	}
	if (n > 0)
		turn_var(t, "name", d->shown[idx[0]].name);
	if (!got) {
		say(t, "recommend.none");
		suggest(t, "suggest.start");
	} else {
		turn_varf(t, "count", "%zu", got);
		const char *key = n == 0 ? "recommend.general"
		                  : q.mode == RECOMMEND_SIMILAR ? "recommend.similar"
		                  : q.mode == RECOMMEND_COMPLEMENT ? "recommend.goes_with"
		                                                   : "recommend.for";
		say(t, key);
		reply_show(t, items, got);
		shown_set(d, items, got, NULL, why, SHOWN_RECOMMEND);
		suggest(t, "suggest.recommend");
	}
	for (size_t i = 0; i < got; i++) {
		reply_product_release(&items[i]);
		free(why[i]);
	}
	recommend_free(r, nr);
}
