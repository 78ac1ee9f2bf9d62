/*
 * recommend_model.c: reads baskets out of orders and events, fits the model
 * (model.c) and writes it back, all inside one IMMEDIATE transaction so
 * that what is read and what is written agree.
 *
 * Products are numbered densely in the order they first appear; the
 * neighbour lists carry products.id values, so a reader never needs the
 * numbering.
 */
#include "catalog/recommend/recommend_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/recommend/model.h"
#include "catalog/recommend/recommend_int.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

/* Tuning fits each candidate blend once per fold: on a catalog with many
 * orders or products it runs on a sample (tune()), so that a build stays
 * within a minute at 10M order lines. */
#define TUNE_MAX_BASKETS 20000
#define TUNE_ITEMS 500
#define TUNE_FOLDS 4
#define TUNE_MAX_HELD 2000 /* held-out baskets scored per fold */
#define EASE_ITEMS 1000
#define LIST_LEN 20
#define VIEW_WEIGHT 0.5f

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- what the model is built from ---- */

static int read_stamp(catalog *c, char *out, size_t size, char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT (SELECT coalesce(max(id), 0) FROM orders),"
	           " (SELECT coalesce(max(id), 0) FROM events)", err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, size, "orders:%lld events:%lld", (long long)sqlite3_column_int64(st, 0),
		         (long long)sqlite3_column_int64(st, 1));
	catalog_release(st);
	return rc == SQLITE_ROW ? 0 : catalog_fail(c, err, "reading the recommender's stamp");
}

int recommend_model_state(catalog *c, enum recommend_model_state *out, char **err)
{
	char now[96];
	sqlite3_stmt *st = NULL;
	int rc = -1;
	struct catalog_read tx = catalog_read_begin(c);
	if (read_stamp(c, now, sizeof now, err) < 0)
		goto cleanup;
	st = catalog_cached(c, "SELECT value FROM settings WHERE key = '" RECOMMEND_KEY_STAMP "'",
	                    err);
	if (!st)
		goto cleanup;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = strcmp((const char *)sqlite3_column_text(st, 0), now) ? RECOMMEND_MODEL_STALE
		                                                             : RECOMMEND_MODEL_FRESH;
	else if (step == SQLITE_DONE)
		*out = RECOMMEND_MODEL_NONE;
	else {
		catalog_fail(c, err, "reading the recommender's stamp");
		goto cleanup;
	}
	rc = 0;
cleanup:
	catalog_release(st);
	catalog_read_end(c, tx);
	return rc;
}

/* ---- reading ---- */

struct reader {
	int64_t max_product;
	int32_t *dense;      /* products.id -> item number, -1 */
	uint32_t *product;   /* item number -> products.id */
	/* Trend: each line or event weighs 2^((at - ref) / half-life); ref is
	 * the newest order, and once the newest of all is known the sums are
	 * scaled to it (decay is a product, so the order of reading is free). */
	double *trend;
	int64_t ref;
	uint32_t n_items;
	size_t cap_items, cap_trend;
	struct model_baskets b;
	size_t cap_b, cap_i, cap_weight, cap_bought;
	uint32_t *basket;    /* the basket being read */
	size_t n_basket, cap_basket;
	int64_t newest;      /* unix time of the newest order or event */
};

static int32_t item_of(struct reader *r, int64_t product)
{
	if (product <= 0 || product > r->max_product || product > (int64_t)UINT32_MAX)
		return -1;
	if (r->dense[product] < 0) {
		r->product = xgrow(r->product, &r->cap_items, (size_t)r->n_items + 1,
		                   sizeof *r->product);
		r->trend = xgrow(r->trend, &r->cap_trend, (size_t)r->n_items + 1, sizeof *r->trend);
		r->trend[r->n_items] = 0;
		r->dense[product] = (int32_t)r->n_items;
		r->product[r->n_items++] = (uint32_t)product;
	}
	return r->dense[product];
}

static void basket_add(struct reader *r, int32_t item)
{
	if (item < 0)
		return;
	for (size_t k = 0; k < r->n_basket; k++)
		if (r->basket[k] == (uint32_t)item)
			return;
	r->basket = xgrow(r->basket, &r->cap_basket, r->n_basket + 1, sizeof *r->basket);
	r->basket[r->n_basket++] = (uint32_t)item;
}

/* Ends the basket being read: kept when it holds two products or more
 * (one product alone pairs with nothing) or when it is an order. */
static void basket_end(struct reader *r, int bought, float weight)
{
	if (!r->n_basket || (!bought && r->n_basket < 2)) {
		r->n_basket = 0;
		return;
	}
	struct model_baskets *b = &r->b;
	b->start = xgrow(b->start, &r->cap_b, b->n + 2, sizeof *b->start);
	if (!b->n)
		b->start[0] = 0;
	size_t at = b->start[b->n];
	b->items = xgrow(b->items, &r->cap_i, at + r->n_basket, sizeof *b->items);
	memcpy(b->items + at, r->basket, r->n_basket * sizeof *b->items);
	b->weight = xgrow(b->weight, &r->cap_weight, b->n + 1, sizeof *b->weight);
	b->bought = xgrow(b->bought, &r->cap_bought, b->n + 1, 1);
	b->weight[b->n] = weight;
	b->bought[b->n] = (uint8_t)bought;
	b->start[b->n + 1] = at + r->n_basket;
	b->n++;
	r->n_basket = 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" (as import stores it) to unix time; 0 if not. */
static int64_t iso_time(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) < 3)
		return 0;
	/* days from the civil date (Howard Hinnant's algorithm) */
	y -= mo <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 + se;
}

static void trend_add(struct reader *r, uint32_t item, int64_t at, double w)
{
	r->trend[item] += w * exp2((double)(at - r->ref) / (RECOMMEND_TREND_HALF_LIFE_DAYS * 86400.0));
}

static int read_orders(catalog *c, struct reader *r, char **err)
{
	sqlite3_stmt *ord = NULL, *items = NULL;
	int64_t *placed = NULL;
	int rc = -1;
	ord = catalog_prepare(c, "SELECT coalesce(max(id), 0) FROM orders", err);
	if (!ord)
		goto cleanup;
	if (sqlite3_step(ord) != SQLITE_ROW) {
		catalog_fail(c, err, "reading orders");
		goto cleanup;
	}
	int64_t max_order = sqlite3_column_int64(ord, 0);
	sqlite3_finalize(ord);
	/* -1: a cancelled order, left out */
	placed = xcalloc((size_t)max_order + 1, sizeof *placed);
	ord = catalog_prepare(c, "SELECT id, placed_at, status = 'cancelled' FROM orders", err);
	if (!ord)
		goto cleanup;
	int step;
	while ((step = sqlite3_step(ord)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(ord, 0);
		if (id < 0 || id > max_order)
			continue;
		placed[id] = sqlite3_column_int(ord, 2)
		                     ? -1
		                     : iso_time((const char *)sqlite3_column_text(ord, 1));
		if (placed[id] > r->newest)
			r->newest = placed[id];
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading orders");
		goto cleanup;
	}
	r->ref = r->newest;
	items = catalog_prepare(c, "SELECT order_id, product_id FROM order_items"
	                           " WHERE product_id IS NOT NULL ORDER BY order_id", err);
	if (!items)
		goto cleanup;
	int64_t current = -1;
	while ((step = sqlite3_step(items)) == SQLITE_ROW) {
		int64_t order = sqlite3_column_int64(items, 0);
		if (order != current) {
			basket_end(r, 1, 1.0f);
			current = order;
		}
		if (order < 0 || order > max_order || placed[order] < 0)
			continue;
		int32_t item = item_of(r, sqlite3_column_int64(items, 1));
		if (item < 0)
			continue;
		basket_add(r, item);
		trend_add(r, (uint32_t)item, placed[order], 1.0);
	}
	basket_end(r, 1, 1.0f);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading order lines");
		goto cleanup;
	}
	rc = 0;
cleanup:
	sqlite3_finalize(ord);
	sqlite3_finalize(items);
	free(placed);
	return rc;
}

/* Browsing baskets: one per shopper (customer, else session) and day. */
static int read_events(catalog *c, struct reader *r, size_t *sessions, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT coalesce(customer_id, 0), coalesce(session, ''), at / 86400, product_id,"
	           " kind, at FROM events WHERE product_id IS NOT NULL"
	           " AND kind IN ('view','compare','add_to_cart','purchase')"
	           " ORDER BY 1, 2, 3", err);
	if (!st)
		return -1;
	int64_t cust = -1, day = -1;
	char *session = NULL;
	size_t before = r->b.n;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t cu = sqlite3_column_int64(st, 0), dy = sqlite3_column_int64(st, 2);
		const char *se = (const char *)sqlite3_column_text(st, 1);
		if (cu != cust || dy != day || !session || strcmp(se, session)) {
			basket_end(r, 0, VIEW_WEIGHT);
			cust = cu;
			day = dy;
			free(session);
			session = xstrdup(se);
		}
		int32_t item = item_of(r, sqlite3_column_int64(st, 3));
		if (item < 0)
			continue;
		basket_add(r, item);
		const char *kind = (const char *)sqlite3_column_text(st, 4);
		double w = !strcmp(kind, "purchase") ? 1.0 : !strcmp(kind, "add_to_cart") ? 0.5 : 0.2;
		int64_t at = sqlite3_column_int64(st, 5);
		if (!r->ref)
			r->ref = at; /* no orders: the first event's time will do */
		if (at > r->newest)
			r->newest = at;
		trend_add(r, (uint32_t)item, at, w);
	}
	basket_end(r, 0, VIEW_WEIGHT);
	free(session);
	sqlite3_finalize(st);
	*sessions = r->b.n - before;
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading events");
	return 0;
}

/* ---- tuning ---- */

struct listed {
	int64_t category;
	double score;
	uint32_t product;
	double stored; /* what the list keeps as its score */
};

static int listed_order(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	if (x->category != y->category)
		return x->category < y->category ? -1 : 1;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->product < y->product ? -1 : x->product > y->product;
}


/* The baskets projected onto the `items` most frequent products, those
 * left with two products or more, every so many so that at most `max`
 * remain, spread over the whole history. */
static void head_sample(const struct model_baskets *b, uint32_t items, size_t max,
                        struct model_baskets *out)
{
	memset(out, 0, sizeof *out);
	uint32_t n = b->n_items;
	double *count = xcalloc(n ? n : 1, sizeof *count);
	for (size_t k = 0; k < b->start[b->n]; k++)
		count[b->items[k]] += 1;
	struct listed *top = xmalloc((n ? n : 1) * sizeof *top);
	for (uint32_t i = 0; i < n; i++)
		top[i] = (struct listed){0, count[i], i, 0};
	if (n)
		qsort(top, n, sizeof *top, listed_order);
	int32_t *map = xmalloc((n ? n : 1) * sizeof *map);
	for (uint32_t i = 0; i < n; i++)
		map[i] = -1;
	if (items > n)
		items = n;
	for (uint32_t r = 0; r < items; r++)
		map[top[r].product] = (int32_t)r;
	free(top);
	free(count);
	size_t eligible = 0;
	for (size_t x = 0; x < b->n; x++) {
		size_t kept = 0;
		for (size_t k = b->start[x]; k < b->start[x + 1]; k++)
			kept += map[b->items[k]] >= 0;
		eligible += kept >= 2;
	}
	size_t stride = eligible > max ? (eligible + max - 1) / max : 1, seen = 0;
	size_t cap_b = 0, cap_i = 0, cap_w = 0, cap_t = 0;
	out->n_items = items;
	out->start = xgrow(NULL, &cap_b, 1, sizeof *out->start);
	out->start[0] = 0;
	for (size_t x = 0; x < b->n; x++) {
		size_t at = out->start[out->n], kept = 0;
		out->items = xgrow(out->items, &cap_i, at + (b->start[x + 1] - b->start[x]) + 1,
		                   sizeof *out->items);
		for (size_t k = b->start[x]; k < b->start[x + 1]; k++)
			if (map[b->items[k]] >= 0)
				out->items[at + kept++] = (uint32_t)map[b->items[k]];
		if (kept < 2 || seen++ % stride)
			continue;
		out->start = xgrow(out->start, &cap_b, out->n + 2, sizeof *out->start);
		out->weight = xgrow(out->weight, &cap_w, out->n + 1, sizeof *out->weight);
		out->bought = xgrow(out->bought, &cap_t, out->n + 1, 1);
		out->weight[out->n] = b->weight ? b->weight[x] : 1.0f;
		out->bought[out->n] = b->bought ? b->bought[x] : 1;
		out->start[out->n + 1] = at + kept;
		out->n++;
	}
	free(map);
}

/* Each blend tried is fitted once per fold: with many orders or products
 * the blend is tuned on the most frequent products' share of a sample of
 * the baskets (dense enough to tell blends apart, small enough to fit
 * dozens of times), and the tuned weights, the relative L2 included, carry
 * over to the full fit. */
static double tune(const struct model_baskets *b, struct model_params *p, size_t *tuned_on)
{
	if (b->n < 2 * TUNE_FOLDS) {
		*tuned_on = 0;
		return 0;
	}
	if (b->n <= TUNE_MAX_BASKETS && b->n_items <= TUNE_ITEMS) {
		*tuned_on = b->n;
		return model_tune(b, TUNE_FOLDS, TUNE_MAX_HELD, 0, p);
	}
	struct model_baskets s;
	head_sample(b, TUNE_ITEMS, TUNE_MAX_BASKETS, &s);
	size_t ease_items = p->ease_items;
	p->ease_items = TUNE_ITEMS;
	double hit = s.n >= 2 * TUNE_FOLDS ? model_tune(&s, TUNE_FOLDS, TUNE_MAX_HELD, 0, p) : 0;
	p->ease_items = ease_items;
	*tuned_on = s.n;
	model_baskets_release(&s);
	return hit;
}

/* ---- writing ---- */

/* Each product's category and the categories above it, for the lists. */
struct tree {
	int64_t max_category;
	int64_t *parent;     /* per category id, 0 at the top */
	int64_t *category;   /* per item */
};

static int read_tree(catalog *c, const struct reader *r, struct tree *t, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT coalesce(max(id), 0) FROM categories", err);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return catalog_fail(c, err, "reading categories");
	}
	t->max_category = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	t->parent = xcalloc((size_t)t->max_category + 1, sizeof *t->parent);
	t->category = xcalloc(r->n_items ? r->n_items : 1, sizeof *t->category);
	st = catalog_prepare(c, "SELECT id, coalesce(parent_id, 0) FROM categories", err);
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), parent = sqlite3_column_int64(st, 1);
		if (id > 0 && id <= t->max_category && parent >= 0 && parent <= t->max_category)
			t->parent[id] = parent;
	}
	sqlite3_finalize(st);
	st = catalog_prepare(c, "SELECT id, coalesce(category_id, 0) FROM products", err);
	if (!st)
		return -1;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && id <= r->max_product && r->dense[id] >= 0)
			t->category[r->dense[id]] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading product categories");
	return 0;
}

/* The LIST_LEN best products by score in each category (and in 0, the
 * whole catalog), a product counting in its category and every one above. */
static int write_list(catalog *c, sqlite3_stmt *ins, const char *list, const struct reader *r,
                      const struct tree *t, const double *score, const float *stored,
                      char **err)
{
	struct listed *e = NULL;
	size_t n = 0, cap = 0;
	for (uint32_t i = 0; i < r->n_items; i++) {
		if (score[i] <= 0)
			continue;
		int64_t cat = t->category[i];
		for (int depth = 0; depth < 16; depth++) {
			e = xgrow(e, &cap, n + 1, sizeof *e);
			e[n++] = (struct listed){cat, score[i], r->product[i], stored ? stored[i] : score[i]};
			if (!cat)
				break;
			cat = cat <= t->max_category ? t->parent[cat] : 0;
		}
	}
	if (n)
		qsort(e, n, sizeof *e, listed_order);
	int rc = 0, rank = 0;
	for (size_t k = 0; k < n && rc == 0; k++) {
		rank = k && e[k].category == e[k - 1].category ? rank + 1 : 0;
		if (rank >= LIST_LEN)
			continue;
		catalog_bind_text(ins, 1, list);
		sqlite3_bind_int64(ins, 2, e[k].category);
		sqlite3_bind_int(ins, 3, rank);
		sqlite3_bind_int64(ins, 4, e[k].product);
		sqlite3_bind_double(ins, 5, e[k].stored);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = catalog_fail(c, err, "storing the recommender's lists");
		sqlite3_reset(ins);
	}
	free(e);
	return rc;
}

static int write_model(catalog *c, const struct reader *r, const struct model *m,
                       const double *trend, size_t *neighbors, char **err)
{
	sqlite3_stmt *ins = NULL, *lst = NULL;
	unsigned char *blob = NULL;
	struct tree t = {0};
	double *pop = NULL;
	int rc = -1;
	if (sqlite3_exec(c->db, "DELETE FROM recommend_items; DELETE FROM recommend_lists;", NULL,
	                 NULL, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "clearing the recommender's model");
		goto cleanup;
	}
	ins = catalog_prepare(c, "INSERT INTO recommend_items (product_id, orders, prior, trend,"
	                         " neighbors) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	lst = catalog_prepare(c, "INSERT INTO recommend_lists (list, category_id, rank, product_id,"
	                         " score) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (!ins || !lst)
		goto cleanup;
	size_t cap = 0;
	/* in products.id order: each row appends to the table's b-tree */
	for (int64_t id = 1; id <= r->max_product; id++) {
		if (r->dense[id] < 0)
			continue;
		uint32_t i = (uint32_t)r->dense[id];
		size_t nn = m->nb_start[i + 1] - m->nb_start[i];
		blob = xgrow(blob, &cap, nn * RECOMMEND_ENTRY_SIZE + 1, 1);
		for (size_t q = 0; q < nn; q++) {
			const struct model_neighbor *nb = &m->nb[m->nb_start[i] + q];
			struct recommend_entry e = {r->product[nb->item], nb->score, m->prior[nb->item],
			                            nb->together};
			recommend_entry_pack(blob + q * RECOMMEND_ENTRY_SIZE, &e);
		}
		*neighbors += nn;
		sqlite3_bind_int64(ins, 1, r->product[i]);
		sqlite3_bind_int64(ins, 2, m->count[i]);
		sqlite3_bind_double(ins, 3, m->prior[i]);
		sqlite3_bind_double(ins, 4, trend[i]);
		if (nn)
			sqlite3_bind_blob(ins, 5, blob, (int)(nn * RECOMMEND_ENTRY_SIZE), SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 5);
		int step = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (step != SQLITE_DONE) {
			catalog_fail(c, err, "storing the recommender's model");
			goto cleanup;
		}
	}
	if (read_tree(c, r, &t, err) < 0)
		goto cleanup;
	pop = xmalloc((m->n_items ? m->n_items : 1) * sizeof *pop);
	for (uint32_t i = 0; i < m->n_items; i++)
		pop[i] = m->count[i];
	if (write_list(c, lst, "popular", r, &t, pop, m->prior, err) < 0 ||
	    write_list(c, lst, "trending", r, &t, trend, NULL, err) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	sqlite3_finalize(ins);
	sqlite3_finalize(lst);
	free(blob);
	free(pop);
	free(t.parent);
	free(t.category);
	return rc;
}

static int set_setting(catalog *c, const char *key, const char *value, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	           " ON CONFLICT (key) DO UPDATE SET value = excluded.value", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, key);
	catalog_bind_text(st, 2, value);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "storing a recommender setting");
}

static int max_product(catalog *c, int64_t *out, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT coalesce(max(id), 0) FROM products", err);
	if (!st)
		return -1;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return step == SQLITE_ROW ? 0 : catalog_fail(c, err, "reading products");
}

int recommend_model_build(catalog *c, struct recommend_build_stats *stats, char **err)
{
	struct recommend_build_stats st = {0};
	struct reader r = {0};
	struct model m = {0};
	char stamp[96];
	int rc = -1;
	double t0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (catalog_begin(c, err) < 0)
		return -1;
	if (read_stamp(c, stamp, sizeof stamp, err) < 0 || max_product(c, &r.max_product, err) < 0)
		goto cleanup;
	r.dense = xmalloc(((size_t)r.max_product + 1) * sizeof *r.dense);
	for (int64_t i = 0; i <= r.max_product; i++)
		r.dense[i] = -1;
	if (read_orders(c, &r, err) < 0)
		goto cleanup;
	st.orders = r.b.n;
	st.lines = r.b.n ? r.b.start[r.b.n] : 0;
	if (read_events(c, &r, &st.sessions, err) < 0)
		goto cleanup;
	r.b.n_items = r.n_items;
	if (!r.b.start) {
		r.b.start = xcalloc(1, sizeof *r.b.start);
	}
	for (uint32_t i = 0; i < r.n_items; i++)
		r.trend[i] *= exp2((double)(r.ref - r.newest) /
		                   (RECOMMEND_TREND_HALF_LIFE_DAYS * 86400.0));
	double t1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID);

	struct model_params p;
	model_params_default(&p);
	p.ease_items = EASE_ITEMS;
	st.tune_hit = tune(&r.b, &p, &st.tuned_on);
	model_fit(&r.b, &p, &m);
	snprintf(st.params, sizeof st.params,
	         "w_cos=%g alpha=%g w_ease=%g lambda=%g dropout=%g intercept=%d w_pop=%g k=%zu"
	         " ease_items=%zu",
	         p.w_cos, p.alpha, p.w_ease, p.lambda, p.dropout, p.intercept, p.w_pop, p.k,
	         p.ease_items);
	double t2 = seconds(CLOCK_MONOTONIC), c2 = seconds(CLOCK_PROCESS_CPUTIME_ID);

	st.products = m.n_items;
	if (write_model(c, &r, &m, r.trend, &st.neighbors, err) < 0 ||
	    set_setting(c, RECOMMEND_KEY_PARAMS, st.params, err) < 0 ||
	    set_setting(c, RECOMMEND_KEY_STAMP, stamp, err) < 0)
		goto cleanup;
	if (catalog_commit(c, err) < 0)
		goto cleanup_done;
	st.read_s = t1 - t0;
	st.fit_s = t2 - t1;
	st.write_s = seconds(CLOCK_MONOTONIC) - t2;
	st.read_cpu_s = c1 - c0;
	st.fit_cpu_s = c2 - c1;
	st.write_cpu_s = seconds(CLOCK_PROCESS_CPUTIME_ID) - c2;
	if (stats)
		*stats = st;
	rc = 0;
	goto cleanup_done;
cleanup:
	catalog_rollback(c);
cleanup_done:
	model_release(&m);
	model_baskets_release(&r.b);
	free(r.dense);
	free(r.product);
	free(r.basket);
	free(r.trend);
	return rc;
}

int recommend_model_refresh(catalog *c, bool *built, char **err)
{
	enum recommend_model_state s;
	if (built)
		*built = false;
	if (recommend_model_state(c, &s, err) < 0)
		return -1;
	if (s == RECOMMEND_MODEL_FRESH)
		return 0;
	if (recommend_model_build(c, NULL, err) < 0)
		return -1;
	if (built)
		*built = true;
	return 0;
}
