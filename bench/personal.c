/*
 * personal: what personalization costs. A customer who consented and
 * has a full history (HISTORY events on random products) searches; the
 * same search turns run anonymously and with personal ranking switched
 * off, in the same process and run, as the baseline. Also the profile
 * read, the re-rank of a search sample, the export and the forget; and
 * what the nudge does: for customers who bought only one brand, how often
 * the first page of each query holds that brand, before and after, and
 * how far anything moved.
 *
 * usage: bench_personal [DB [QUERIES.tsv [MODEL]]]
 *   DB       an imported catalog (default /tmp/clerk-phones.db: clerk import
 *            --db /tmp/clerk-phones.db ../shared/data/phones/products.json);
 *            a customer is added to it and forgotten at the end
 *   QUERIES  search queries, one a line before a tab (bench/queries/phones.tsv)
 *   MODEL    intent model (default: intent.model next to this program)
 * Figures are milliseconds.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/search/search.h"
#include "catalog/shop/events.h"
#include "catalog/shop/profile.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"
#include "src/dialogue/dialogue.h"

#define HISTORY 500
#define SAMPLE 60
#define RUNS 200
#define ROUNDS 3

static const char *const eco[] = {"eco", "organic", "recycled", "fair trade", "biodegradable"};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	printf("%-40s n=%-5zu p50 %7.3f  p99 %7.3f  max %7.3f\n", what, n, v[n / 2],
	       v[(size_t)(0.99 * (double)(n - 1) + 0.5)], v[n - 1]);
}

static char **read_queries(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char **q = NULL, *line = NULL;
	size_t cap = 0, lcap = 0;
	*n = 0;
	if (!f)
		return NULL;
	while (getline(&line, &lcap, f) > 0) {
		line[strcspn(line, "\t\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		q = xgrow(q, &cap, *n + 1, sizeof *q);
		q[(*n)++] = xstrdup(line);
	}
	free(line);
	fclose(f);
	return q;
}

/* HISTORY events of the kinds a shopper makes, on random products. */
static int fill_history(catalog *c, const char *customer)
{
	static const char *const kinds[] = {"view", "view", "view", "compare", "add_to_cart",
	                                    "purchase", "search"};
	if (profile_set_consent(c, customer, true, NULL) < 0)
		return -1;
	sqlite3_stmt *st = catalog_prepare(c, "SELECT source_id FROM products ORDER BY random()"
	                                      " LIMIT " "500", NULL);
	if (!st)
		return -1;
	size_t i = 0;
	catalog_begin(c, NULL);
	while (sqlite3_step(st) == SQLITE_ROW && i < HISTORY) {
		const char *kind = kinds[i % (sizeof kinds / sizeof kinds[0])];
		const char *id = (const char *)sqlite3_column_text(st, 0);
		events_log(c, customer, "bench", kind, strcmp(kind, "search") ? id : NULL,
		           strcmp(kind, "search") ? NULL : "case", NULL);
		i++;
	}
	sqlite3_finalize(st);
	return catalog_commit(c, NULL);
}

static int sample_ids(catalog *c, const char **ids, char **owned)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT source_id FROM products ORDER BY random()"
	                                      " LIMIT 60", NULL);
	int n = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW && n < SAMPLE) {
		owned[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		ids[n] = owned[n];
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static void turns(const char *what, struct dialogue_options o, char **q, size_t nq)
{
	double *ms = xmalloc(nq * ROUNDS * sizeof *ms);
	size_t n = 0;
	for (int round = 0; round <= ROUNDS; round++) {
		char *err = NULL;
		dialogue *d = dialogue_new(&o, &err);
		if (!d) {
			fprintf(stderr, "bench_personal: %s\n", err);
			exit(1);
		}
		for (size_t i = 0; i < nq; i++) {
			struct reply r;
			double t0 = now_ms();
			dialogue_turn(d, q[i], &r);
			double t = now_ms() - t0;
			reply_release(&r);
			if (round) /* the first round warms the caches */
				ms[n++] = t;
		}
		dialogue_free(d);
	}
	report(what, ms, n);
	free(ms);
}

/* The most common brands, up to n (heap strings). */
static size_t top_brands(catalog *c, char **out, size_t n)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT b.name FROM products p JOIN brands b ON b.id = p.brand_id"
	           " GROUP BY b.id ORDER BY count(*) DESC LIMIT ?1", NULL);
	size_t got = 0;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)n);
	while (st && sqlite3_step(st) == SQLITE_ROW && got < n)
		out[got++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return got;
}

/* A customer who bought 30 random products of brand. */
static void brand_history(catalog *c, const char *customer, const char *brand)
{
	profile_set_consent(c, customer, true, NULL);
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.source_id FROM products p JOIN brands b ON b.id = p.brand_id"
	           " WHERE b.name = ?1 ORDER BY random() LIMIT 30", NULL);
	catalog_bind_text(st, 1, brand);
	catalog_begin(c, NULL);
	while (st && sqlite3_step(st) == SQLITE_ROW)
		events_log(c, customer, "bench", "purchase", (const char *)sqlite3_column_text(st, 0),
		           NULL, NULL);
	sqlite3_finalize(st);
	catalog_commit(c, NULL);
}

/* How many of the first 5 of ids are of brand. */
static int in_page(catalog *c, const char *const *ids, size_t n, const char *brand)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT 1 FROM products p JOIN brands b ON b.id = p.brand_id"
	           " WHERE p.source_id = ?1 AND b.name = ?2", NULL);
	int k = 0;
	for (size_t i = 0; i < n && i < 5; i++) {
		sqlite3_reset(st);
		catalog_bind_text(st, 1, ids[i]);
		catalog_bind_text(st, 2, brand);
		k += sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return k;
}

/* The nudge on the first 60 hits of every query, as the dialogue does it
 * (the first hit kept, the rest re-ranked), for one-brand customers. */
static void nudge(catalog *c, char **q, size_t nq)
{
	char *brands[3];
	size_t nb = top_brands(c, brands, 3);
	searcher *s = search_new(c, NULL, NULL, NULL);
	size_t pages = 0, with_before = 0, with_after = 0, moved = 0, listed = 0, max_up = 0;
	long in_before = 0, in_after = 0;
	for (size_t b = 0; b < nb; b++) {
		char customer[64];
		snprintf(customer, sizeof customer, "bench-brand-%zu-%ld", b, (long)getpid());
		brand_history(c, customer, brands[b]);
		struct profile p;
		profile_read(c, customer, NULL, (int64_t)time(NULL), NULL, 0, &p, NULL);
		for (size_t i = 0; i < nq; i++) {
			struct search_query sq;
			search_query_init(&sq);
			sq.text = q[i];
			sq.limit = SAMPLE;
			struct search_result r;
			if (search_run(s, &sq, &r, NULL) < 0 || r.n_hits < 3) {
				search_result_release(&r);
				continue;
			}
			size_t n = r.relaxed && r.total_exact < r.n_hits ? r.total_exact : r.n_hits;
			const char **before = xmalloc(r.n_hits * sizeof *before);
			const char **after = xmalloc(r.n_hits * sizeof *after);
			for (size_t k = 0; k < r.n_hits; k++)
				before[k] = after[k] = r.hits[k].p.id;
			if (n >= 3)
				profile_rerank_by(c, &p, after + 1, n - 1, NULL);
			int kb = in_page(c, before, r.n_hits, brands[b]);
			int ka = in_page(c, after, r.n_hits, brands[b]);
			pages++;
			with_before += kb > 0;
			with_after += ka > 0;
			in_before += kb;
			in_after += ka;
			for (size_t k = 0; k < r.n_hits; k++) {
				size_t was = 0;
				while (strcmp(before[was], after[k]))
					was++;
				listed++;
				moved += was != k;
				if (was > k && was - k > max_up)
					max_up = was - k;
			}
			free(before);
			free(after);
			search_result_release(&r);
		}
		profile_release(&p);
		struct profile_forgotten f;
		profile_forget(c, customer, &f, NULL);
		free(brands[b]);
	}
	search_free(s);
	if (!pages)
		return;
	printf("nudge, %zu one-brand customers x %zu queries: first page holds their brand"
	       " %.1f%% -> %.1f%% of pages (%.2f -> %.2f of 5 products); %.1f%% of results moved,"
	       " at most %zu places up; the first result never\n",
	       nb, nq, 100.0 * (double)with_before / (double)pages,
	       100.0 * (double)with_after / (double)pages, (double)in_before / (double)pages,
	       (double)in_after / (double)pages, 100.0 * (double)moved / (double)listed, max_up);
}

int main(int argc, char **argv)
{
	const char *db = argc > 1 ? argv[1] : "/tmp/clerk-phones.db";
	const char *qpath = argc > 2 ? argv[2] : "bench/queries/phones.tsv";
	char exe[PATH_MAX], *model = NULL;
	if (argc > 3) {
		model = xstrdup(argv[3]);
	} else {
		ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
		exe[k > 0 ? k : 0] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		model = xasprintf("%s/intent.model", exe);
	}
	size_t nq = 0;
	char **q = read_queries(qpath, &nq);
	catalog *c = NULL;
	char *err = NULL;
	if (!q || !nq || catalog_open(db, &c, &err) < 0) {
		fprintf(stderr, "bench_personal: %s\n", err ? err : "cannot read the queries");
		return 1;
	}
	char customer[64];
	snprintf(customer, sizeof customer, "bench-personal-%ld", (long)getpid());
	double t0 = now_ms();
	if (fill_history(c, customer) < 0) {
		fprintf(stderr, "bench_personal: cannot write the history\n");
		return 1;
	}
	printf("catalog %s: %lld products; %d events written in %.1f ms\n", db,
	       (long long)catalog_product_count(c), HISTORY, now_ms() - t0);

	double ms[RUNS];
	for (int i = 0; i < RUNS; i++) {
		struct profile p;
		double s = now_ms();
		profile_read(c, customer, NULL, (int64_t)time(NULL), eco, 5, &p, NULL);
		ms[i] = now_ms() - s;
		profile_release(&p);
	}
	report("profile_read, 500 events, eco words", ms, RUNS);
	const char *ids[SAMPLE];
	char *owned[SAMPLE];
	int n = sample_ids(c, ids, owned);
	for (int i = 0; i < RUNS; i++) {
		double s = now_ms();
		profile_rerank(c, customer, ids, (size_t)n, NULL);
		ms[i] = now_ms() - s;
	}
	report("profile_rerank, 60 products (by id)", ms, RUNS);
	struct profile prof;
	profile_read(c, customer, NULL, (int64_t)time(NULL), NULL, 0, &prof, NULL);
	struct product_view views[SAMPLE];
	const struct product_view *v[SAMPLE];
	for (int i = 0; i < n; i++)
		product_view_load(c, ids[i], false, &views[i], NULL);
	for (int i = 0; i < RUNS; i++) {
		for (int k = 0; k < n; k++)
			v[k] = &views[k];
		double s = now_ms();
		profile_rerank_views(&prof, v, (size_t)n);
		ms[i] = now_ms() - s;
	}
	report("profile_rerank_views, 60 search hits", ms, RUNS);
	for (int i = 0; i < n; i++)
		product_view_release(&views[i]);
	profile_release(&prof);
	for (int i = 0; i < n; i++)
		free(owned[i]);

	char *assets = xstrdup(CLERK_ASSETS_DIR);
	struct dialogue_options o = {.cat = c, .assets_dir = assets, .model_path = model, .seed = 1};
	turns("search turn, anonymous", o, q, nq);
	o.customer = customer;
	turns("search turn, personal (500 events)", o, q, nq);
	o.no_personal_ranking = true;
	turns("search turn, personal_ranking = false", o, q, nq);

	nudge(c, q, nq);

	char *json = NULL;
	double s = now_ms();
	profile_export(c, customer, (int64_t)time(NULL), &json, NULL);
	printf("%-40s %.3f ms (%zu bytes)\n", "profile_export", now_ms() - s, json ? strlen(json) : 0);
	free(json);
	struct profile_forgotten f;
	s = now_ms();
	profile_forget(c, customer, &f, NULL);
	printf("%-40s %.3f ms (%lld events)\n", "profile_forget", now_ms() - s, (long long)f.events);

	catalog_close(c);
	for (size_t i = 0; i < nq; i++)
		free(q[i]);
	free(q);
	free(assets);
	free(model);
	return 0;
}
