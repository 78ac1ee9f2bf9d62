/*
 * dialogue: the latency of a full scripted turn (NLU, catalog, reply) at
 * catalog scale, beside the search alone for the same words in the same
 * run (the floor a search turn cannot beat).
 *
 * usage: bench_dialogue [DB [QUERIES.tsv [MODEL]]]
 *   DB       an imported catalog (default /tmp/clerk-dialogue-1m.db); build
 *            one with: python3 bench/gen_catalog.py --count 1000000 P.json &&
 *            clerk import --db DB P.json
 *   QUERIES  search queries, one a line before a tab (bench/queries/phones.tsv)
 *   MODEL    intent model (default: intent.model next to this program)
 *
 * Each query opens a conversation of eight turns a shopper makes after a
 * search: refine, page, compare, ask, explain, recommend, add, and the
 * cart. Everything runs ROUNDS times after one warm-up round, in one
 * process, on one dialogue per round. Figures are milliseconds.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/store/catalog.h"
#include "catalog/search/search.h"
#include "common/xalloc.h"
#include "src/dialogue/dialogue.h"
#include "nlu/text/lang.h"

#define ROUNDS 3

/* The turns after a search: generic, so any catalog answers them. */
static const char *const follow_ups[] = {
	"cheaper", "best rated first", "show more", "compare the first two",
	"is the first one in stock?", "why these?", "what goes with it?", "add the first one",
	"what's in my cart?",
};
#define N_FOLLOW (sizeof follow_ups / sizeof follow_ups[0])

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

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

static void report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	printf("%-28s n=%-6zu p50 %7.3f  p90 %7.3f  p99 %7.3f  max %7.3f\n", what, n,
	       pct(v, n, 0.5), pct(v, n, 0.9), pct(v, n, 0.99), n ? v[n - 1] : 0);
}

/* The slowest turns of one kind, with their query: where the tail comes
 * from. Turn j of a kind ran for query j % nq. */
static void slowest(const char *what, const double *ms, size_t n, char *const *queries,
                    size_t nq)
{
	bool shown[64] = {false};
	for (int top = 0; top < 3; top++) {
		size_t best = n;
		for (size_t j = 0; j < n; j++)
			if (!shown[(j % nq) % 64] && (best == n || ms[j] > ms[best]))
				best = j;
		if (best == n)
			return;
		shown[(best % nq) % 64] = true;
		printf("  slowest %s: %8.3f ms  \"%s\"\n", what, ms[best], queries[best % nq]);
	}
}

int main(int argc, char **argv)
{
	const char *db = argc > 1 ? argv[1] : "/tmp/clerk-dialogue-1m.db";
	const char *qpath = argc > 2 ? argv[2] : CLERK_ASSETS_DIR "/../bench/queries/phones.tsv";
	char model[PATH_MAX];
	if (argc > 3) {
		snprintf(model, sizeof model, "%s", argv[3]);
	} else {
		ssize_t n = readlink("/proc/self/exe", model, sizeof model - 20);
		model[n > 0 ? n : 0] = '\0';
		char *slash = strrchr(model, '/');
		snprintf(slash ? slash + 1 : model, 20, "intent.model");
	}
	if (access(db, R_OK) != 0) {
		fprintf(stderr, "no catalog at %s (see the usage at the top of bench/dialogue.c)\n", db);
		return 1;
	}
	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(db, &c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
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
		queries = xgrow(queries, &cap, nq + 1, sizeof *queries);
		queries[nq++] = xstrdup(line);
	}
	free(line);
	fclose(f);

	double t0 = now_ms();
	struct dialogue_options o = {.cat = c, .assets_dir = CLERK_ASSETS_DIR, .model_path = model, .seed = 1};
	dialogue *d = dialogue_new(&o, &err);
	if (!d) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	double start_ms = now_ms() - t0;
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
	size_t max = nq * (N_FOLLOW + 1) * ROUNDS;
	double *all = xmalloc(max * sizeof *all), *search_turns = xmalloc(max * sizeof *all);
	double *other = xmalloc(max * sizeof *all), *floor = xmalloc(max * sizeof *all);
	size_t n_all = 0, n_search = 0, n_other = 0, n_floor = 0;
	double *kind[N_FOLLOW];
	size_t n_kind[N_FOLLOW] = {0};
	for (size_t k = 0; k < N_FOLLOW; k++)
		kind[k] = xmalloc(nq * ROUNDS * sizeof *kind[k]);
	for (int round = -1; round < ROUNDS; round++) {
		for (size_t i = 0; i < nq; i++) {
			struct search_query q;
			search_query_init(&q);
			q.text = queries[i];
			q.limit = 60;
			struct search_result r;
			double a = now_ms();
			search_run(s, &q, &r, NULL);
			double b = now_ms();
			search_result_release(&r);
			if (round >= 0)
				floor[n_floor++] = b - a;
			dialogue_reset(d);
			for (size_t k = 0; k <= N_FOLLOW; k++) {
				struct reply rep;
				char text[600];
				if (k == 0)
					snprintf(text, sizeof text, "show me %s", queries[i]);
				else
					snprintf(text, sizeof text, "%s", follow_ups[k - 1]);
				a = now_ms();
				dialogue_turn(d, text, &rep);
				b = now_ms();
				if (rep.error)
					fprintf(stderr, "turn \"%s\": %s\n", text, rep.error);
				reply_release(&rep);
				if (round < 0)
					continue;
				all[n_all++] = b - a;
				if (k == 0)
					search_turns[n_search++] = b - a;
				else {
					other[n_other++] = b - a;
					kind[k - 1][n_kind[k - 1]++] = b - a;
				}
			}
		}
	}
	slowest("search turn", search_turns, n_search, queries, nq);
	slowest("\"cheaper\"", kind[0], n_kind[0], queries, nq);
	printf("catalog %s: %lld products; dialogue start-up %.1f ms\n", db,
	       (long long)catalog_product_count(c), start_ms);
	report("full turn (all kinds)", all, n_all);
	report("search turn", search_turns, n_search);
	report("follow-up turns", other, n_other);
	report("baseline: search_run alone", floor, n_floor);
	for (size_t k = 0; k < N_FOLLOW; k++) {
		char label[64];
		snprintf(label, sizeof label, "  \"%s\"", follow_ups[k]);
		report(label, kind[k], n_kind[k]);
		free(kind[k]);
	}
	dialogue_free(d);
	search_free(s);
	lang_free(pack);
	catalog_close(c);
	for (size_t i = 0; i < nq; i++)
		free(queries[i]);
	free(queries);
	free(all);
	free(search_turns);
	free(other);
	free(floor);
	return 0;
}
