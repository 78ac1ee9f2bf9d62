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
 * ';', all of which a relevant product meets:
 *   cat=TEXT    the category path contains TEXT (case-insensitive)
 *   name=W W    the name contains every word W (case-insensitive)
 *   brand=TEXT  the brand is TEXT (case-insensitive)
 *
 * Prints precision@10 for clerk and the baseline, then the same with one
 * word of each query misspelt (a deterministic edit of its longest word),
 * and how much of each top ten survives the misspelling.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "bench/baseline.h"
#include "bench/bench_typo.h"
#include "catalog/store/catalog.h"
#include "catalog/store/product.h"
#include "catalog/store/product_view.h"
#include "catalog/search/search.h"
#include "common/xalloc.h"

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

static bool meets(const struct product_view *p, const char *cond, size_t len)
{
	char buf[512];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, cond, len);
	buf[len] = '\0';
	char *eq = strchr(buf, '=');
	if (!eq)
		return false;
	*eq = '\0';
	const char *key = buf, *val = eq + 1;
	if (!strcmp(key, "cat"))
		return contains_ci(p->category, val);
	if (!strcmp(key, "brand"))
		return p->brand && !strcasecmp(p->brand, val);
	if (!strcmp(key, "name")) {
		char words[512];
		snprintf(words, sizeof words, "%s", val);
		for (char *w = strtok(words, " "); w; w = strtok(NULL, " "))
			if (!contains_ci(p->name, w))
				return false;
		return true;
	}
	return false;
}

static bool relevant(const struct product_view *p, const char *judgment)
{
	const char *alt = judgment;
	while (*alt) {
		size_t alen = strcspn(alt, "|");
		bool all = true;
		const char *c = alt;
		while (c < alt + alen && all) {
			size_t clen = strcspn(c, ";|");
			if (clen)
				all = meets(p, c, clen);
			c += clen;
			if (*c == ';')
				c++;
		}
		if (all)
			return true;
		alt += alen;
		if (*alt == '|')
			alt++;
	}
	return false;
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

static double precision(catalog *c, const int64_t *ids, size_t n, const char *judgment)
{
	size_t good = 0;
	for (size_t i = 0; i < n; i++) {
		struct product_view p;
		if (product_view_load_rowid(c, ids[i], false, &p, NULL) == 0 && p.id) {
			good += relevant(&p, judgment);
			product_view_release(&p);
		}
	}
	return (double)good / TOP;
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

int main(int argc, char **argv)
{
	const char *products = argc > 1 ? argv[1] : CLERK_ASSETS_DIR "/../../shared/data/phones/products.json";
	const char *queries = argc > 2 ? argv[2] : CLERK_ASSETS_DIR "/../bench/queries/phones.tsv";
	bool verbose = getenv("VERBOSE") != NULL;
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
	searcher *s = search_new(c, NULL, CLERK_ASSETS_DIR "/synonyms.txt", &err);
	if (!s) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	FILE *f = fopen(queries, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s\n", queries);
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	int nq = 0, nm = 0;
	double p_clerk = 0, p_base = 0, pm_clerk = 0, pm_base = 0, keep_clerk = 0, keep_base = 0;
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab || line[0] == '#')
			continue;
		*tab = '\0';
		const char *text = line, *judgment = tab + 1;
		int64_t a[TOP], b[TOP], am[TOP], bm[TOP];
		size_t na = clerk_top(s, text, a), nb = existing ? 0 : base_top(c, text, b);
		double pa = precision(c, a, na, judgment), pb = precision(c, b, nb, judgment);
		p_clerk += pa;
		p_base += pb;
		nq++;
		char typo[1024];
		if (bench_misspell(text, typo, sizeof typo, nq)) {
			size_t nam = clerk_top(s, typo, am), nbm = existing ? 0 : base_top(c, typo, bm);
			double pam = precision(c, am, nam, judgment), pbm = precision(c, bm, nbm, judgment);
			pm_clerk += pam;
			pm_base += pbm;
			keep_clerk += overlap(a, na, am, nam);
			keep_base += overlap(b, nb, bm, nbm);
			nm++;
			if (verbose)
				printf("%-40s clerk %.1f base %.1f | typo %-40s clerk %.1f base %.1f\n", text,
				       pa, pb, typo, pam, pbm);
		} else if (verbose) {
			printf("%-40s clerk %.1f base %.1f\n", text, pa, pb);
		}
	}
	free(line);
	fclose(f);
	printf("queries: %d (misspelt: %d), products: %lld\n", nq, nm,
	       (long long)catalog_product_count(c));
	const char *none = "  (not run at this scale)";
	printf("precision@10        clerk %.3f", p_clerk / nq);
	existing ? printf("%s\n", none) : printf("   baseline %.3f\n", p_base / nq);
	if (nm) {
		printf("precision@10 typo   clerk %.3f", pm_clerk / nm);
		existing ? printf("%s\n", none) : printf("   baseline %.3f\n", pm_base / nm);
		printf("top-10 kept by typo clerk %.0f%%", 100 * keep_clerk / nm);
		existing ? printf("%s\n", none) : printf("    baseline %.0f%%\n", 100 * keep_base / nm);
	}
	search_free(s);
	catalog_close(c);
	return 0;
}
