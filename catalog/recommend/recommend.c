/*
 * recommend.c: candidate generation by SQL, scoring in C. Each seed reads at
 * most CANDIDATES_PER_SEED rows per source, so the cost does not grow with
 * the catalog.
 */
#include "catalog/recommend/recommend.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define MAX_SEEDS 20
#define CANDIDATES_PER_SEED 400
#define POPULAR_SAMPLE "20000"

struct seed {
	int64_t id;
	int64_t category;
	int64_t parent;
	int64_t grandparent;
	char name[256]; /* lowercase, for the name overlap of complements */
	int64_t brand;
	int64_t price;
	int has_price;
};

struct cand {
	int64_t id;
	double score;
	const char *why;
	double why_weight;
};

struct run {
	catalog *c;
	struct seed seeds[MAX_SEEDS];
	size_t n_seeds;
	struct cand *cands;
	size_t n, cap;
};

static int is_seed(const struct run *r, int64_t id)
{
	for (size_t i = 0; i < r->n_seeds; i++)
		if (r->seeds[i].id == id)
			return 1;
	return 0;
}

/* Appends a scored candidate; merge() later sums a product's entries. */
static void add_score(struct run *r, int64_t id, double s, const char *why)
{
	if (is_seed(r, id))
		return;
	r->cands = xgrow(r->cands, &r->cap, r->n + 1, sizeof *r->cands);
	r->cands[r->n++] = (struct cand){id, s, why, s};
}

static int by_id(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sums the entries of each product; its reason is its strongest entry's. */
static void merge(struct run *r)
{
	if (!r->n)
		return;
	qsort(r->cands, r->n, sizeof *r->cands, by_id);
	size_t out = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (out && r->cands[out - 1].id == r->cands[i].id) {
			struct cand *m = &r->cands[out - 1];
			m->score += r->cands[i].score;
			if (r->cands[i].why_weight > m->why_weight) {
				m->why = r->cands[i].why;
				m->why_weight = r->cands[i].why_weight;
			}
		} else {
			r->cands[out++] = r->cands[i];
		}
	}
	r->n = out;
}

static int add_seed(struct run *r, sqlite3_stmt *info, int64_t id)
{
	if (r->n_seeds >= MAX_SEEDS || is_seed(r, id))
		return 0;
	sqlite3_reset(info);
	sqlite3_bind_int64(info, 1, id);
	if (sqlite3_step(info) != SQLITE_ROW)
		return 0;
	struct seed *s = &r->seeds[r->n_seeds++];
	s->id = id;
	s->category = sqlite3_column_int64(info, 0);
	s->parent = sqlite3_column_int64(info, 1);
	s->grandparent = sqlite3_column_int64(info, 4);
	const unsigned char *nm = sqlite3_column_text(info, 5);
	snprintf(s->name, sizeof s->name, "%s", nm ? (const char *)nm : "");
	for (char *p = s->name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	s->brand = sqlite3_column_int64(info, 2);
	s->has_price = sqlite3_column_type(info, 3) != SQLITE_NULL;
	s->price = sqlite3_column_int64(info, 3);
	return 1;
}

static const char info_sql[] =
        "SELECT coalesce(p.category_id, 0), coalesce(c.parent_id, 0), coalesce(p.brand_id, 0),"
        " p.price_cents, coalesce(g.parent_id, 0), p.name FROM products p"
        " LEFT JOIN categories c ON c.id = p.category_id"
        " LEFT JOIN categories g ON g.id = c.parent_id WHERE p.id = ?1";

static int collect_seeds(struct run *r, const struct recommend_request *q, char **err)
{
	sqlite3_stmt *info = catalog_cached(r->c, info_sql, err);
	sqlite3_stmt *by_source = catalog_cached(r->c, "SELECT id FROM products WHERE source_id = ?1", err);
	sqlite3_stmt *history = catalog_cached(
	        r->c, "SELECT product_id FROM events e JOIN customers cu ON cu.id = e.customer_id"
	              " WHERE cu.external_id = ?1 AND e.product_id IS NOT NULL"
	              " AND e.kind IN ('purchase','add_to_cart','view','compare')"
	              " UNION ALL SELECT oi.product_id FROM order_items oi"
	              " JOIN orders o ON o.id = oi.order_id JOIN customers cu ON cu.id = o.customer_id"
	              " WHERE cu.external_id = ?1 AND oi.product_id IS NOT NULL LIMIT 200", err);
	int rc = -1;
	if (!info || !by_source || !history)
		goto cleanup;
	for (size_t i = 0; i < q->n_with; i++) {
		sqlite3_reset(by_source);
		catalog_bind_text(by_source, 1, q->with[i]);
		if (sqlite3_step(by_source) == SQLITE_ROW)
			add_seed(r, info, sqlite3_column_int64(by_source, 0));
	}
	if (!q->n_with && q->customer) {
		catalog_bind_text(history, 1, q->customer);
		while (sqlite3_step(history) == SQLITE_ROW)
			add_seed(r, info, sqlite3_column_int64(history, 0));
	}
	rc = 0;
cleanup:
	catalog_release(info);
	catalog_release(by_source);
	catalog_release(history);
	return rc;
}

/* The share of the seed name's words found in name: a case "for iPhone 15"
 * goes with the "iPhone 15". */
static double name_overlap(const char *seed, const char *name)
{
	char lower[512];
	snprintf(lower, sizeof lower, "%s", name ? name : "");
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	size_t words = 0, found = 0;
	const char *s = seed;
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		const char *start = s;
		while (isalnum((unsigned char)*s))
			s++;
		size_t len = (size_t)(s - start);
		if (len < 2)
			continue;
		words++;
		for (const char *p = lower; *p; p++) {
			if (!strncmp(p, start, len) && (p == lower || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[len])) {
				found++;
				break;
			}
		}
	}
	return words ? (double)found / (double)words : 0;
}

/* 1 when prices are equal, falling towards 0 as they differ by a factor. */
static double price_near(int64_t a, int64_t b)
{
	if (a <= 0 || b <= 0)
		return 0;
	double d = fabs(log((double)a / (double)b));
	return d >= 1 ? 0 : 1 - d;
}

static int score_related(struct run *r, const struct recommend_request *q, char **err)
{
	sqlite3_stmt *co = catalog_cached(
	        r->c, "SELECT b.product_id, count(*) FROM order_items a JOIN order_items b"
	              " ON b.order_id = a.order_id AND b.product_id != a.product_id"
	              " WHERE a.product_id = ?1 AND b.product_id IS NOT NULL"
	              " GROUP BY b.product_id ORDER BY count(*) DESC LIMIT ?2", err);
	sqlite3_stmt *same = catalog_cached(
	        r->c, "SELECT id, brand_id, price_cents, coalesce(rating, 0) FROM products"
	              " WHERE category_id = ?1 LIMIT ?2", err);
	/* Related kinds: sibling categories, then cousins under the grandparent
	 * (phones -> phone accessories > cases). */
	sqlite3_stmt *sibling = catalog_cached(
	        r->c, "SELECT p.id, p.brand_id, p.price_cents, coalesce(p.rating, 0), p.name,"
	              " c.parent_id = ?1 FROM categories c JOIN products p ON p.category_id = c.id"
	              " WHERE (c.parent_id = ?1 OR c.parent_id IN (SELECT id FROM categories"
	              "  WHERE parent_id = ?4 AND id != ?1)) AND c.id != ?2 LIMIT ?3", err);
	int rc = -1;
	if (!co || !same || !sibling)
		goto cleanup;
	for (size_t i = 0; i < r->n_seeds; i++) {
		const struct seed *s = &r->seeds[i];
		if (q->mode != RECOMMEND_SIMILAR) {
			sqlite3_reset(co);
			sqlite3_bind_int64(co, 1, s->id);
			sqlite3_bind_int(co, 2, CANDIDATES_PER_SEED);
			while (sqlite3_step(co) == SQLITE_ROW) {
				double n = (double)sqlite3_column_int64(co, 1);
				add_score(r, sqlite3_column_int64(co, 0), 2.0 * n / (n + 1), "bought together");
			}
		}
		if (q->mode != RECOMMEND_COMPLEMENT && s->category) {
			sqlite3_reset(same);
			sqlite3_bind_int64(same, 1, s->category);
			sqlite3_bind_int(same, 2, CANDIDATES_PER_SEED);
			while (sqlite3_step(same) == SQLITE_ROW) {
				double sc = 0.5 + 0.3 * (sqlite3_column_int64(same, 1) == s->brand && s->brand) +
				            0.5 * price_near(sqlite3_column_int64(same, 2), s->price) +
				            0.1 * sqlite3_column_double(same, 3);
				add_score(r, sqlite3_column_int64(same, 0), sc, "similar");
			}
		}
		if (q->mode != RECOMMEND_SIMILAR && s->parent) {
			sqlite3_reset(sibling);
			sqlite3_bind_int64(sibling, 1, s->parent);
			sqlite3_bind_int64(sibling, 2, s->category);
			sqlite3_bind_int(sibling, 3, CANDIDATES_PER_SEED);
			sqlite3_bind_int64(sibling, 4, s->grandparent ? s->grandparent : -1);
			while (sqlite3_step(sibling) == SQLITE_ROW) {
				const char *nm = (const char *)sqlite3_column_text(sibling, 4);
				double sc = 0.3 + 0.1 * sqlite3_column_int(sibling, 5) +
				            0.3 * (sqlite3_column_int64(sibling, 1) == s->brand && s->brand) +
				            0.1 * sqlite3_column_double(sibling, 3) +
				            0.8 * name_overlap(s->name, nm);
				add_score(r, sqlite3_column_int64(sibling, 0), sc, "goes with it");
			}
		}
	}
	rc = 0;
cleanup:
	catalog_release(co);
	catalog_release(same);
	catalog_release(sibling);
	return rc;
}

static int popular(struct run *r, size_t limit, char **err)
{
	/* products has no popularity index: rank a bounded sample (the first
	 * POPULAR_SAMPLE rows) so the cost stays flat at a million products. */
	sqlite3_stmt *st = catalog_cached(
	        r->c, "SELECT id, popularity, coalesce(rating, 0) FROM (SELECT id, popularity, rating"
	              " FROM products LIMIT " POPULAR_SAMPLE ")"
	              " ORDER BY popularity DESC, rating DESC, id LIMIT ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(limit + r->n_seeds));
	while (sqlite3_step(st) == SQLITE_ROW)
		add_score(r, sqlite3_column_int64(st, 0), 0.01 + 0.001 * sqlite3_column_double(st, 2),
		          "popular");
	catalog_release(st);
	return 0;
}

static int by_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int run_recommend(catalog *c, const struct recommend_request *q,
                         struct recommendation **out, size_t *n, char **err)
{
	struct run r = {.c = c};
	sqlite3_stmt *names = NULL;
	size_t limit = q->limit ? q->limit : 10;
	int rc = -1;
	*out = NULL;
	*n = 0;
	if (collect_seeds(&r, q, err) < 0 || score_related(&r, q, err) < 0)
		goto cleanup;
	merge(&r);
	/* Too few related products: fill up with popular ones (never a seed). */
	if (r.n < limit && popular(&r, limit, err) < 0)
		goto cleanup;
	merge(&r);
	if (r.n)
		qsort(r.cands, r.n, sizeof *r.cands, by_score);
	names = catalog_cached(c, PRODUCT_VIEW_SELECT " WHERE p.id = ?1", err);
	if (!names)
		goto cleanup;
	size_t want = r.n < limit ? r.n : limit;
	*out = xcalloc(want ? want : 1, sizeof **out);
	for (size_t i = 0; i < r.n && *n < want; i++) {
		sqlite3_reset(names);
		sqlite3_bind_int64(names, 1, r.cands[i].id);
		if (sqlite3_step(names) != SQLITE_ROW)
			continue;
		const char *sid = (const char *)sqlite3_column_text(names, 1);
		int given = 0;
		for (size_t k = 0; k < q->n_with; k++)
			given |= !strcmp(q->with[k], sid);
		if (given)
			continue;
		struct recommendation *rec = &(*out)[(*n)++];
		product_view_read(names, &rec->p);
		rec->score = r.cands[i].score;
		rec->why = r.cands[i].why;
	}
	rc = 0;
cleanup:
	catalog_release(names);
	free(r.cands);
	if (rc < 0) {
		recommend_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* One read transaction for all its statements (catalog_read_begin()). */
int recommend_run(catalog *c, const struct recommend_request *q, struct recommendation **out,
                  size_t *n, char **err)
{
	struct catalog_read tx = catalog_read_begin(c);
	int rc = run_recommend(c, q, out, n, err);
	catalog_read_end(c, tx);
	return rc;
}

void recommend_free(struct recommendation *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		product_view_release(&r[i].p);
	free(r);
}
