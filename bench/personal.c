/*
 * personal: what personalization costs. A customer who consented and
 * has a full history (HISTORY events on random products) searches; the
 * same search turns run anonymously and with personal ranking switched
 * off, in the same process and run, as the baseline. Also the profile
 * read, the re-rank of a search sample, the export and the forget.
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
	report("profile_rerank, 60 products", ms, RUNS);
	for (int i = 0; i < n; i++)
		free(owned[i]);

	char *assets = xstrdup(CLERK_ASSETS_DIR);
	struct dialogue_options o = {.cat = c, .assets_dir = assets, .model_path = model, .seed = 1};
	turns("search turn, anonymous", o, q, nq);
	o.customer = customer;
	turns("search turn, personal (500 events)", o, q, nq);
	o.no_personal_ranking = true;
	turns("search turn, personal_ranking = false", o, q, nq);

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
