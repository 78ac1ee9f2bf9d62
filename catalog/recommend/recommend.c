/*
 * recommend.c: seeds, then candidates from the stored model (or the
 * lists, content, history), then the business rules over a bounded pool of
 * the best candidates. A request reads one neighbour list per seed and one
 * product row per pooled candidate, so its cost does not grow with the
 * catalog or the order history.
 */
#include "catalog/recommend/recommend.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/recommend/recommend_int.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define MAX_SEEDS 20
#define HISTORY_ROWS 200
#define HISTORY_HALF_LIFE_DAYS 30.0
#define CUSTOMER_WEIGHT_WITH_BASKET 0.3 /* history seeds beside `with` seeds */
#define CANDIDATES_PER_SEED 200         /* content and fallback queries */
#define CONTENT_SEEDS 3                 /* seeds whose category is read for content */
#define LIST_ROWS 50
#define BRAND_WINDOW 5
#define BRAND_MAX 2
#define PIN_SCORE 1e6

enum reason {
	R_MODEL,     /* the model's neighbours of a seed */
	R_LIVE,      /* co-purchases counted now (no model yet) */
	R_SIMILAR,
	R_GOES_WITH, /* a related category */
	R_POPULAR,
	R_TRENDING,
	R_BUY_AGAIN,
	R_PINNED,
};

enum seed_source { FROM_BASKET, FROM_BOUGHT, FROM_VIEWED };

struct seed {
	int64_t id;
	double weight;
	enum seed_source source;
	int64_t category, parent, grandparent, brand, price;
	int has_price;
	int cold; /* the model has no neighbours for it */
	char name[256];
	char lower[256];
};

struct cand {
	int64_t id;
	double score;
	double prior;       /* the model's prior, added once after merging */
	enum reason reason;
	double strength;    /* of the entry that gave the reason */
	int seed;           /* that entry's seed, or -1 */
	uint32_t together;
	int64_t category;   /* for R_POPULAR / R_TRENDING: the list's category */
	int times;          /* for R_BUY_AGAIN */
};

/* One purchase or view in the customer's history, merged per product. */
struct history {
	int64_t id;
	double weight;
	int bought;      /* orders holding it */
	int viewed;
	int just_bought; /* in the newest order, or bought since */
	int64_t last_order;
};

struct run {
	catalog *c;
	const struct recommend_request *q;
	enum recommend_mode mode;
	struct seed seeds[MAX_SEEDS];
	size_t n_seeds;
	struct history *hist;
	size_t n_hist;
	struct cand *cands;
	size_t n, cap;
	int has_model;
	char **err;
	int failed; /* a statement failed: the run fails, with *err set */
};

/* sqlite3_step() for reading: 1 on a row, 0 at the end or on an error,
 * which marks the run failed (a query that cannot run must not look like
 * one that found nothing). */
static int row(struct run *r, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE && !r->failed) {
		r->failed = 1;
		catalog_fail(r->c, r->err, "reading recommendations");
	}
	return 0;
}

/* ---- candidates ---- */

static int is_seed(const struct run *r, int64_t id)
{
	for (size_t i = 0; i < r->n_seeds; i++)
		if (r->seeds[i].id == id && r->seeds[i].source == FROM_BASKET)
			return 1;
	return 0;
}

static struct cand *add(struct run *r, int64_t id, double s, enum reason why, int seed)
{
	r->cands = xgrow(r->cands, &r->cap, r->n + 1, sizeof *r->cands);
	struct cand *c = &r->cands[r->n++];
	*c = (struct cand){.id = id, .score = s, .reason = why, .strength = s, .seed = seed};
	return c;
}

static int by_id(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sums each product's entries; its reason is its strongest entry's (a pin
 * always wins). */
static void merge(struct run *r)
{
	if (!r->n)
		return;
	qsort(r->cands, r->n, sizeof *r->cands, by_id);
	size_t out = 0;
	for (size_t i = 0; i < r->n; i++) {
		struct cand *x = &r->cands[i];
		if (out && r->cands[out - 1].id == x->id) {
			struct cand *m = &r->cands[out - 1];
			m->score += x->score;
			if (x->prior > m->prior)
				m->prior = x->prior;
			if (x->times > m->times)
				m->times = x->times;
			if (m->reason != R_PINNED && (x->reason == R_PINNED || x->strength > m->strength)) {
				m->reason = x->reason;
				m->strength = x->strength;
				m->seed = x->seed;
				m->together = x->together;
				m->category = x->category;
			}
		} else {
			r->cands[out++] = *x;
		}
	}
	r->n = out;
}

static int by_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	double sx = x->score + x->prior, sy = y->score + y->prior;
	if (sx != sy)
		return sx < sy ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* ---- seeds ---- */

static const char info_sql[] =
        "SELECT coalesce(p.category_id, 0), coalesce(c.parent_id, 0), coalesce(p.brand_id, 0),"
        " p.price_cents, coalesce(g.parent_id, 0), p.name FROM products p"
        " LEFT JOIN categories c ON c.id = p.category_id"
        " LEFT JOIN categories g ON g.id = c.parent_id WHERE p.id = ?1";

static void add_seed(struct run *r, sqlite3_stmt *info, int64_t id, double weight,
                     enum seed_source source)
{
	for (size_t i = 0; i < r->n_seeds; i++)
		if (r->seeds[i].id == id) {
			if (source == FROM_BASKET)
				r->seeds[i].source = FROM_BASKET;
			r->seeds[i].weight += weight;
			return;
		}
	if (r->n_seeds >= MAX_SEEDS)
		return;
	sqlite3_reset(info);
	sqlite3_bind_int64(info, 1, id);
	if (!row(r, info))
		return;
	struct seed *s = &r->seeds[r->n_seeds++];
	s->id = id;
	s->weight = weight;
	s->source = source;
	s->category = sqlite3_column_int64(info, 0);
	s->parent = sqlite3_column_int64(info, 1);
	s->brand = sqlite3_column_int64(info, 2);
	s->has_price = sqlite3_column_type(info, 3) != SQLITE_NULL;
	s->price = sqlite3_column_int64(info, 3);
	s->grandparent = sqlite3_column_int64(info, 4);
	const unsigned char *nm = sqlite3_column_text(info, 5);
	snprintf(s->name, sizeof s->name, "%s", nm ? (const char *)nm : "");
	size_t k = 0;
	for (; s->name[k] && k + 1 < sizeof s->lower; k++)
		s->lower[k] = (char)tolower((unsigned char)s->name[k]);
	s->lower[k] = '\0';
}

static int by_weight(const void *a, const void *b)
{
	const struct history *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static struct history *history_of(struct run *r, int64_t id)
{
	for (size_t i = 0; i < r->n_hist; i++)
		if (r->hist[i].id == id)
			return &r->hist[i];
	return NULL;
}

/* The customer's orders and events, newest first, merged per product with
 * weights that halve every HISTORY_HALF_LIFE_DAYS (a time-decayed history
 * in the spirit of TIFU-KNN's). */
static int read_history(struct run *r, char **err)
{
	sqlite3_stmt *orders = catalog_cached(
	        r->c, "SELECT oi.product_id, unixepoch(o.placed_at), o.id FROM customers cu"
	              " JOIN orders o ON o.customer_id = cu.id"
	              " JOIN order_items oi ON oi.order_id = o.id"
	              " WHERE cu.external_id = ?1 AND oi.product_id IS NOT NULL"
	              " AND o.status != 'cancelled' ORDER BY o.placed_at DESC, o.id DESC LIMIT ?2",
	        err);
	sqlite3_stmt *events = catalog_cached(
	        r->c, "SELECT e.product_id, e.at, e.kind FROM customers cu"
	              " JOIN events e ON e.customer_id = cu.id"
	              " WHERE cu.external_id = ?1 AND e.product_id IS NOT NULL"
	              " AND e.kind IN ('purchase','add_to_cart','view','compare')"
	              " ORDER BY e.at DESC LIMIT ?2", err);
	int rc = -1;
	size_t cap = 0;
	if (!orders || !events)
		goto cleanup;
	struct row {
		int64_t id, at, order;
		double w;
		int bought;
	} *rows = NULL;
	size_t n = 0, rcap = 0;
	int64_t newest = 0, newest_order = -1, newest_order_at = 0;
	catalog_bind_text(orders, 1, r->q->customer);
	sqlite3_bind_int(orders, 2, HISTORY_ROWS);
	while (row(r, orders)) {
		rows = xgrow(rows, &rcap, n + 1, sizeof *rows);
		rows[n] = (struct row){sqlite3_column_int64(orders, 0), sqlite3_column_int64(orders, 1),
		                       sqlite3_column_int64(orders, 2), 1.0, 1};
		if (newest_order < 0) {
			newest_order = rows[n].order;
			newest_order_at = rows[n].at;
		}
		n++;
	}
	catalog_bind_text(events, 1, r->q->customer);
	sqlite3_bind_int(events, 2, HISTORY_ROWS);
	while (row(r, events)) {
		const char *kind = (const char *)sqlite3_column_text(events, 2);
		int purchase = !strcmp(kind, "purchase");
		rows = xgrow(rows, &rcap, n + 1, sizeof *rows);
		rows[n++] = (struct row){sqlite3_column_int64(events, 0), sqlite3_column_int64(events, 1),
		                         -1, purchase ? 1.0 : !strcmp(kind, "add_to_cart") ? 0.6 : 0.3,
		                         purchase};
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i].at > newest)
			newest = rows[i].at;
	for (size_t i = 0; i < n; i++) {
		struct history *h = history_of(r, rows[i].id);
		if (!h) {
			r->hist = xgrow(r->hist, &cap, r->n_hist + 1, sizeof *r->hist);
			h = &r->hist[r->n_hist++];
			*h = (struct history){.id = rows[i].id, .last_order = -1};
		}
		h->weight += rows[i].w * pow(0.5, (double)(newest - rows[i].at) /
		                                          (HISTORY_HALF_LIFE_DAYS * 86400.0));
		if (rows[i].order >= 0 && rows[i].order != h->last_order) {
			h->bought++;
			h->last_order = rows[i].order;
		}
		if (!rows[i].bought)
			h->viewed = 1;
		if ((rows[i].order >= 0 && rows[i].order == newest_order) ||
		    (rows[i].order < 0 && rows[i].bought && newest_order >= 0 &&
		     rows[i].at >= newest_order_at) ||
		    (rows[i].order < 0 && rows[i].bought && newest_order < 0))
			h->just_bought = 1;
	}
	free(rows);
	if (r->n_hist)
		qsort(r->hist, r->n_hist, sizeof *r->hist, by_weight);
	rc = 0;
cleanup:
	catalog_release(orders);
	catalog_release(events);
	return rc;
}

static int collect_seeds(struct run *r, char **err)
{
	const struct recommend_request *q = r->q;
	sqlite3_stmt *info = catalog_cached(r->c, info_sql, err);
	sqlite3_stmt *by_source = catalog_cached(r->c, "SELECT id FROM products WHERE source_id = ?1", err);
	int rc = -1;
	if (!info || !by_source)
		goto cleanup;
	for (size_t i = 0; i < q->n_with; i++) {
		sqlite3_reset(by_source);
		catalog_bind_text(by_source, 1, q->with[i]);
		if (row(r, by_source))
			add_seed(r, info, sqlite3_column_int64(by_source, 0), 1.0, FROM_BASKET);
	}
	if (q->customer && read_history(r, err) < 0)
		goto cleanup;
	if (r->mode != RECOMMEND_BUY_AGAIN && r->n_hist) {
		double top = r->hist[0].weight > 0 ? r->hist[0].weight : 1;
		double scale = r->n_seeds ? CUSTOMER_WEIGHT_WITH_BASKET : 1.0;
		for (size_t i = 0; i < r->n_hist; i++)
			add_seed(r, info, r->hist[i].id, scale * r->hist[i].weight / top,
			         r->hist[i].bought ? FROM_BOUGHT : FROM_VIEWED);
	}
	rc = 0;
cleanup:
	catalog_release(info);
	catalog_release(by_source);
	return rc;
}

/* ---- sources of candidates ---- */

static int model_exists(struct run *r, char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        r->c, "SELECT 1 FROM settings WHERE key = '" RECOMMEND_KEY_STAMP "'", err);
	if (!st)
		return -1;
	r->has_model = row(r, st);
	catalog_release(st);
	return 0;
}

/* The stored neighbours of each seed, weighted by the seed. */
static int from_model(struct run *r, char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        r->c, "SELECT neighbors FROM recommend_items WHERE product_id = ?1", err);
	if (!st)
		return -1;
	for (size_t i = 0; i < r->n_seeds; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r->seeds[i].id);
		r->seeds[i].cold = 1;
		if (!row(r, st))
			continue;
		const unsigned char *b = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0) / RECOMMEND_ENTRY_SIZE;
		r->seeds[i].cold = n == 0;
		for (size_t k = 0; k < n; k++) {
			struct recommend_entry e;
			recommend_entry_unpack(b + k * RECOMMEND_ENTRY_SIZE, &e);
			if (is_seed(r, e.product))
				continue;
			struct cand *c = add(r, e.product, r->seeds[i].weight * e.score, R_MODEL, (int)i);
			c->prior = e.prior;
			c->together = e.together;
		}
	}
	catalog_release(st);
	return 0;
}

/* No model yet: co-purchases counted from the order lines now. */
static int from_orders(struct run *r, char **err)
{
	sqlite3_stmt *co = catalog_cached(
	        r->c, "SELECT b.product_id, count(*) FROM order_items a JOIN order_items b"
	              " ON b.order_id = a.order_id AND b.product_id != a.product_id"
	              " WHERE a.product_id = ?1 AND b.product_id IS NOT NULL"
	              " GROUP BY b.product_id ORDER BY count(*) DESC LIMIT ?2", err);
	if (!co)
		return -1;
	for (size_t i = 0; i < r->n_seeds; i++) {
		sqlite3_reset(co);
		sqlite3_bind_int64(co, 1, r->seeds[i].id);
		sqlite3_bind_int(co, 2, CANDIDATES_PER_SEED);
		while (row(r, co)) {
			int64_t id = sqlite3_column_int64(co, 0);
			if (is_seed(r, id))
				continue;
			double n = (double)sqlite3_column_int64(co, 1);
			struct cand *c = add(r, id, r->seeds[i].weight * n / (n + 1), R_LIVE, (int)i);
			c->together = (uint32_t)n;
		}
	}
	catalog_release(co);
	return 0;
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

/* Content: products of the seed's category (similar) or of the categories
 * beside it (goes with), by brand, price, name words and rating. Small
 * scores next to the model's, so that they lead only where it is silent. */
static int from_content(struct run *r, int similar, double scale, char **err)
{
	sqlite3_stmt *same = catalog_cached(
	        r->c, "SELECT id, brand_id, price_cents, coalesce(rating, 0), name FROM products"
	              " WHERE category_id = ?1 LIMIT ?2", err);
	/* Related kinds: sibling categories, then cousins under the grandparent
	 * (phones -> phone accessories > cases). */
	sqlite3_stmt *sibling = catalog_cached(
	        r->c, "SELECT p.id, p.brand_id, p.price_cents, coalesce(p.rating, 0), p.name,"
	              " c.parent_id = ?1 FROM categories c JOIN products p ON p.category_id = c.id"
	              " WHERE (c.parent_id = ?1 OR c.parent_id IN (SELECT id FROM categories"
	              "  WHERE parent_id = ?4 AND id != ?1)) AND c.id != ?2 LIMIT ?3", err);
	int rc = -1;
	if (!same || !sibling)
		goto cleanup;
	size_t used = 0;
	for (size_t i = 0; i < r->n_seeds && used < CONTENT_SEEDS; i++) {
		const struct seed *s = &r->seeds[i];
		if (!s->category)
			continue;
		used++;
		double w = scale * (s->weight < 1 ? s->weight : 1);
		if (similar) {
			sqlite3_reset(same);
			sqlite3_bind_int64(same, 1, s->category);
			sqlite3_bind_int(same, 2, CANDIDATES_PER_SEED);
			while (row(r, same)) {
				int64_t id = sqlite3_column_int64(same, 0);
				if (is_seed(r, id))
					continue;
				double sc = 0.5 + 0.3 * (sqlite3_column_int64(same, 1) == s->brand && s->brand) +
				            0.5 * price_near(sqlite3_column_int64(same, 2), s->price) +
				            0.1 * sqlite3_column_double(same, 3) +
				            0.3 * name_overlap(s->lower, (const char *)sqlite3_column_text(same, 4));
				add(r, id, w * sc, R_SIMILAR, (int)i);
			}
		} else if (s->parent) {
			sqlite3_reset(sibling);
			sqlite3_bind_int64(sibling, 1, s->parent);
			sqlite3_bind_int64(sibling, 2, s->category);
			sqlite3_bind_int(sibling, 3, CANDIDATES_PER_SEED);
			sqlite3_bind_int64(sibling, 4, s->grandparent ? s->grandparent : -1);
			while (row(r, sibling)) {
				int64_t id = sqlite3_column_int64(sibling, 0);
				if (is_seed(r, id))
					continue;
				const char *nm = (const char *)sqlite3_column_text(sibling, 4);
				double sc = 0.3 + 0.1 * sqlite3_column_int(sibling, 5) +
				            0.3 * (sqlite3_column_int64(sibling, 1) == s->brand && s->brand) +
				            0.1 * sqlite3_column_double(sibling, 3) +
				            0.8 * name_overlap(s->lower, nm);
				add(r, id, w * sc, R_GOES_WITH, (int)i);
			}
		}
	}
	rc = 0;
cleanup:
	catalog_release(same);
	catalog_release(sibling);
	return rc;
}

/* A stored list ('popular', 'trending') for a category (0: all). Popular
 * products compete on the model's prior, as they do in model.c; trending
 * ones on their rank. bonus lifts a list above the rest (a cold seed's own
 * category). */
static int from_list(struct run *r, const char *list, int64_t category, double bonus,
                     char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        r->c, "SELECT product_id, rank, score FROM recommend_lists"
	              " WHERE list = ?1 AND category_id = ?2 ORDER BY rank LIMIT ?3", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, list);
	sqlite3_bind_int64(st, 2, category);
	sqlite3_bind_int(st, 3, LIST_ROWS);
	int popular = !strcmp(list, "popular");
	while (row(r, st)) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (is_seed(r, id))
			continue;
		double rank = (double)(LIST_ROWS - sqlite3_column_int(st, 1)) / LIST_ROWS;
		/* for popular, the rank term only orders what the prior cannot */
		double s = bonus + (popular ? 1e-6 * rank : rank);
		struct cand *c = add(r, id, s, popular ? R_POPULAR : R_TRENDING, -1);
		c->strength = s;
		c->category = category;
		if (popular)
			c->prior = sqlite3_column_double(st, 2);
	}
	catalog_release(st);
	return 0;
}

/* No model at all: the most popular, best rated products of a bounded
 * sample of the catalog, so that the cost stays flat at a million. */
static int from_catalog(struct run *r, size_t limit, char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        r->c, "SELECT id, coalesce(rating, 0) FROM (SELECT id, popularity, rating"
	              " FROM products LIMIT 20000)"
	              " ORDER BY popularity DESC, rating DESC, id LIMIT ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(limit + r->n_seeds));
	while (row(r, st)) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (!is_seed(r, id))
			add(r, id, 1e-7 * (1 + sqlite3_column_double(st, 1)), R_POPULAR, -1);
	}
	catalog_release(st);
	return 0;
}

/* Popular products: in the categories of seeds the model knows nothing of
 * (a new product), first their own, then the ones above; then in the whole
 * catalog, to fill up. */
static int popular_fill(struct run *r, size_t limit, char **err)
{
	if (!r->has_model)
		return from_catalog(r, limit, err);
	for (size_t i = 0; i < r->n_seeds; i++) {
		const struct seed *s = &r->seeds[i];
		if (!s->cold || s->source != FROM_BASKET)
			continue;
		int64_t cats[3] = {s->category, s->parent, s->grandparent};
		for (int k = 0; k < 3; k++)
			if (cats[k] && from_list(r, "popular", cats[k], 1.0 / (k + 1), err) < 0)
				return -1;
	}
	return from_list(r, "popular", 0, 0, err);
}

static int from_buy_again(struct run *r)
{
	for (size_t i = 0; i < r->n_hist; i++) {
		const struct history *h = &r->hist[i];
		if (!h->bought)
			continue;
		/* repeat purchases first, then recency */
		struct cand *c = add(r, h->id, h->bought + h->weight, R_BUY_AGAIN, -1);
		c->times = h->bought;
	}
	return 0;
}

static int from_pins(struct run *r, char **err)
{
	sqlite3_stmt *any = catalog_cached(r->c, "SELECT 1 FROM recommend_pins LIMIT 1", err);
	if (!any)
		return -1;
	int some = row(r, any);
	catalog_release(any);
	if (!some)
		return 0;
	sqlite3_stmt *st = catalog_cached(
	        r->c, "SELECT product_id, position FROM recommend_pins"
	              " WHERE anchor_product_id IS ?1 AND category_id IS ?2 ORDER BY position, id", err);
	if (!st)
		return -1;
	for (size_t i = 0; i <= 2 * r->n_seeds; i++) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (i > 0) {
			const struct seed *s = &r->seeds[(i - 1) / 2];
			if (s->source != FROM_BASKET)
				continue;
			if ((i - 1) % 2 == 0)
				sqlite3_bind_int64(st, 1, s->id);
			else if (s->category)
				sqlite3_bind_int64(st, 2, s->category);
			else
				continue;
		}
		while (row(r, st)) {
			int64_t id = sqlite3_column_int64(st, 0);
			if (!is_seed(r, id))
				add(r, id, PIN_SCORE - sqlite3_column_int(st, 1), R_PINNED, -1);
		}
	}
	catalog_release(st);
	return 0;
}

static int gather(struct run *r, size_t limit, char **err)
{
	if (model_exists(r, err) < 0)
		return -1;
	switch (r->mode) {
	case RECOMMEND_BUY_AGAIN:
		if (from_buy_again(r) < 0)
			return -1;
		break;
	case RECOMMEND_TRENDING:
		for (size_t i = 0; i < r->n_seeds && i < CONTENT_SEEDS; i++)
			if (r->seeds[i].source == FROM_BASKET && r->seeds[i].category &&
			    from_list(r, "trending", r->seeds[i].category, 1, err) < 0)
				return -1;
		if (from_list(r, "trending", 0, 0, err) < 0)
			return -1;
		break;
	case RECOMMEND_SIMILAR:
		if (from_content(r, 1, 1.0, err) < 0)
			return -1;
		/* viewed and bought together: substitutes are often both */
		if ((r->has_model ? from_model(r, err) : 0) < 0)
			return -1;
		break;
	case RECOMMEND_COMPLEMENT:
		if ((r->has_model ? from_model(r, err) : from_orders(r, err)) < 0 ||
		    from_content(r, 0, 1e-2, err) < 0)
			return -1;
		break;
	case RECOMMEND_ANY:
	case RECOMMEND_FOR_YOU:
		if ((r->has_model ? from_model(r, err) : from_orders(r, err)) < 0)
			return -1;
		break;
	}
	if (r->mode != RECOMMEND_BUY_AGAIN && from_pins(r, err) < 0)
		return -1;
	/* The most bought products compete on their prior beside the
	 * neighbours, as in the model (model.c); without a model, or for the
	 * other kinds, they only fill up. */
	merge(r);
	int competes = r->mode == RECOMMEND_ANY || r->mode == RECOMMEND_FOR_YOU ||
	               r->mode == RECOMMEND_COMPLEMENT;
	if (((r->has_model && competes) || r->n < limit + BRAND_WINDOW) &&
	    popular_fill(r, limit, err) < 0)
		return -1;
	merge(r);
	/* a small shop: fewer products ordered than a page holds */
	if (r->has_model && r->n < limit + BRAND_WINDOW && from_catalog(r, limit, err) < 0)
		return -1;
	merge(r);
	return 0;
}

/* ---- rules and reasons ---- */

struct pooled {
	struct cand c;
	char *id, *name, *category_name;
	int64_t brand, category;
};

static int wrong_kind(const struct run *r, const struct pooled *p)
{
	if (r->mode != RECOMMEND_SIMILAR || p->c.reason == R_PINNED)
		return 0;
	for (size_t i = 0; i < r->n_seeds; i++)
		if (r->seeds[i].category && r->seeds[i].category == p->category)
			return 0;
	return r->n_seeds > 0;
}

/* Why p is recommended: the tag, and the reason in detail (a tag the
 * language pack words, what it is about, a count). */
static void explain(const struct run *r, const struct pooled *p, struct recommendation *rec)
{
	const struct cand *c = &p->c;
	const struct seed *s = c->seed >= 0 ? &r->seeds[c->seed] : NULL;
	const char *seed = s ? s->name : NULL;
	switch (c->reason) {
	case R_MODEL:
	case R_LIVE:
		if (s && s->source != FROM_BASKET) {
			rec->why = "for you";
			rec->reason = s->source == FROM_BOUGHT ? "because_bought" : "because_viewed";
		} else if (c->together) {
			rec->why = "bought together";
			rec->reason = "bought_with";
			rec->count = c->together;
		} else {
			rec->why = "goes with it";
			rec->reason = "viewed_with";
		}
		break;
	case R_SIMILAR:
		rec->why = "similar";
		rec->reason = "similar_to";
		break;
	case R_GOES_WITH:
		rec->why = "goes with it";
		rec->reason = "goes_with";
		break;
	case R_TRENDING:
		rec->why = "trending";
		rec->reason = "trending";
		seed = c->category ? p->category_name : NULL;
		break;
	case R_BUY_AGAIN:
		rec->why = "buy again";
		rec->reason = "bought_before";
		rec->count = c->times > 0 ? (unsigned)c->times : 1;
		seed = NULL;
		break;
	case R_PINNED:
		rec->why = "picked";
		rec->reason = "picked";
		seed = NULL;
		break;
	case R_POPULAR:
	default:
		rec->why = "popular";
		rec->reason = "popular";
		seed = c->category ? p->category_name : NULL;
		break;
	}
	rec->about = seed && *seed ? xstrdup(seed) : NULL;
}

static int given(const struct recommend_request *q, const char *sid)
{
	for (size_t k = 0; k < q->n_with; k++)
		if (!strcmp(q->with[k], sid))
			return 1;
	return 0;
}

static void pooled_release(struct pooled *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].name);
		free(p[i].category_name);
	}
	free(p);
}

static int by_pooled_score(const void *a, const void *b)
{
	return by_score(&((const struct pooled *)a)->c, &((const struct pooled *)b)->c);
}

/* Reads the rows of the best candidates until `want` pass the rules (or
 * *read, all of them, were read), with their mode's adjustments. */
static int pool(struct run *r, size_t want, struct pooled **out, size_t *n, size_t *read,
                char **err)
{
	sqlite3_stmt *prod = catalog_cached(
	        r->c, "SELECT source_id, name, coalesce(brand_id, 0), coalesce(category_id, 0), stock"
	              " FROM products WHERE id = ?1", err);
	sqlite3_stmt *cat = catalog_cached(r->c, "SELECT name FROM categories WHERE id = ?1", err);
	if (!prod || !cat) {
		catalog_release(prod);
		catalog_release(cat);
		return -1;
	}
	if (r->n)
		qsort(r->cands, r->n, sizeof *r->cands, by_score);
	struct pooled *p = xcalloc(want, sizeof *p);
	size_t got = 0, i = 0;
	for (; i < r->n && got < want; i++) {
		const struct cand *c = &r->cands[i];
		if (r->mode != RECOMMEND_BUY_AGAIN && c->reason != R_PINNED) {
			/* for you: something new; beside a basket: not what was
			 * just bought (buying it again is its own kind) */
			const struct history *h = history_of(r, c->id);
			if (h && (h->just_bought || (r->mode == RECOMMEND_FOR_YOU && h->bought)))
				continue;
		}
		sqlite3_reset(prod);
		sqlite3_bind_int64(prod, 1, c->id);
		if (!row(r, prod))
			continue;
		const char *sid = (const char *)sqlite3_column_text(prod, 0);
		if (given(r->q, sid))
			continue;
		if (sqlite3_column_type(prod, 4) != SQLITE_NULL && sqlite3_column_int64(prod, 4) <= 0)
			continue; /* out of stock */
		struct pooled *x = &p[got];
		x->c = *c;
		x->brand = sqlite3_column_int64(prod, 2);
		x->category = sqlite3_column_int64(prod, 3);
		if (wrong_kind(r, x))
			continue;
		x->id = xstrdup(sid);
		x->name = xstrdup((const char *)sqlite3_column_text(prod, 1));
		if ((c->reason == R_POPULAR || c->reason == R_TRENDING) && c->category) {
			sqlite3_reset(cat);
			sqlite3_bind_int64(cat, 1, c->category);
			if (row(r, cat))
				x->category_name = xstrdup((const char *)sqlite3_column_text(cat, 0));
		}
		/* what goes with a product is rarely another of its kind (halved
		 * toward zero if positive, away from it if the model's negative
		 * neighbours made it so) */
		if (r->mode == RECOMMEND_COMPLEMENT && c->reason != R_PINNED && c->seed >= 0 &&
		    r->seeds[c->seed].category == x->category && x->category)
			x->c.score -= 0.5 * fabs(x->c.score);
		got++;
	}
	catalog_release(prod);
	catalog_release(cat);
	qsort(p, got, sizeof *p, by_pooled_score);
	*out = p;
	*n = got;
	*read = i;
	return 0;
}

/* At most BRAND_MAX of one brand among any BRAND_WINDOW in a row: each
 * place takes the best candidate that keeps the rule. */
static size_t pick(struct pooled *p, size_t n, size_t limit, size_t *order)
{
	unsigned char *used = xcalloc(n ? n : 1, 1);
	size_t got = 0;
	while (got < limit) {
		size_t best = n;
		for (size_t i = 0; i < n && best == n; i++) {
			if (used[i])
				continue;
			int same = 0;
			for (size_t k = got >= BRAND_WINDOW - 1 ? got - (BRAND_WINDOW - 1) : 0; k < got; k++)
				same += p[i].brand && p[order[k]].brand == p[i].brand;
			if (same < BRAND_MAX)
				best = i;
		}
		if (best == n)
			break;
		used[best] = 1;
		order[got++] = best;
	}
	free(used);
	return got;
}

static int run_recommend(catalog *c, const struct recommend_request *q,
                         struct recommendation **out, size_t *n, char **err)
{
	struct run r = {.c = c, .q = q, .mode = q->mode, .err = err};
	struct pooled *p = NULL;
	size_t np = 0, *order = NULL;
	size_t limit = q->limit ? q->limit : 10;
	int rc = -1;
	*out = NULL;
	*n = 0;
	if (r.mode == RECOMMEND_ANY && !q->n_with && q->customer)
		r.mode = RECOMMEND_FOR_YOU;
	if (collect_seeds(&r, err) < 0 || r.failed || gather(&r, limit, err) < 0 || r.failed)
		goto cleanup;
	/* Enough rows for the brand rule to pick from; more only when it could
	 * not fill the page from them. */
	size_t got = 0, read = 0;
	for (size_t want = limit + 2 * BRAND_WINDOW;; want *= 4) {
		if (pool(&r, want, &p, &np, &read, err) < 0 || r.failed)
			goto cleanup;
		order = xmalloc((limit < np ? limit : np ? np : 1) * sizeof *order);
		got = pick(p, np, limit < np ? limit : np, order);
		if (got >= limit || read >= r.n)
			break;
		pooled_release(p, np);
		free(order);
		p = NULL;
		np = 0;
		order = NULL;
	}
	sqlite3_stmt *view = catalog_cached(c, PRODUCT_VIEW_SELECT " WHERE p.id = ?1", err);
	if (!view)
		goto cleanup;
	*out = xcalloc(got ? got : 1, sizeof **out);
	for (size_t i = 0; i < got; i++) {
		struct pooled *x = &p[order[i]];
		sqlite3_reset(view);
		sqlite3_bind_int64(view, 1, x->c.id);
		if (sqlite3_step(view) != SQLITE_ROW)
			continue;
		struct recommendation *rec = &(*out)[(*n)++];
		product_view_read(view, &rec->p);
		rec->score = x->c.score + x->c.prior;
		explain(&r, x, rec);
	}
	catalog_release(view);
	rc = 0;
cleanup:
	pooled_release(p, np);
	free(order);
	free(r.cands);
	free(r.hist);
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
	if (!r)
		return;
	for (size_t i = 0; i < n; i++) {
		product_view_release(&r[i].p);
		free(r[i].about);
	}
	free(r);
}
