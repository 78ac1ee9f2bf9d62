/*
 * search_latency: in-process search latency at catalog scale, printed
 * beside a plain FTS5 query (porter tokenizer, default bm25, words ORed)
 * on the same database in the same run.
 *
 * usage: bench_search_latency [N [DB [PRODUCTS.json [QUERIES.tsv]]]]
 *   N        products to generate (default 1000000)
 *   DB       database file (default /tmp/clerk-bench-N.db); reused when it
 *            already holds N products, so the catalog is built only once
 *   PRODUCTS the Best Buy phones JSON the catalog is generated from
 *   QUERIES  bench/queries/phones.tsv; each query is also run misspelt
 *
 * The generated catalog repeats the source products with variations (a
 * model code, a color, a price) so that term statistics stay realistic.
 * Every query runs ROUNDS times after one warm-up (whose times are
 * reported apart: it counts each word's products for the first time, which
 * later queries find kept), then once through the baseline (whose queries
 * take up to seconds at this size); the figures are percentiles over all
 * runs, in milliseconds. Autocomplete is timed on every prefix of every
 * query (each keystroke), after building it.
 *
 * Environment: SLOW_MS=X prints each timed run of clerk slower than X ms;
 * NO_BASELINE=1 skips the baseline (minutes at this size), for comparing
 * two builds of clerk back to back.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "catalog/search/autocomplete.h"
#include "bench/baseline.h"
#include "bench/bench_typo.h"
#include "catalog/store/catalog.h"
#include "catalog/store/product.h"
#include "catalog/search/search.h"
#include "common/xalloc.h"
#include "nlu/text/lang.h"

#define ROUNDS 2

static const char *const colors[] = {"Black", "White", "Blue", "Red", "Gray", "Gold",
                                     "Silver", "Pink", "Green", "Purple"};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = xmalloc((size_t)n + 1);
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = '\0';
	fclose(f);
	return s;
}

static int generate(catalog *c, const char *json_path, long n)
{
	char *text = read_file(json_path);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", json_path);
		return -1;
	}
	cJSON *arr = cJSON_Parse(text);
	free(text);
	int m = cJSON_GetArraySize(arr);
	if (m <= 0) {
		cJSON_Delete(arr);
		return -1;
	}
	char *err = NULL;
	product_writer *w = product_writer_new(c, &err);
	if (!w) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	double t0 = now_ms();
	int rc = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		if (i % 50000 == 0) {
			if (i && catalog_commit(c, &err) < 0)
				rc = -1;
			if (rc == 0 && catalog_begin(c, &err) < 0)
				rc = -1;
			if (i)
				fprintf(stderr, "\r%ld products, %.0f s", i, (now_ms() - t0) / 1e3);
		}
		cJSON *it = cJSON_GetArrayItem(arr, (int)(i % m));
		long copy = i / m;
		char id[32], name[1024], cat[1024] = "";
		snprintf(id, sizeof id, "%ld", i);
		const char *base = cJSON_GetStringValue(cJSON_GetObjectItem(it, "name"));
		if (copy == 0)
			snprintf(name, sizeof name, "%s", base ? base : "product");
		else
			snprintf(name, sizeof name, "%s %c%ld - %s", base ? base : "product",
			         'A' + (int)(copy % 26), copy, colors[copy % 10]);
		cJSON *lv;
		cJSON_ArrayForEach(lv, cJSON_GetObjectItem(it, "categories"))
		{
			if (!cJSON_IsString(lv))
				continue;
			if (*cat)
				strncat(cat, " > ", sizeof cat - strlen(cat) - 1);
			strncat(cat, lv->valuestring, sizeof cat - strlen(cat) - 1);
		}
		struct product p = {0};
		p.id = id;
		p.name = name;
		p.brand = cJSON_GetStringValue(cJSON_GetObjectItem(it, "brand"));
		p.description = cJSON_GetStringValue(cJSON_GetObjectItem(it, "description"));
		p.category = *cat ? cat : NULL;
		cJSON *price = cJSON_GetObjectItem(it, "price");
		if (cJSON_IsNumber(price)) {
			p.has_price = true;
			p.price_cents = (int64_t)(price->valuedouble * 100 * (0.8 + (copy % 5) * 0.1));
		}
		cJSON *pop = cJSON_GetObjectItem(it, "popularity");
		p.popularity = cJSON_IsNumber(pop) ? pop->valuedouble / (1 + copy) : 0;
		p.rating = 3.0 + (double)((i * 7) % 21) / 10.0;
		p.has_rating = true;
		p.stock = (i * 13) % 40;
		p.has_stock = true;
		if (product_writer_put(w, &p, false, &err) < 0) {
			fprintf(stderr, "\nproduct %s: %s\n", id, err);
			rc = -1;
		}
	}
	if (rc == 0 && catalog_commit(c, &err) < 0)
		rc = -1;
	fprintf(stderr, "\rgenerated %ld products in %.1f s\n", n, (now_ms() - t0) / 1e3);
	if (rc < 0 && err)
		fprintf(stderr, "%s\n", err);
	free(err);
	product_writer_free(w);
	cJSON_Delete(arr);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *ms, size_t n)
{
	qsort(ms, n, sizeof *ms, cmp_double);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += ms[i];
	printf("%-26s p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f  mean %7.2f ms\n", what,
	       ms[n / 2], ms[(size_t)(n * 0.95)], ms[(size_t)(n * 0.99)], ms[n - 1], sum / n);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char defdb[256];
	snprintf(defdb, sizeof defdb, "/tmp/clerk-bench-%ld.db", n);
	const char *dbpath = argc > 2 ? argv[2] : defdb;
	const char *json = argc > 3 ? argv[3] : CLERK_ASSETS_DIR "/../../shared/data/phones/products.json";
	const char *qpath = argc > 4 ? argv[4] : CLERK_ASSETS_DIR "/../bench/queries/phones.tsv";
	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(dbpath, &c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (catalog_product_count(c) != n) {
		if (catalog_product_count(c) != 0) {
			fprintf(stderr, "%s holds another catalog; remove it or name another file\n",
			        dbpath);
			return 1;
		}
		if (generate(c, json, n) < 0)
			return 1;
	}
	double t0 = now_ms();
	if (baseline_build(c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	fprintf(stderr, "baseline index ready in %.1f s\n", (now_ms() - t0) / 1e3);

	/* the queries, and their misspelt forms */
	char **queries = NULL;
	size_t nq = 0, cap = 0;
	FILE *f = fopen(qpath, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", qpath);
		return 1;
	}
	char *line = NULL;
	size_t lcap = 0;
	while (getline(&line, &lcap, f) >= 0) {
		if (line[0] == '#' || !strchr(line, '\t'))
			continue;
		line[strcspn(line, "\t")] = '\0';
		char typo[1024];
		queries = xgrow(queries, &cap, nq + 2, sizeof *queries);
		queries[nq++] = xstrdup(line);
		if (bench_misspell(line, typo, sizeof typo, 0))
			queries[nq++] = xstrdup(typo);
	}
	free(line);
	fclose(f);

	t0 = now_ms();
	lang *pack = lang_load(CLERK_ASSETS_DIR "/lang/en", &err);
	if (!pack) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	searcher *s = search_new(c, NULL, pack, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	double open_ms = now_ms() - t0;
	double *clerk_ms = xmalloc(nq * ROUNDS * sizeof *clerk_ms);
	double *first_ms = xmalloc(nq * sizeof *first_ms);
	double *base_ms = xmalloc(nq * sizeof *base_ms);
	double first_typo_ms = -1;
	double slow_ms = getenv("SLOW_MS") ? atof(getenv("SLOW_MS")) : -1;
	bool no_baseline = getenv("NO_BASELINE") != NULL;
	size_t k = 0;
	/* clerk's rounds first, then the baseline's: interleaved, each plain
	 * query's scan of a huge doclist evicts the pages clerk's next query
	 * needs, which no shopper's session does */
	for (int round = -1; round < ROUNDS; round++) {
		for (size_t i = 0; i < nq; i++) {
			struct search_query q;
			search_query_init(&q);
			q.text = queries[i];
			struct search_result r;
			double a = now_ms();
			if (search_run(s, &q, &r, &err) < 0) {
				fprintf(stderr, "%s: %s\n", queries[i], err);
				return 1;
			}
			double b = now_ms();
			if (round == -1 && r.corrected && first_typo_ms < 0)
				first_typo_ms = b - a; /* includes loading the spelling dictionary */
			if (round == -1)
				first_ms[i] = b - a;
			search_result_release(&r);
			if (round >= 0)
				clerk_ms[k++] = b - a;
			if (round >= 0 && slow_ms >= 0 && b - a > slow_ms)
				printf("slow: %7.2f ms  %s\n", b - a, queries[i]);
		}
	}
	/* the baseline once: each of its queries takes up to seconds here */
	for (size_t i = 0; i < nq && !no_baseline; i++) {
		int64_t ids[10];
		size_t nb;
		double c0 = now_ms();
		if (baseline_search(c, queries[i], 10, ids, &nb, &err) < 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		base_ms[i] = now_ms() - c0;
	}
	printf("products: %lld, queries: %zu (half misspelt), %d rounds after a warm-up\n",
	       (long long)catalog_product_count(c), nq, ROUNDS);
	printf("search_new: %.2f ms; first corrected query (loads the dictionary): %.1f ms\n",
	       open_ms, first_typo_ms);
	report("clerk search_run", clerk_ms, k);
	/* the warm-up: each query's words counted for the first time */
	report("clerk, words first seen", first_ms, nq);
	if (!no_baseline)
		report("plain FTS5 (porter, OR)", base_ms, nq);

	t0 = now_ms();
	autocomplete *ac = autocomplete_new(c, &err);
	if (!ac) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	double ac_build = now_ms() - t0;
	size_t keys = 0, kcap = 0;
	double *key_ms = NULL;
	for (size_t i = 0; i < nq; i++) {
		size_t len = strlen(queries[i]);
		for (size_t j = 1; j <= len; j++) {
			char prefix[1024];
			snprintf(prefix, sizeof prefix, "%.*s", (int)j, queries[i]);
			struct completion out[8];
			double a = now_ms();
			size_t got = autocomplete_suggest(ac, prefix, out, 8);
			double b = now_ms();
			autocomplete_release(out, got);
			key_ms = xgrow(key_ms, &kcap, keys + 1, sizeof *key_ms);
			key_ms[keys++] = b - a;
		}
	}
	printf("autocomplete_new: %.0f ms; %zu keystrokes\n", ac_build, keys);
	report("autocomplete keystroke", key_ms, keys);
	free(key_ms);
	autocomplete_free(ac);
	for (size_t i = 0; i < nq; i++)
		free(queries[i]);
	free(queries);
	free(clerk_ms);
	free(first_ms);
	free(base_ms);
	search_free(s);
	lang_free(pack);
	catalog_close(c);
	return 0;
}
