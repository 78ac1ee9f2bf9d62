/*
 * recommend: the recommender's next-item hit rate at 10 on real baskets,
 * beside popularity, item cosine and EASE alone in the same run; then, with
 * --scale, its speed on a 1M-product catalog with 10M order lines.
 *
 * usage: bench_recommend [BASKETS.csv]
 *        bench_recommend --scale [DB]
 *        bench_recommend --scale-queries [DB]   (the queries only, no rebuild)
 *
 * Quality: BASKETS.csv holds one basket a line, comma-separated item names
 * (default ../shared/data/baskets/groceries.csv). Baskets whose line number
 * (from 0) leaves 4 when divided by 5 are the test set, the rest train.
 * Every item of a test basket is held out in turn and recommended from the
 * others (a basket of one item has no others: 2,159 of the 9,835). Clerk's figure is measured through the catalog, as `clerk
 * recommend` answers: the items become products, the training baskets
 * orders, recommend_model_build() fits and stores the model (tuning its
 * blend by cross-validation inside the training orders only), and
 * recommend_run() answers each held-out query.
 *
 * Scale: DB (default /tmp/clerk-bench-recommend-1m.db) is generated the
 * first time (minutes): 1,000,000 products in 2,000 shelves under 200
 * aisles under 20 departments, 2,000 brands, 3% out of stock; 100,000
 * customers and 10,000,000 order lines in 1,000,000 orders of 1 to 19
 * lines over a year. An order has a theme shelf: 60% of its lines are
 * products of that shelf (Zipf within it), 40% from the whole catalog
 * (Zipf, the popular products spread over the shelves). Products and
 * orders are written with SQL directly (no search index: the recommender
 * does not read it). Then: the model build timed, and recommend_run() on
 * 2,000 baskets drawn the same way (1 to 10 products) and for 500
 * customers, beside the co-purchase query the recommender ran before its
 * model (an order_items self-join per basket product), on the same
 * database in the same run.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/import/import.h"
#include "catalog/recommend/model.h"
#include "catalog/recommend/recommend.h"
#include "catalog/recommend/recommend_model.h"
#include "catalog/store/catalog.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define AT 10

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- reading baskets ---- */

struct names {
	char **name;
	size_t n, cap;
};

static uint32_t intern(struct names *nm, const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	for (size_t i = 0; i < nm->n; i++)
		if (strlen(nm->name[i]) == len && !memcmp(nm->name[i], s, len))
			return (uint32_t)i;
	nm->name = xgrow(nm->name, &nm->cap, nm->n + 1, sizeof *nm->name);
	nm->name[nm->n] = xstrndup(s, len);
	return (uint32_t)nm->n++;
}

static void push_basket(struct model_baskets *b, size_t *cap_b, size_t *cap_i, const uint32_t *it,
                        size_t n)
{
	b->start = xgrow(b->start, cap_b, b->n + 2, sizeof *b->start);
	if (!b->n)
		b->start[0] = 0;
	size_t at = b->start[b->n];
	b->items = xgrow(b->items, cap_i, at + n + 1, sizeof *b->items);
	size_t k = 0;
	for (size_t q = 0; q < n; q++) {
		int dup = 0;
		for (size_t r = 0; r < k; r++)
			dup |= b->items[at + r] == it[q];
		if (!dup)
			b->items[at + k++] = it[q];
	}
	b->start[b->n + 1] = at + k;
	b->n++;
}

static int read_baskets(const char *path, struct names *nm, struct model_baskets *train,
                        struct model_baskets *test)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	size_t cb[2] = {0, 0}, ci[2] = {0, 0};
	char *line = NULL;
	size_t lcap = 0, lineno = 0;
	uint32_t it[256];
	while (getline(&line, &lcap, f) > 0) {
		size_t n = 0;
		char *s = line;
		s[strcspn(s, "\r\n")] = '\0';
		while (*s && n < 256) {
			size_t len = strcspn(s, ",");
			if (len)
				it[n++] = intern(nm, s, len);
			s += len;
			if (*s)
				s++;
		}
		int is_test = lineno % 5 == 4;
		if (n)
			push_basket(is_test ? test : train, &cb[is_test], &ci[is_test], it, n);
		lineno++;
	}
	free(line);
	fclose(f);
	train->n_items = test->n_items = (uint32_t)nm->n;
	return 0;
}

/* ---- baselines, written plainly here ---- */

struct cand {
	uint32_t item;
	double score;
	uint32_t count;
};

static int cand_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* Hit rate of a scorer: score(ctx, seeds, n, out scores per item). Ties go
 * to the more popular item, as in clerk. */
static double baseline_hit(const struct model_baskets *train, const struct model_baskets *test,
                           int cosine)
{
	uint32_t n = train->n_items;
	uint32_t *count = xcalloc(n, sizeof *count);
	uint32_t *co = xcalloc((size_t)n * n, sizeof *co);
	for (size_t x = 0; x < train->n; x++)
		for (size_t a = train->start[x]; a < train->start[x + 1]; a++) {
			count[train->items[a]]++;
			for (size_t b = train->start[x]; b < train->start[x + 1]; b++)
				if (a != b)
					co[(size_t)train->items[a] * n + train->items[b]]++;
		}
	struct cand *c = xmalloc(n * sizeof *c);
	size_t hits = 0, tries = 0;
	for (size_t x = 0; x < test->n; x++) {
		size_t len = test->start[x + 1] - test->start[x];
		const uint32_t *bk = test->items + test->start[x];
		if (len < 2)
			continue;
		for (size_t h = 0; h < len; h++) {
			size_t nc = 0;
			for (uint32_t j = 0; j < n; j++) {
				int seed = 0;
				double s = 0;
				for (size_t k = 0; k < len; k++) {
					if (k == h)
						continue;
					if (bk[k] == j)
						seed = 1;
					else if (cosine && count[bk[k]] && count[j])
						s += co[(size_t)bk[k] * n + j] /
						     sqrt((double)count[bk[k]] * count[j]);
				}
				if (!seed)
					c[nc++] = (struct cand){j, s, count[j]};
			}
			qsort(c, nc, sizeof *c, cand_desc);
			for (size_t q = 0; q < nc && q < AT; q++)
				if (c[q].item == bk[h]) {
					hits++;
					break;
				}
			tries++;
		}
	}
	free(c);
	free(co);
	free(count);
	return (double)hits / (double)tries;
}

static size_t held_out_queries(const struct model_baskets *test)
{
	size_t n = 0;
	for (size_t x = 0; x < test->n; x++)
		if (test->start[x + 1] - test->start[x] >= 2)
			n += test->start[x + 1] - test->start[x];
	return n;
}

/* Writes the items as products (source id "G<number>") and the training
 * baskets as orders, as CSV files that `clerk import` would read. */
static int write_sources(const char *dir, const struct names *nm, const struct model_baskets *train)
{
	char path[512];
	snprintf(path, sizeof path, "%s/products.csv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "id,name,price\n");
	for (size_t i = 0; i < nm->n; i++)
		fprintf(f, "G%zu,\"%s\",1.00\n", i, nm->name[i]);
	fclose(f);
	snprintf(path, sizeof path, "%s/orders.csv", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "order_id,customer,product,quantity,price,date,status\n");
	for (size_t x = 0; x < train->n; x++)
		for (size_t k = train->start[x]; k < train->start[x + 1]; k++)
			fprintf(f, "%zu,,G%u,1,1.00,2026-01-01,delivered\n", x + 1, train->items[k]);
	fclose(f);
	return 0;
}

/* Clerk through the catalog: import, build the model, recommend_run() for
 * every held-out item. Returns the hit rate, or -1. */
static double through_catalog(const struct names *nm, const struct model_baskets *train,
                              const struct model_baskets *test, double *build_ms,
                              double *query_us)
{
	char dir[] = "/tmp/clerk-bench-recommend-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	char db[600], src[600];
	snprintf(db, sizeof db, "%s/shop.db", dir);
	catalog *c = NULL;
	char *err = NULL;
	double hit = -1;
	struct import_options o = {0};
	struct import_stats st = {0};
	struct recommend_build_stats bs;
	if (write_sources(dir, nm, train) < 0 || catalog_open(db, &c, &err) < 0)
		goto cleanup;
	snprintf(src, sizeof src, "%s/products.csv", dir);
	if (import_run(c, src, &o, &st, &err) < 0)
		goto cleanup;
	o.orders = true;
	snprintf(src, sizeof src, "%s/orders.csv", dir);
	if (import_run(c, src, &o, &st, &err) < 0)
		goto cleanup;
	double t0 = now_ms();
	if (recommend_model_build(c, &bs, &err) < 0)
		goto cleanup;
	*build_ms = now_ms() - t0;
	printf("  model: %zu orders, %zu products, %zu neighbours; tuned on %zu baskets"
	       " (cv hit rate %.4f): %s\n", bs.orders, bs.products, bs.neighbors, bs.tuned_on,
	       bs.tune_hit, bs.params);
	size_t hits = 0, tries = 0;
	char ids[256][16];
	const char *with[256];
	double tq = 0;
	for (size_t x = 0; x < test->n; x++) {
		size_t len = test->start[x + 1] - test->start[x];
		const uint32_t *bk = test->items + test->start[x];
		if (len < 2 || len > 256)
			continue;
		for (size_t h = 0; h < len; h++) {
			size_t nw = 0;
			for (size_t k = 0; k < len; k++)
				if (k != h) {
					snprintf(ids[nw], sizeof ids[nw], "G%u", bk[k]);
					with[nw] = ids[nw];
					nw++;
				}
			char want[16];
			snprintf(want, sizeof want, "G%u", bk[h]);
			struct recommend_request q = {.with = with, .n_with = nw, .limit = AT};
			struct recommendation *r = NULL;
			size_t n = 0;
			double q0 = now_ms();
			if (recommend_run(c, &q, &r, &n, &err) < 0)
				goto cleanup;
			tq += now_ms() - q0;
			for (size_t k = 0; k < n; k++)
				if (!strcmp(r[k].p.id, want)) {
					hits++;
					break;
				}
			tries++;
			recommend_free(r, n);
		}
	}
	*query_us = tries ? 1e3 * tq / (double)tries : 0;
	hit = (double)hits / (double)tries;
cleanup:
	if (err)
		fprintf(stderr, "bench_recommend: %s\n", err);
	free(err);
	catalog_close(c);
	snprintf(src, sizeof src, "rm -rf '%s'", dir);
	if (system(src) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return hit;
}

static int quality(const char *path)
{
	struct names nm = {0};
	struct model_baskets train = {0}, test = {0};
	if (read_baskets(path, &nm, &train, &test) < 0)
		return 1;
	printf("%s: %zu items, %zu training baskets, %zu test baskets, %zu held-out items\n", path,
	       nm.n, train.n, test.n, held_out_queries(&test));
	double t0 = now_ms();
	double pop = baseline_hit(&train, &test, 0);
	double cos = baseline_hit(&train, &test, 1);
	double t1 = now_ms();

	struct model_params ep;
	model_params_default(&ep);
	ep.k = nm.n;
	ep.intercept = 0; /* EASE as published */
	double ecv = model_tune(&train, 4, 0, 1, &ep);
	struct model em;
	model_fit(&train, &ep, &em);
	double ease = model_hit_rate(&em, &test, AT);
	model_release(&em);
	double t2 = now_ms();

	struct model_params bp;
	model_params_default(&bp);
	double bcv = model_tune(&train, 4, 0, 0, &bp);
	struct model bm;
	model_fit(&train, &bp, &bm);
	double blend = model_hit_rate(&bm, &test, AT);
	model_release(&bm);
	double t3 = now_ms();

	double build_ms = 0, query_us = 0;
	double clerk = through_catalog(&nm, &train, &test, &build_ms, &query_us);
	if (clerk < 0)
		return 1;
	printf("next-item hit rate at %d on the test baskets (same run):\n", AT);
	printf("  popularity          %.4f\n", pop);
	printf("  item cosine         %.4f\n", cos);
	printf("  EASE alone          %.4f   (lambda %.0f dropout %.2f chosen by 4-fold CV in training: %.4f)\n",
	       ease, ep.lambda, ep.dropout, ecv);
	printf("  clerk               %.4f   (through the catalog: model built in %.0f ms, %.0f us a basket)\n",
	       clerk, build_ms, query_us);
	printf("  the same in memory  %.4f   (cv %.4f: w_cos %.2f alpha %.2f w_ease %.2f lambda %.2f dropout %.2f w_pop %.2f)\n",
	       blend, bcv, bp.w_cos, bp.alpha, bp.w_ease, bp.lambda, bp.dropout, bp.w_pop);
	printf("  times: baselines %.0f ms, EASE tune+fit %.0f ms, clerk tune+fit %.0f ms\n", t1 - t0,
	       t2 - t1, t3 - t2);
	for (size_t i = 0; i < nm.n; i++)
		free(nm.name[i]);
	free(nm.name);
	model_baskets_release(&train);
	model_baskets_release(&test);
	return 0;
}


/* ---- scale ---- */

#define N_PRODUCTS 1000000L
#define N_LINES 10000000L
#define N_SHELVES 2000
#define N_AISLES 200
#define N_DEPTS 20
#define N_BRANDS 2000
#define N_CUSTOMERS 100000

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static double rnd01(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* Zipf(1) over n ranks: a cumulative table and a binary search. */
struct zipf {
	double *cdf;
	long n;
};

static void zipf_init(struct zipf *z, long n)
{
	z->n = n;
	z->cdf = xmalloc((size_t)n * sizeof *z->cdf);
	double sum = 0;
	for (long i = 0; i < n; i++)
		z->cdf[i] = sum += 1.0 / (double)(i + 1);
	for (long i = 0; i < n; i++)
		z->cdf[i] /= sum;
}

static long zipf_draw(const struct zipf *z)
{
	double u = rnd01();
	long lo = 0, hi = z->n - 1;
	while (lo < hi) {
		long mid = (lo + hi) / 2;
		if (z->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct drawer {
	struct zipf global, shelf, theme;
	long *perm; /* global rank -> product number */
};

static void drawer_init(struct drawer *d)
{
	zipf_init(&d->global, N_PRODUCTS);
	zipf_init(&d->shelf, N_PRODUCTS / N_SHELVES);
	zipf_init(&d->theme, N_SHELVES);
	d->perm = xmalloc(N_PRODUCTS * sizeof *d->perm);
	for (long i = 0; i < N_PRODUCTS; i++)
		d->perm[i] = i;
	for (long i = N_PRODUCTS - 1; i > 0; i--) {
		long j = (long)(rnd() % (uint64_t)(i + 1)), t = d->perm[i];
		d->perm[i] = d->perm[j];
		d->perm[j] = t;
	}
}

static void drawer_release(struct drawer *d)
{
	free(d->global.cdf);
	free(d->shelf.cdf);
	free(d->theme.cdf);
	free(d->perm);
}

/* Product numbers (0-based; products.id is one more) of one basket. */
static size_t draw_basket(const struct drawer *d, long size, long *out)
{
	long theme = zipf_draw(&d->theme);
	size_t n = 0;
	for (long k = 0; k < size; k++) {
		long p = rnd01() < 0.6 ? theme + N_SHELVES * zipf_draw(&d->shelf)
		                       : d->perm[zipf_draw(&d->global)];
		int dup = 0;
		for (size_t q = 0; q < n; q++)
			dup |= out[q] == p;
		if (!dup)
			out[n++] = p;
	}
	return n;
}

static int exec(catalog *c, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench_recommend: %s: %s\n", sql, msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int generate(catalog *c, const struct drawer *d)
{
	double t0 = now_ms();
	char *err = NULL;
	char buf[128];
	if (catalog_begin(c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	sqlite3_stmt *brand = catalog_prepare(c, "INSERT INTO brands (id, name) VALUES (?1, ?2)", NULL);
	sqlite3_stmt *cat = catalog_prepare(c, "INSERT INTO categories (id, parent_id, name, path, depth)"
	                                       " VALUES (?1, ?2, ?3, ?4, ?5)", NULL);
	sqlite3_stmt *prod = catalog_prepare(
	        c, "INSERT INTO products (id, source_id, name, brand_id, category_id, price_cents,"
	           " stock, popularity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", NULL);
	sqlite3_stmt *cust = catalog_prepare(c, "INSERT INTO customers (id, external_id) VALUES (?1, ?2)",
	                                     NULL);
	sqlite3_stmt *ord = catalog_prepare(
	        c, "INSERT INTO orders (id, source_id, customer_id, status, placed_at, total_cents)"
	           " VALUES (?1, ?2, ?3, 'delivered', ?4, 0)", NULL);
	sqlite3_stmt *line = catalog_prepare(
	        c, "INSERT INTO order_items (order_id, line, product_id, product_source_id, quantity,"
	           " price_cents) VALUES (?1, ?2, ?3, ?4, 1, ?5)", NULL);
	if (!brand || !cat || !prod || !cust || !ord || !line)
		return -1;
#define STEP(st)                                                               \
	do {                                                                   \
		if (sqlite3_step(st) != SQLITE_DONE) {                         \
			fprintf(stderr, "bench_recommend: %s\n", sqlite3_errmsg(c->db)); \
			return -1;                                             \
		}                                                              \
		sqlite3_reset(st);                                             \
	} while (0)
	for (int b = 1; b <= N_BRANDS; b++) {
		snprintf(buf, sizeof buf, "Brand %d", b);
		sqlite3_bind_int(brand, 1, b);
		sqlite3_bind_text(brand, 2, buf, -1, SQLITE_TRANSIENT);
		STEP(brand);
	}
	/* ids: departments 1..20, aisles 21..220, shelves 221..2220 */
	for (int k = 0; k < N_DEPTS + N_AISLES + N_SHELVES; k++) {
		int depth = k < N_DEPTS ? 0 : k < N_DEPTS + N_AISLES ? 1 : 2;
		int at = depth == 0 ? k : depth == 1 ? k - N_DEPTS : k - N_DEPTS - N_AISLES;
		int dept = depth == 0 ? at : depth == 1 ? at / 10 : at / 100;
		int aisle = depth == 1 ? at : at / 10;
		char name[64], path[192];
		if (depth == 0) {
			snprintf(name, sizeof name, "Department %d", dept);
			snprintf(path, sizeof path, "%s", name);
		} else if (depth == 1) {
			snprintf(name, sizeof name, "Aisle %d", aisle);
			snprintf(path, sizeof path, "Department %d > %s", dept, name);
		} else {
			snprintf(name, sizeof name, "Shelf %d", at);
			snprintf(path, sizeof path, "Department %d > Aisle %d > %s", dept, aisle, name);
		}
		sqlite3_bind_int(cat, 1, k + 1);
		if (depth == 0)
			sqlite3_bind_null(cat, 2);
		else
			sqlite3_bind_int(cat, 2, depth == 1 ? dept + 1 : N_DEPTS + aisle + 1);
		sqlite3_bind_text(cat, 3, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(cat, 4, path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(cat, 5, depth);
		STEP(cat);
	}
	for (long i = 0; i < N_PRODUCTS; i++) {
		long shelf = i % N_SHELVES;
		snprintf(buf, sizeof buf, "P%07ld", i);
		sqlite3_bind_int64(prod, 1, i + 1);
		sqlite3_bind_text(prod, 2, buf, -1, SQLITE_TRANSIENT);
		snprintf(buf, sizeof buf, "Item %ld from shelf %ld", i, shelf);
		sqlite3_bind_text(prod, 3, buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(prod, 4, 1 + (long)(rnd() % N_BRANDS));
		sqlite3_bind_int64(prod, 5, N_DEPTS + N_AISLES + shelf + 1);
		sqlite3_bind_int64(prod, 6, 100 + (long)(rnd() % 20000));
		sqlite3_bind_int64(prod, 7, rnd() % 100 < 3 ? 0 : 10);
		sqlite3_bind_double(prod, 8, rnd01());
		STEP(prod);
	}
	for (long k = 1; k <= N_CUSTOMERS; k++) {
		snprintf(buf, sizeof buf, "c%ld", k);
		sqlite3_bind_int64(cust, 1, k);
		sqlite3_bind_text(cust, 2, buf, -1, SQLITE_TRANSIENT);
		STEP(cust);
	}
	long lines = 0, order = 0, basket[32];
	while (lines < N_LINES) {
		order++;
		size_t n = draw_basket(d, 1 + (long)(rnd() % 19), basket);
		snprintf(buf, sizeof buf, "%ld", order);
		sqlite3_bind_int64(ord, 1, order);
		sqlite3_bind_text(ord, 2, buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ord, 3, 1 + (long)(rnd() % N_CUSTOMERS));
		time_t when = (time_t)(1767225600 + (order * 31536000L) / (N_LINES / 10));
		struct tm tm;
		gmtime_r(&when, &tm);
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
		sqlite3_bind_text(ord, 4, buf, -1, SQLITE_TRANSIENT);
		STEP(ord);
		for (size_t k = 0; k < n; k++) {
			sqlite3_bind_int64(line, 1, order);
			sqlite3_bind_int64(line, 2, (long)k + 1);
			sqlite3_bind_int64(line, 3, basket[k] + 1);
			snprintf(buf, sizeof buf, "P%07ld", basket[k]);
			sqlite3_bind_text(line, 4, buf, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(line, 5, 1000);
			STEP(line);
		}
		lines += (long)n;
	}
#undef STEP
	sqlite3_finalize(brand);
	sqlite3_finalize(cat);
	sqlite3_finalize(prod);
	sqlite3_finalize(cust);
	sqlite3_finalize(ord);
	sqlite3_finalize(line);
	if (catalog_commit(c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	fprintf(stderr, "generated %ld products, %ld orders, %ld order lines in %.0f s\n", N_PRODUCTS,
	        order, lines, (now_ms() - t0) / 1e3);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void print_latency(const char *what, double *ms, size_t n)
{
	qsort(ms, n, sizeof *ms, cmp_double);
	printf("  %-48s p50 %.3f  p95 %.3f  p99 %.3f  max %.3f ms  (%zu runs)\n", what,
	       ms[n / 2], ms[(size_t)(0.95 * (double)(n - 1))], ms[(size_t)(0.99 * (double)(n - 1))],
	       ms[n - 1], n);
}

/* What the recommender did before it had a model: per basket product, its
 * co-purchases counted by a self-join of order_items. */
static int old_copurchase(catalog *c, sqlite3_stmt *co, const long *basket, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		sqlite3_reset(co);
		sqlite3_bind_int64(co, 1, basket[k] + 1);
		sqlite3_bind_int(co, 2, 400);
		int rc;
		while ((rc = sqlite3_step(co)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "bench_recommend: %s\n", sqlite3_errmsg(c->db));
			return -1;
		}
	}
	return 0;
}

/* CLERK_BENCH_TRACE=MS: statements slower than MS milliseconds, on stderr. */
static int trace_slow(unsigned kind, void *ctx, void *p, void *x)
{
	(void)kind;
	double limit = *(const double *)ctx;
	double ms = (double)*(const sqlite3_int64 *)x / 1e6;
	if (ms >= limit) {
		char *sql = sqlite3_expanded_sql(p);
		fprintf(stderr, "%.2f ms: %s\n", ms, sql ? sql : "?");
		sqlite3_free(sql);
	}
	return 0;
}

static int scale(const char *db, int build_model)
{
	static double trace_ms;
	catalog *c = NULL;
	char *err = NULL;
	int rc = 1;
	struct drawer d;
	drawer_init(&d);
	if (catalog_open(db, &c, &err) < 0)
		goto cleanup;
	if (catalog_product_count(c) == 0 && generate(c, &d) < 0)
		goto cleanup;
	if (exec(c, "PRAGMA mmap_size = 1073741824") < 0)
		goto cleanup;
	if (getenv("CLERK_BENCH_TRACE")) {
		trace_ms = atof(getenv("CLERK_BENCH_TRACE"));
		sqlite3_trace_v2(c->db, SQLITE_TRACE_PROFILE, trace_slow, &trace_ms);
	}

	struct recommend_build_stats bs = {0};
	double t0 = now_ms(), c0 = cpu_ms();
	if (build_model ? recommend_model_build(c, &bs, &err) < 0
	                : recommend_model_refresh(c, NULL, &err) < 0)
		goto cleanup;
	double build = now_ms() - t0, build_cpu = cpu_ms() - c0;
	printf("%s:\n", db);
	fflush(stdout);
	printf("  model build: %.1f s wall, %.1f s CPU (wall / CPU: read %.1f / %.1f s, tune and fit"
	       " %.1f / %.1f s, write %.1f / %.1f s): %zu orders,"
	       " %zu lines, %zu products, %zu neighbours; tuned on %zu baskets (cv hit rate %.4f):"
	       " %s\n", build / 1e3, build_cpu / 1e3, bs.read_s, bs.read_cpu_s, bs.fit_s, bs.fit_cpu_s,
	       bs.write_s, bs.write_cpu_s, bs.orders, bs.lines,
	       bs.products, bs.neighbors, bs.tuned_on, bs.tune_hit, bs.params);

	/* the same queries for both, clerk first; fresh baskets */
	rng_state = 0x0123456789abcdefull;
	enum { N_Q = 2000, N_OLD = 100, N_CUST = 500 };
	double *ms = xmalloc(N_Q * sizeof *ms), *old = xmalloc(N_OLD * sizeof *old);
	double *cu = xmalloc(N_CUST * sizeof *cu), *ms_cpu = xmalloc(N_Q * sizeof *ms_cpu);
	double *cu_cpu = xmalloc(N_CUST * sizeof *cu_cpu);
	long (*baskets)[32] = xmalloc(N_Q * sizeof *baskets);
	size_t *sizes = xmalloc(N_Q * sizeof *sizes);
	for (size_t q = 0; q < N_Q; q++)
		sizes[q] = draw_basket(&d, 1 + (long)(rnd() % 10), baskets[q]);
	sqlite3_stmt *co = catalog_prepare(
	        c, "SELECT b.product_id, count(*) FROM order_items a JOIN order_items b"
	           " ON b.order_id = a.order_id AND b.product_id != a.product_id"
	           " WHERE a.product_id = ?1 AND b.product_id IS NOT NULL"
	           " GROUP BY b.product_id ORDER BY count(*) DESC LIMIT ?2", &err);
	if (!co)
		goto cleanup;
	size_t returned = 0;
	for (int round = 0; round < 2; round++) /* the first warms the cache */
		for (size_t q = 0; q < N_Q; q++) {
			char ids[32][16];
			const char *with[32];
			for (size_t k = 0; k < sizes[q]; k++) {
				snprintf(ids[k], sizeof ids[k], "P%07ld", baskets[q][k]);
				with[k] = ids[k];
			}
			struct recommend_request rq = {.with = with, .n_with = sizes[q], .limit = 10};
			struct recommendation *r = NULL;
			size_t n = 0;
			double q0 = now_ms(), k0 = cpu_ms();
			if (recommend_run(c, &rq, &r, &n, &err) < 0)
				goto cleanup;
			ms[q] = now_ms() - q0;
			ms_cpu[q] = cpu_ms() - k0;
			returned += n;
			recommend_free(r, n);
		}
	for (size_t q = 0; q < N_CUST; q++) {
		char id[16];
		snprintf(id, sizeof id, "c%ld", 1 + (long)(rnd() % N_CUSTOMERS));
		struct recommend_request rq = {.customer = id, .limit = 10};
		struct recommendation *r = NULL;
		size_t n = 0;
		double q0 = now_ms(), k0 = cpu_ms();
		if (recommend_run(c, &rq, &r, &n, &err) < 0)
			goto cleanup;
		cu[q] = now_ms() - q0;
		cu_cpu[q] = cpu_ms() - k0;
		recommend_free(r, n);
	}
	for (size_t q = 0; q < N_OLD; q++) {
		double q0 = now_ms();
		if (old_copurchase(c, co, baskets[q], sizes[q]) < 0)
			goto cleanup;
		old[q] = now_ms() - q0;
	}
	sqlite3_finalize(co);
	printf("  recommend for a basket of 1-10 products (%.1f results on average):\n",
	       (double)returned / (2.0 * N_Q));
	print_latency("clerk, recommend_run(), wall", ms, N_Q);
	print_latency("  the same, CPU time", ms_cpu, N_Q);
	print_latency("before: co-purchase self-join alone, wall", old, N_OLD);
	print_latency("clerk, for a customer (history as seeds), wall", cu, N_CUST);
	print_latency("  the same, CPU time", cu_cpu, N_CUST);
	free(ms_cpu);
	free(cu_cpu);
	free(ms);
	free(old);
	free(cu);
	free(baskets);
	free(sizes);
	rc = 0;
cleanup:
	if (err)
		fprintf(stderr, "bench_recommend: %s\n", err);
	free(err);
	drawer_release(&d);
	catalog_close(c);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--scale") || !strcmp(argv[1], "--scale-queries")))
		return scale(argc > 2 ? argv[2] : "/tmp/clerk-bench-recommend-1m.db",
		             !strcmp(argv[1], "--scale"));
	const char *path = argc > 1 ? argv[1] : "../shared/data/baskets/groceries.csv";
	if (access(path, R_OK) != 0)
		path = "/work/shared/data/baskets/groceries.csv";
	return quality(path);
}
