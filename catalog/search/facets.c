/*
 * facets.c: one pass over the (capped) result set, counted in memory.
 */
#include "catalog/search/facets.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/search/search_int.h"
#include "common/xalloc.h"

/* Band edges in cents; the last band is open. */
static const int64_t band_edges[] = {0, 1000, 2500, 5000, 10000, 25000, 50000, 100000};
#define N_BANDS (sizeof band_edges / sizeof band_edges[0])

static const char match_sql[] =
	"SELECT b.name, cat.path, p.price_cents"
	" FROM product_fts CROSS JOIN products p ON p.id = product_fts.rowid"
	" LEFT JOIN brands b ON b.id = p.brand_id LEFT JOIN categories cat ON cat.id = p.category_id"
	" WHERE product_fts MATCH ?1 AND clerk_in_set(?14, product_fts.rowid)";
static const char browse_sql[] =
	"SELECT b.name, cat.path, p.price_cents FROM products p"
	" LEFT JOIN brands b ON b.id = p.brand_id LEFT JOIN categories cat ON cat.id = p.category_id"
	" WHERE ?1 IS NULL";

struct counter {
	struct facet_value *v;
	size_t n, cap;
};

static void count_value(struct counter *c, const char *value)
{
	if (!value)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].value, value)) {
			c->v[i].count++;
			return;
		}
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
	c->v[c->n++] = (struct facet_value){xstrdup(value), 1};
}

static int by_count(const void *a, const void *b)
{
	const struct facet_value *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->value, y->value);
}

/* Sorts and keeps the first max values; frees the rest. */
static void top(struct counter *c, size_t max, struct facet_value **out, size_t *n)
{
	qsort(c->v, c->n, sizeof *c->v, by_count);
	for (size_t i = max; i < c->n; i++)
		free(c->v[i].value);
	*n = c->n < max ? c->n : max;
	*out = c->v;
}

/* The expression the search would use: all words, or any of them when all
 * of them find nothing. NULL (browse) when the plan has no groups. */
static char *choose_expr(searcher *s, const struct search_query *q, const struct search_plan *p,
                         struct search_phrase **groups, char **err, int *failed)
{
	size_t n;
	char *expr = search_plan_expr(p, 0, groups, &n);
	size_t optional = 0;
	for (size_t i = 0; i < p->n_groups; i++)
		optional += !p->groups[i].required;
	if (!expr || optional < 2 || q->no_relax)
		return expr;
	int64_t any = search_count_upto(s, expr, 1);
	if (any < 0) {
		*failed = catalog_fail(s->c, err, "counting matches");
		return expr;
	}
	if (any > 0)
		return expr;
	free(expr);
	free(*groups);
	return search_plan_expr(p, PLAN_RELAXED, groups, &n);
}

int search_facets(searcher *s, const struct search_query *q, size_t max_values,
                  struct search_facets *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (max_values == 0)
		max_values = 10;
	struct search_plan plan;
	if (search_plan_build(s, q, &plan, err) < 0)
		return -1;
	struct search_phrase *groups = NULL;
	char *expr = NULL, *sql = NULL;
	sqlite3_stmt *st = NULL;
	struct counter brands = {0}, cats = {0};
	size_t bands[N_BANDS] = {0};
	int rc = -1, failed = 0;
	size_t optional = 0;
	for (size_t i = 0; i < plan.n_groups; i++)
		optional += !plan.groups[i].required;
	if (plan.impossible || (plan.n_unknown > 0 && optional == 0)) {
		rc = 0;
		goto cleanup;
	}
	bool nothing = false;
	if (search_facts_prepare(s, q, &nothing, err) < 0)
		goto cleanup;
	if (nothing) {
		rc = 0; /* a brand or category the catalog does not have */
		goto cleanup;
	}
	expr = choose_expr(s, q, &plan, &groups, err, &failed);
	if (failed)
		goto cleanup;
	sql = xasprintf("%s%s LIMIT ?13", expr ? match_sql : browse_sql, search_filter_sql);
	st = catalog_prepare(s->c, sql, err);
	if (!st)
		goto cleanup;
	if (expr) {
		sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
		sqlite3_bind_pointer(st, 14, s->facts, "clerk_facts", NULL);
	}
	search_bind_filters(st, q);
	sqlite3_bind_int64(st, 13, SEARCH_CANDIDATES);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		out->total++;
		count_value(&brands, (const char *)sqlite3_column_text(st, 0));
		count_value(&cats, (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		int64_t cents = sqlite3_column_int64(st, 2);
		size_t b = N_BANDS - 1;
		while (b > 0 && cents < band_edges[b])
			b--;
		bands[b]++;
	}
	if (step != SQLITE_DONE) {
		catalog_fail(s->c, err, "counting facets");
		goto cleanup;
	}
	out->capped = out->total >= SEARCH_CANDIDATES;
	top(&brands, max_values, &out->brands, &out->n_brands);
	top(&cats, max_values, &out->categories, &out->n_categories);
	brands.v = cats.v = NULL;
	brands.n = cats.n = 0;
	out->bands = xcalloc(N_BANDS, sizeof *out->bands);
	for (size_t b = 0; b < N_BANDS; b++) {
		if (!bands[b])
			continue;
		out->bands[out->n_bands++] = (struct facet_band){
			band_edges[b], b + 1 < N_BANDS ? band_edges[b + 1] : -1, bands[b]};
	}
	rc = 0;
cleanup:
	search_facts_done(s);
	for (size_t i = 0; i < brands.n; i++)
		free(brands.v[i].value);
	free(brands.v);
	for (size_t i = 0; i < cats.n; i++)
		free(cats.v[i].value);
	free(cats.v);
	sqlite3_finalize(st);
	free(sql);
	free(expr);
	free(groups);
	search_plan_release(&plan);
	if (rc < 0)
		search_facets_release(out);
	return rc;
}

void search_facets_release(struct search_facets *f)
{
	for (size_t i = 0; i < f->n_brands; i++)
		free(f->brands[i].value);
	free(f->brands);
	for (size_t i = 0; i < f->n_categories; i++)
		free(f->categories[i].value);
	free(f->categories);
	free(f->bands);
	memset(f, 0, sizeof *f);
}
