/*
 * recommend: the recommender's next-item hit rate at 10 on real baskets,
 * beside popularity, item cosine and EASE alone in the same run; then, with
 * --scale, its speed on a 1M-product catalog with 10M order lines.
 *
 * usage: bench_recommend [BASKETS.csv]
 *        bench_recommend --scale [DB [PRODUCTS_DB]]
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
 * Scale: see scale() below.
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
#include "common/xalloc.h"

#define AT 10

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
				if (!strcmp(r[k].id, want)) {
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

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "../shared/data/baskets/groceries.csv";
	if (access(path, R_OK) != 0)
		path = "/work/shared/data/baskets/groceries.csv";
	return quality(path);
}
