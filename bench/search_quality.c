/*
 * search_quality: relevance of clerk's search against a plain FTS5 baseline
 * (porter tokenizer, default bm25, the query's words ORed), in the same run
 * on the same products.
 *
 * usage: bench_search_quality [PRODUCTS.json|CATALOG.db [QUERIES.tsv]]
 * defaults: ../shared/data/phones/products.json and bench/queries/phones.tsv
 * relative to the source tree. A .db names a catalog already built from the
 * phones data (bench_search_latency's 1M-product one, say): clerk's
 * precision is then measured at that scale, without the baseline, whose
 * index and queries take minutes there.
 *
 * QUERIES.tsv: "query<TAB>judgment" lines; '#' starts a comment. A judgment
 * is alternatives separated by '|', each a list of conditions separated by
 * ';', all of which a product of that alternative meets; an alternative may
 * start with its grade, "2:" (what was asked) or "1:" (related, partly
 * useful), and is grade 2 without one. A product's grade is the highest of
 * the alternatives it meets, 0 when none (bench/queries/check_judgments.py
 * reads the same format). Conditions, case-insensitive:
 *   cat=TEXT    the category path contains TEXT
 *   name=W W    the name contains every word W
 *   brand=TEXT  the brand is TEXT
 *   desc=W W    the description contains every word W
 *
 * Prints, for clerk and the baseline in the same run, nDCG@10 with the
 * graded judgments (trec_eval's ndcg_cut: gain = grade, discount
 * log2(rank + 1), the ideal ranking made from every product of the catalog
 * that meets the judgment) and precision@10 (the share of the top ten that
 * is grade 2, so a file without grades reads as before), on how many queries
 * each is ahead by nDCG@10; then the same with one word of each query
 * misspelt (a deterministic edit of its longest word), and how much of each
 * top ten survives the misspelling. VERBOSE=1 prints every query.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "bench/baseline.h"
#include "bench/bench_typo.h"
#include "catalog/store/catalog.h"
#include "catalog/store/catalog_int.h"
#include "catalog/store/product.h"
#include "catalog/store/product_view.h"
#include "catalog/search/search.h"
#include "common/xalloc.h"
#include "nlu/text/lang.h"

#define TOP 10

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

/* Loads the Best Buy products JSON array with ids = positions. */
static int load_products(catalog *c, const char *path)
{
	char *text = read_file(path);
	if (!text) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	cJSON *arr = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsArray(arr)) {
		fprintf(stderr, "%s: not a JSON array\n", path);
		cJSON_Delete(arr);
		return -1;
	}
	char *err = NULL;
	product_writer *w = product_writer_new(c, &err);
	if (!w || catalog_begin(c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		product_writer_free(w);
		cJSON_Delete(arr);
		return -1;
	}
	int i = 0, rc = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		char id[32], cat[1024] = "";
		snprintf(id, sizeof id, "%d", i++);
		cJSON *cats = cJSON_GetObjectItem(it, "categories");
		cJSON *lv;
		cJSON_ArrayForEach(lv, cats)
		{
			if (!cJSON_IsString(lv))
				continue;
			if (*cat)
				strncat(cat, " > ", sizeof cat - strlen(cat) - 1);
			strncat(cat, lv->valuestring, sizeof cat - strlen(cat) - 1);
		}
		struct product p = {0};
		p.id = id;
		p.name = cJSON_GetStringValue(cJSON_GetObjectItem(it, "name"));
		p.brand = cJSON_GetStringValue(cJSON_GetObjectItem(it, "brand"));
		p.description = cJSON_GetStringValue(cJSON_GetObjectItem(it, "description"));
		p.category = *cat ? cat : NULL;
		cJSON *price = cJSON_GetObjectItem(it, "price");
		if (cJSON_IsNumber(price)) {
			p.has_price = true;
			p.price_cents = (int64_t)(price->valuedouble * 100 + 0.5);
		}
		cJSON *pop = cJSON_GetObjectItem(it, "popularity");
		if (cJSON_IsNumber(pop))
			p.popularity = pop->valuedouble;
		if (!p.name)
			continue;
		if (product_writer_put(w, &p, false, &err) < 0) {
			fprintf(stderr, "product %s: %s\n", id, err);
			free(err);
			rc = -1;
			break;
		}
	}
	product_writer_free(w);
	cJSON_Delete(arr);
	if (rc == 0 && catalog_commit(c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		rc = -1;
	}
	return rc;
}

static bool contains_ci(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

/* ---- judgments ---- */

enum cond_key { COND_CAT, COND_NAME, COND_BRAND, COND_DESC };

struct cond {
	enum cond_key key;
	char *val;
};

/* One alternative: a grade and the conditions a product must all meet. */
struct alt {
	int grade;
	struct cond *conds;
	size_t n;
};

struct judgment {
	struct alt *alts;
	size_t n;
	bool uses_desc;
};

/* The text of a product that judgments look at. */
struct judged {
	const char *name, *brand, *category, *description;
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Parses "[G:]k=v;k=v|[G:]k=v..." into *j. false on a malformed judgment. */
static bool judgment_parse(const char *text, struct judgment *j)
{
	memset(j, 0, sizeof *j);
	char *copy = xstrdup(text);
	bool ok = true;
	char *save_alt = NULL;
	for (char *a = strtok_r(copy, "|", &save_alt); a && ok; a = strtok_r(NULL, "|", &save_alt)) {
		a = trim(a);
		struct alt alt = {2, NULL, 0};
		if (isdigit((unsigned char)a[0]) && a[1] == ':') {
			alt.grade = a[0] - '0';
			a = trim(a + 2);
			ok = alt.grade == 1 || alt.grade == 2;
		}
		char *save_c = NULL;
		for (char *c = strtok_r(a, ";", &save_c); c && ok; c = strtok_r(NULL, ";", &save_c)) {
			c = trim(c);
			if (!*c)
				continue;
			char *eq = strchr(c, '=');
			if (!eq) {
				ok = false;
				break;
			}
			*eq = '\0';
			const char *key = trim(c), *val = trim(eq + 1);
			struct cond cd;
			if (!strcasecmp(key, "cat"))
				cd.key = COND_CAT;
			else if (!strcasecmp(key, "name"))
				cd.key = COND_NAME;
			else if (!strcasecmp(key, "brand"))
				cd.key = COND_BRAND;
			else if (!strcasecmp(key, "desc"))
				cd.key = COND_DESC;
			else
				ok = false;
			if (!ok || !*val)
				break;
			j->uses_desc |= cd.key == COND_DESC;
			cd.val = xstrdup(val);
			alt.conds = xrealloc(alt.conds, (alt.n + 1) * sizeof *alt.conds);
			alt.conds[alt.n++] = cd;
		}
		ok = ok && alt.n > 0;
		j->alts = xrealloc(j->alts, (j->n + 1) * sizeof *j->alts);
		j->alts[j->n++] = alt;
	}
	free(copy);
	return ok && j->n > 0;
}

static void judgment_release(struct judgment *j)
{
	for (size_t i = 0; i < j->n; i++) {
		for (size_t k = 0; k < j->alts[i].n; k++)
			free(j->alts[i].conds[k].val);
		free(j->alts[i].conds);
	}
	free(j->alts);
	memset(j, 0, sizeof *j);
}

/* Does text contain every space-separated word of words? */
static bool has_words(const char *text, const char *words)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", words);
	char *save = NULL;
	for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (!contains_ci(text, w))
			return false;
	return true;
}

static bool meets(const struct judged *p, const struct cond *c)
{
	switch (c->key) {
	case COND_CAT:
		return contains_ci(p->category, c->val);
	case COND_BRAND:
		return p->brand && !strcasecmp(p->brand, c->val);
	case COND_NAME:
		return has_words(p->name, c->val);
	case COND_DESC:
		return has_words(p->description, c->val);
	}
	return false;
}

/* The highest grade of an alternative p meets, 0 when none. */
static int grade(const struct judged *p, const struct judgment *j)
{
	int best = 0;
	for (size_t i = 0; i < j->n; i++) {
		const struct alt *a = &j->alts[i];
		if (a->grade <= best)
			continue;
		bool all = true;
		for (size_t k = 0; k < a->n && all; k++)
			all = meets(p, &a->conds[k]);
		if (all)
			best = a->grade;
	}
	return best;
}

/* ---- the queries and their ideal rankings ---- */

struct query {
	char *text;
	struct judgment j;
	size_t ideal[3]; /* products of each grade in the catalog, up to TOP */
};

static size_t queries_load(const char *path, struct query **out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	char *line = NULL;
	size_t cap = 0, n = 0, qcap = 0;
	int lineno = 0;
	*out = NULL;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		*out = xgrow(*out, &qcap, n + 1, sizeof **out);
		struct query *q = &(*out)[n];
		memset(q, 0, sizeof *q);
		if (!judgment_parse(tab + 1, &q->j)) {
			fprintf(stderr, "%s:%d: malformed judgment\n", path, lineno);
			exit(1);
		}
		q->text = xstrdup(trim(line));
		n++;
	}
	free(line);
	fclose(f);
	return n;
}

/* Counts, for every query, the catalog's products of each grade (up to
 * TOP: all the ideal top ten needs), in one pass over the products that
 * stops once every query has TOP of grade 2. */
static void ideal_counts(catalog *c, struct query *qs, size_t n)
{
	bool desc = false;
	for (size_t i = 0; i < n; i++)
		desc |= qs[i].j.uses_desc;
	char *err = NULL;
	sqlite3_stmt *st = catalog_prepare(
		c,
		desc ? "SELECT p.name, b.name, cat.path, p.description FROM products p"
		       " LEFT JOIN brands b ON b.id = p.brand_id"
		       " LEFT JOIN categories cat ON cat.id = p.category_id ORDER BY p.id"
		     : "SELECT p.name, b.name, cat.path, NULL FROM products p"
		       " LEFT JOIN brands b ON b.id = p.brand_id"
		       " LEFT JOIN categories cat ON cat.id = p.category_id ORDER BY p.id",
		&err);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	size_t open = n;
	while (open && sqlite3_step(st) == SQLITE_ROW) {
		struct judged p = {
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3)};
		for (size_t i = 0; i < n; i++) {
			if (qs[i].ideal[2] >= TOP)
				continue;
			int g = grade(&p, &qs[i].j);
			if (g && qs[i].ideal[g] < TOP && ++qs[i].ideal[g] == TOP && g == 2)
				open--;
		}
	}
	sqlite3_finalize(st);
}

/* trec_eval's ndcg_cut: gain = grade, discount log2(rank + 1). */
static double dcg(const int *grades, size_t n)
{
	double d = 0;
	for (size_t i = 0; i < n && i < TOP; i++)
		d += grades[i] / log2((double)i + 2);
	return d;
}

static double ideal_dcg(const struct query *q)
{
	int g[TOP];
	size_t k = 0;
	for (int grade = 2; grade >= 1; grade--)
		for (size_t i = 0; i < q->ideal[grade] && k < TOP; i++)
			g[k++] = grade;
	return dcg(g, k);
}

static size_t clerk_top(searcher *s, const char *text, int64_t *ids)
{
	struct search_query q;
	search_query_init(&q);
	q.text = text;
	q.limit = TOP;
	struct search_result r;
	char *err = NULL;
	if (search_run(s, &q, &r, &err) < 0) {
		fprintf(stderr, "search '%s': %s\n", text, err);
		free(err);
		return 0;
	}
	size_t n = r.n_hits;
	for (size_t i = 0; i < n; i++)
		ids[i] = r.hits[i].p.rowid;
	search_result_release(&r);
	return n;
}

static size_t base_top(catalog *c, const char *text, int64_t *ids)
{
	size_t n = 0;
	char *err = NULL;
	if (baseline_search(c, text, TOP, ids, &n, &err) < 0) {
		fprintf(stderr, "baseline '%s': %s\n", text, err);
		free(err);
	}
	return n;
}

/* The grades of a top list, in order. */
static void grades_of(catalog *c, const int64_t *ids, size_t n, const struct judgment *j,
                      int *out)
{
	for (size_t i = 0; i < n; i++) {
		struct product_view p;
		out[i] = 0;
		if (product_view_load_rowid(c, ids[i], j->uses_desc, &p, NULL) == 0 && p.id) {
			struct judged t = {p.name, p.brand, p.category, p.description};
			out[i] = grade(&t, j);
			product_view_release(&p);
		}
	}
}

/* What one ranking earned on one query. */
struct score {
	double p10;  /* share of the top ten that is grade 2 */
	double ndcg; /* nDCG@10 against the catalog's ideal */
};

/* Prints a top list with each product's grade (SHOW=QUERY). */
static void show_top(catalog *c, const struct query *q, const int64_t *ids, size_t n)
{
	int g[TOP];
	grades_of(c, ids, n, &q->j, g);
	for (size_t i = 0; i < n; i++) {
		struct product_view p;
		if (product_view_load_rowid(c, ids[i], false, &p, NULL) == 0 && p.id) {
			printf("  %d %5lld %.70s | %s\n", g[i], (long long)ids[i], p.name,
			       p.category ? p.category : "");
			product_view_release(&p);
		}
	}
}

static struct score score_top(catalog *c, const struct query *q, const int64_t *ids, size_t n)
{
	int g[TOP];
	grades_of(c, ids, n, &q->j, g);
	size_t good = 0;
	for (size_t i = 0; i < n; i++)
		good += g[i] == 2;
	double ideal = ideal_dcg(q);
	return (struct score){(double)good / TOP, ideal > 0 ? dcg(g, n) / ideal : 0};
}

static double overlap(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	if (na == 0)
		return nb == 0 ? 1.0 : 0.0;
	size_t same = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (a[i] == b[j]) {
				same++;
				break;
			}
	return (double)same / (double)na;
}

/* Sums over the queries of one variant (as written, or misspelt). */
struct totals {
	int n;
	double p_clerk, p_base, g_clerk, g_base, keep_clerk, keep_base;
	int clerk_ahead, even, base_ahead; /* queries by nDCG@10 */
};

static void tally(struct totals *t, struct score a, struct score b)
{
	t->n++;
	t->p_clerk += a.p10;
	t->p_base += b.p10;
	t->g_clerk += a.ndcg;
	t->g_base += b.ndcg;
	if (a.ndcg > b.ndcg + 1e-9)
		t->clerk_ahead++;
	else if (b.ndcg > a.ndcg + 1e-9)
		t->base_ahead++;
	else
		t->even++;
}

static void report(const char *what, const struct totals *t, bool existing)
{
	if (!t->n)
		return;
	printf("%-19s clerk nDCG@10 %.3f  P@10 %.3f", what, t->g_clerk / t->n, t->p_clerk / t->n);
	if (existing) {
		printf("   (baseline not run at this scale)\n");
		return;
	}
	printf("   baseline nDCG@10 %.3f  P@10 %.3f   clerk ahead/even/behind %d/%d/%d\n",
	       t->g_base / t->n, t->p_base / t->n, t->clerk_ahead, t->even, t->base_ahead);
}

int main(int argc, char **argv)
{
	const char *products = argc > 1 ? argv[1] : CLERK_ASSETS_DIR "/../../shared/data/phones/products.json";
	const char *queries = argc > 2 ? argv[2] : CLERK_ASSETS_DIR "/../bench/queries/phones.tsv";
	bool verbose = getenv("VERBOSE") != NULL;
	const char *show = getenv("SHOW"); /* one query's graded top ten */
	size_t plen = strlen(products);
	bool existing = plen > 3 && !strcmp(products + plen - 3, ".db");
	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(existing ? products : ":memory:", &c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (!existing && (load_products(c, products) < 0 || baseline_build(c, &err) < 0)) {
		if (err)
			fprintf(stderr, "%s\n", err);
		return 1;
	}
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
	/* as clerk searches: with the system's dictionary of ordinary words,
	 * which are never corrected (DICT=PATH for another, DICT= for none) */
	const char *dict_path = getenv("DICT") ? getenv("DICT") : "/usr/share/dict/words";
	dictionary *dict = NULL;
	if (*dict_path && access(dict_path, R_OK) == 0 && !(dict = dictionary_load(dict_path, &err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	search_set_dictionary(s, dict);
	printf("dictionary: %s\n", dict ? dict_path : "none");
	struct query *qs = NULL;
	size_t nq = queries_load(queries, &qs);
	ideal_counts(c, qs, nq);
	struct totals plain = {0}, typo = {0};
	for (size_t i = 0; i < nq; i++) {
		const struct query *q = &qs[i];
		int64_t a[TOP], b[TOP], am[TOP], bm[TOP];
		size_t na = clerk_top(s, q->text, a), nb = existing ? 0 : base_top(c, q->text, b);
		struct score sa = score_top(c, q, a, na), sb = score_top(c, q, b, nb);
		tally(&plain, sa, sb);
		if (show && !strcmp(show, q->text)) {
			printf("%s: clerk %.2f\n", q->text, sa.ndcg);
			show_top(c, q, a, na);
			printf("plain FTS5 %.2f\n", sb.ndcg);
			show_top(c, q, b, nb);
		}
		if (verbose)
			printf("%-44s clerk %.2f %.1f base %.2f %.1f", q->text, sa.ndcg, sa.p10, sb.ndcg,
			       sb.p10);
		char mis[1024];
		if (bench_misspell(q->text, mis, sizeof mis, (int)i + 1)) {
			size_t nam = clerk_top(s, mis, am), nbm = existing ? 0 : base_top(c, mis, bm);
			struct score sam = score_top(c, q, am, nam), sbm = score_top(c, q, bm, nbm);
			tally(&typo, sam, sbm);
			typo.keep_clerk += overlap(a, na, am, nam);
			typo.keep_base += overlap(b, nb, bm, nbm);
			if (verbose)
				printf(" | typo %-44s clerk %.2f %.1f base %.2f %.1f", mis, sam.ndcg, sam.p10,
				       sbm.ndcg, sbm.p10);
		}
		if (verbose)
			printf("\n");
	}
	printf("queries: %zu (misspelt: %d), products: %lld\n", nq, typo.n,
	       (long long)catalog_product_count(c));
	report("as written", &plain, existing);
	report("one word misspelt", &typo, existing);
	if (typo.n) {
		printf("top-10 kept by typo clerk %.0f%%", 100 * typo.keep_clerk / typo.n);
		existing ? printf("\n") : printf("    baseline %.0f%%\n", 100 * typo.keep_base / typo.n);
	}
	for (size_t i = 0; i < nq; i++) {
		free(qs[i].text);
		judgment_release(&qs[i].j);
	}
	free(qs);
	search_free(s);
	dictionary_free(dict);
	lang_free(pack);
	catalog_close(c);
	return 0;
}
