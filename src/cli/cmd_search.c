/*
 * cmd_search.c: `clerk search`, one-shot or one query per stdin line.
 *
 * Filters written in the query are understood by a small parser of its own
 * ("cases under $20", "samsung chargers over 30 dollars", "between $10 and
 * $50", "cheapest", "4 stars and up", "in stock", "not otterbox"): the
 * words it takes become filters or a sort, the rest is searched as text.
 * The NLU's entity extractor does this better for the dialogue; the command
 * stays independent of it.
 */
#include "src/cli/commands.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "catalog/search/search.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/cli/app.h"
#include "common/sanitize.h"

#define MAX_WORDS 256

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk search [--db PATH] [--limit N] [--json] QUERY...\n"
	        "       clerk search [--db PATH] [--limit N] [--json] < QUERIES\n"
	        "\n"
	        "Searches the catalog. Prints one product a line: ID<TAB>SCORE<TAB>NAME.\n"
	        "Typos are corrected, synonyms and model codes written differently are\n"
	        "found, and when all the words together find nothing, products matching\n"
	        "most of them are shown. Filters may be written in the query:\n"
	        "  under $20, below 30 dollars, over 50, between $10 and $50, $10-$50\n"
	        "  cheapest, most expensive, best rated, most popular\n"
	        "  4 stars and up, in stock, by BRAND, not BRAND\n"
	        "With no QUERY, reads one query a line from stdin and prints a blank line\n"
	        "after each query's results.\n"
	        "\n"
	        "  --db PATH   the database (default: $XDG_DATA_HOME/clerk/clerk.db)\n"
	        "  --limit N   results per query (default 10, at most 1000)\n"
	        "  --json      one JSON object per query, with filters, corrections and\n"
	        "              the total number of matches\n");
}

/* ---- the filter parser ---- */

enum cue_kind { CUE_MAX, CUE_MIN, CUE_RANGE, CUE_FROM };

static const struct {
	const char *words;
	enum cue_kind kind;
} price_cues[] = {
	{"less than", CUE_MAX},    {"cheaper than", CUE_MAX}, {"no more than", CUE_MAX},
	{"not more than", CUE_MAX}, {"at most", CUE_MAX},     {"up to", CUE_MAX},
	{"under", CUE_MAX},        {"below", CUE_MAX},        {"max", CUE_MAX},
	{"maximum", CUE_MAX},      {"within", CUE_MAX},       {"<", CUE_MAX},
	{"<=", CUE_MAX},           {"more than", CUE_MIN},    {"at least", CUE_MIN},
	{"starting at", CUE_MIN},  {"over", CUE_MIN},         {"above", CUE_MIN},
	{"min", CUE_MIN},          {"minimum", CUE_MIN},      {">", CUE_MIN},
	{">=", CUE_MIN},           {"between", CUE_RANGE},    {"from", CUE_FROM},
};

static const struct {
	const char *words;
	enum search_sort sort;
} sort_cues[] = {
	{"lowest price", SEARCH_SORT_PRICE_ASC},    {"least expensive", SEARCH_SORT_PRICE_ASC},
	{"most expensive", SEARCH_SORT_PRICE_DESC}, {"highest price", SEARCH_SORT_PRICE_DESC},
	{"best rated", SEARCH_SORT_RATING},         {"top rated", SEARCH_SORT_RATING},
	{"highest rated", SEARCH_SORT_RATING},      {"most popular", SEARCH_SORT_POPULARITY},
	{"best selling", SEARCH_SORT_POPULARITY},   {"cheapest", SEARCH_SORT_PRICE_ASC},
	{"cheap", SEARCH_SORT_PRICE_ASC},           {"inexpensive", SEARCH_SORT_PRICE_ASC},
	{"affordable", SEARCH_SORT_PRICE_ASC},      {"priciest", SEARCH_SORT_PRICE_DESC},
	{"bestselling", SEARCH_SORT_POPULARITY},    {"popular", SEARCH_SORT_POPULARITY},
};

static const char *const currency_words[] = {"dollars", "dollar", "bucks", "usd", "$"};
static const char *const brand_include_cues[] = {"by", "from", "brand"};
static const char *const brand_exclude_cues[] = {"not", "except", "excluding", "no", "without"};

struct parsed {
	struct search_query q;
	char *text;       /* what is left to search as text */
	char *brand;      /* canonical brand names, owned */
	char *exclude;
};

/* The query's words, lower-cased copies, with trailing punctuation cut. */
struct words {
	char *w[MAX_WORDS];
	bool used[MAX_WORDS];
	size_t n;
};

static void split_words(const char *text, struct words *ws)
{
	ws->n = 0;
	const char *p = text;
	while (*p && ws->n < MAX_WORDS) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (p == s)
			break;
		size_t len = (size_t)(p - s);
		while (len > 1 && strchr(",.?!;", s[len - 1]))
			len--;
		char *w = xstrndup(s, len);
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		ws->used[ws->n] = false;
		ws->w[ws->n++] = w;
	}
}

static void words_release(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	ws->n = 0;
}

/* Do the words from i on spell phrase (space-separated)? Returns the
 * number of words it takes, 0 when not. */
static size_t match_phrase(const struct words *ws, size_t i, const char *phrase)
{
	size_t k = 0;
	const char *p = phrase;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (i + k >= ws->n || ws->used[i + k] || strlen(ws->w[i + k]) != len ||
		    strncmp(ws->w[i + k], p, len))
			return 0;
		k++;
		p += len;
		while (*p == ' ')
			p++;
	}
	return k;
}

static bool is_currency_word(const char *w)
{
	for (size_t i = 0; i < sizeof currency_words / sizeof currency_words[0]; i++)
		if (!strcmp(w, currency_words[i]))
			return true;
	return false;
}

/* Parses an amount: "$20", "20", "20.5", "20$", "20usd", "$1,299". Sets
 * *marked when a currency sign or word was attached. */
static bool parse_amount(const char *w, int64_t *cents, bool *marked)
{
	*marked = false;
	const char *p = w;
	if (*p == '$') {
		p++;
		*marked = true;
	}
	if (!isdigit((unsigned char)*p))
		return false;
	double v = 0;
	while (isdigit((unsigned char)*p) || (*p == ',' && isdigit((unsigned char)p[1]))) {
		if (*p != ',')
			v = v * 10 + (*p - '0');
		p++;
		if (v > 1e12)
			return false;
	}
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		double f = 0.1;
		for (p++; isdigit((unsigned char)*p); p++, f /= 10)
			v += (*p - '0') * f;
	}
	if (*p == '$' || !strcmp(p, "usd") || !strcmp(p, "dollars") || !strcmp(p, "bucks")) {
		*marked = true;
		p += strlen(p);
	} else if (*p == 'k' && p[1] == '\0') {
		v *= 1000;
		p++;
	}
	if (*p)
		return false;
	*cents = (int64_t)llround(v * 100);
	return true;
}

/* An amount at word i (plus a currency word after it); returns words taken. */
static size_t take_amount(struct words *ws, size_t i, int64_t *cents, bool *marked)
{
	if (i >= ws->n || ws->used[i] || !parse_amount(ws->w[i], cents, marked))
		return 0;
	size_t k = 1;
	if (i + 1 < ws->n && !ws->used[i + 1] && is_currency_word(ws->w[i + 1])) {
		*marked = true;
		k++;
	}
	return k;
}

static void mark(struct words *ws, size_t i, size_t k)
{
	for (size_t j = i; j < i + k && j < ws->n; j++)
		ws->used[j] = true;
}

/* "$10-$50", "10-50$": a range in one word. */
static bool parse_dash_range(const char *w, int64_t *lo, int64_t *hi)
{
	const char *dash = strchr(w, '-');
	if (!dash || !strchr(w, '$'))
		return false;
	char *left = xstrndup(w, (size_t)(dash - w));
	bool m1, m2;
	bool ok = parse_amount(left, lo, &m1) && parse_amount(dash + 1, hi, &m2);
	free(left);
	return ok;
}

static bool price_cue_at(struct words *ws, size_t i, struct search_query *q)
{
	for (size_t c = 0; c < sizeof price_cues / sizeof price_cues[0]; c++) {
		size_t k = match_phrase(ws, i, price_cues[c].words);
		if (!k)
			continue;
		int64_t a, b;
		bool marked;
		size_t ka = take_amount(ws, i + k, &a, &marked);
		if (!ka)
			continue;
		enum cue_kind kind = price_cues[c].kind;
		size_t j = i + k + ka;
		if (kind == CUE_RANGE || kind == CUE_FROM) {
			size_t kc = match_phrase(ws, j, "and");
			if (!kc)
				kc = match_phrase(ws, j, "to");
			if (!kc)
				kc = match_phrase(ws, j, "-");
			size_t kb = kc ? take_amount(ws, j + kc, &b, &marked) : 0;
			if (kb) {
				q->price_min = a < b ? a : b;
				q->price_max = a < b ? b : a;
				mark(ws, i, k + ka + kc + kb);
				return true;
			}
			if (kind == CUE_RANGE || !marked)
				continue; /* "from 2016" is not a price */
			q->price_min = a;
		} else if (kind == CUE_MAX) {
			q->price_max = a;
		} else {
			q->price_min = a;
		}
		mark(ws, i, k + ka);
		return true;
	}
	return false;
}

static bool sort_cue_at(struct words *ws, size_t i, struct search_query *q)
{
	for (size_t c = 0; c < sizeof sort_cues / sizeof sort_cues[0]; c++) {
		size_t k = match_phrase(ws, i, sort_cues[c].words);
		if (k) {
			q->sort = sort_cues[c].sort;
			mark(ws, i, k);
			return true;
		}
	}
	return false;
}

/* "4 stars", "4+ stars", "4 stars and up", "rated 4", "rated 4 or more" */
static bool rating_cue_at(struct words *ws, size_t i, struct search_query *q)
{
	size_t k = 0;
	const char *w = ws->w[i];
	if (match_phrase(ws, i, "rated") && i + 1 < ws->n) {
		k = 1;
		w = ws->w[i + 1];
	}
	char *end;
	double v = strtod(w, &end);
	if (end == w || v < 0 || v > 5 || (*end && strcmp(end, "+")))
		return false;
	size_t n = k + 1;
	size_t ks = match_phrase(ws, i + n, "stars");
	if (!ks)
		ks = match_phrase(ws, i + n, "star");
	if (!k && !ks)
		return false;
	n += ks;
	size_t more = match_phrase(ws, i + n, "and up");
	if (!more)
		more = match_phrase(ws, i + n, "or more");
	if (!more)
		more = match_phrase(ws, i + n, "and above");
	q->min_rating = v;
	mark(ws, i, n + more);
	return true;
}

/* Joins words[i..i+k) with spaces (heap). */
static char *join(const struct words *ws, size_t i, size_t k)
{
	struct buf b;
	buf_init(&b);
	for (size_t j = i; j < i + k; j++) {
		if (j > i)
			buf_addc(&b, ' ');
		buf_adds(&b, ws->w[j]);
	}
	return buf_detach(&b);
}

static bool brand_cue_at(searcher *s, struct words *ws, size_t i, struct parsed *p)
{
	const char *const *cues[2] = {brand_include_cues, brand_exclude_cues};
	size_t n_cues[2] = {sizeof brand_include_cues / sizeof brand_include_cues[0],
	                    sizeof brand_exclude_cues / sizeof brand_exclude_cues[0]};
	for (int exclude = 0; exclude < 2; exclude++)
		for (size_t c = 0; c < n_cues[exclude]; c++) {
			if (!match_phrase(ws, i, cues[exclude][c]))
				continue;
			for (size_t k = 5; k >= 1; k--) {
				if (i + 1 + k > ws->n)
					continue;
				bool free_words = true;
				for (size_t j = i + 1; j <= i + k; j++)
					free_words = free_words && !ws->used[j];
				if (!free_words)
					continue;
				char *cand = join(ws, i + 1, k);
				const char *brand = search_match_brand(s, cand);
				free(cand);
				if (!brand)
					continue;
				char **slot = exclude ? &p->exclude : &p->brand;
				free(*slot);
				*slot = xstrdup(brand);
				mark(ws, i, k + 1);
				return true;
			}
		}
	return false;
}

static void parse_query(searcher *s, const char *text, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	search_query_init(&p->q);
	struct words ws;
	split_words(text, &ws);
	for (size_t i = 0; i < ws.n; i++) {
		if (ws.used[i])
			continue;
		int64_t lo, hi;
		if (parse_dash_range(ws.w[i], &lo, &hi)) {
			p->q.price_min = lo < hi ? lo : hi;
			p->q.price_max = lo < hi ? hi : lo;
			mark(&ws, i, 1);
			continue;
		}
		if (price_cue_at(&ws, i, &p->q) || sort_cue_at(&ws, i, &p->q) ||
		    rating_cue_at(&ws, i, &p->q) || brand_cue_at(s, &ws, i, p))
			continue;
		size_t k = match_phrase(&ws, i, "in stock");
		if (k) {
			p->q.in_stock = true;
			mark(&ws, i, k);
			continue;
		}
		bool marked;
		k = take_amount(&ws, i, &lo, &marked);
		if (k && marked) { /* a lone "$200" is a budget */
			p->q.price_max = lo;
			mark(&ws, i, k);
		}
	}
	/* the text is the original words left over, case and all */
	struct buf b;
	buf_init(&b);
	const char *src = text;
	size_t wi = 0;
	while (*src && wi < ws.n) {
		while (*src && isspace((unsigned char)*src))
			src++;
		const char *start = src;
		while (*src && !isspace((unsigned char)*src))
			src++;
		if (src > start && !ws.used[wi]) {
			if (b.len)
				buf_addc(&b, ' ');
			buf_add(&b, start, (size_t)(src - start));
		}
		wi++;
	}
	words_release(&ws);
	p->text = buf_detach(&b);
	p->q.text = p->text;
	p->q.brand = p->brand;
	p->q.exclude_brand = p->exclude;
}

static void parsed_release(struct parsed *p)
{
	free(p->text);
	free(p->brand);
	free(p->exclude);
}

/* ---- output ---- */

static void print_plain(const struct search_result *r)
{
	for (size_t i = 0; i < r->n_hits; i++) {
		char *id = sanitize_dup(r->hits[i].id, 0);
		char *name = sanitize_dup(r->hits[i].name, 0);
		printf("%s\t%.3f\t%s\n", id, r->hits[i].score, name);
		free(id);
		free(name);
	}
}

static cJSON *money(int64_t cents)
{
	return cJSON_CreateNumber((double)cents / 100.0);
}

static void print_json(const char *input, const struct parsed *p, const struct search_result *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "query", input);
	cJSON_AddStringToObject(o, "text", p->text);
	cJSON *f = cJSON_AddObjectToObject(o, "filters");
	if (p->q.price_min >= 0)
		cJSON_AddItemToObject(f, "price_min", money(p->q.price_min));
	else
		cJSON_AddNullToObject(f, "price_min");
	if (p->q.price_max >= 0)
		cJSON_AddItemToObject(f, "price_max", money(p->q.price_max));
	else
		cJSON_AddNullToObject(f, "price_max");
	if (p->brand)
		cJSON_AddStringToObject(f, "brand", p->brand);
	else
		cJSON_AddNullToObject(f, "brand");
	if (p->exclude)
		cJSON_AddStringToObject(f, "exclude_brand", p->exclude);
	else
		cJSON_AddNullToObject(f, "exclude_brand");
	if (p->q.min_rating > 0)
		cJSON_AddNumberToObject(f, "min_rating", p->q.min_rating);
	else
		cJSON_AddNullToObject(f, "min_rating");
	cJSON_AddBoolToObject(f, "in_stock", p->q.in_stock);
	static const char *const sorts[] = {"relevance", "price_asc", "price_desc", "rating",
	                                    "popularity"};
	cJSON_AddStringToObject(o, "sort", sorts[p->q.sort]);
	cJSON_AddNumberToObject(o, "total", (double)r->total);
	if (r->corrected)
		cJSON_AddStringToObject(o, "corrected", r->corrected);
	else
		cJSON_AddNullToObject(o, "corrected");
	cJSON_AddBoolToObject(o, "relaxed", r->relaxed);
	cJSON_AddBoolToObject(o, "truncated", r->truncated);
	cJSON *m = cJSON_AddArrayToObject(o, "matched");
	for (size_t i = 0; i < r->n_matched; i++)
		cJSON_AddItemToArray(m, cJSON_CreateString(r->matched[i]));
	cJSON *u = cJSON_AddArrayToObject(o, "unknown");
	for (size_t i = 0; i < r->n_unknown; i++)
		cJSON_AddItemToArray(u, cJSON_CreateString(r->unknown[i]));
	cJSON *res = cJSON_AddArrayToObject(o, "results");
	for (size_t i = 0; i < r->n_hits; i++) {
		const struct search_hit *h = &r->hits[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", h->id);
		cJSON_AddNumberToObject(x, "score", h->score);
		cJSON_AddStringToObject(x, "name", h->name);
		if (h->brand)
			cJSON_AddStringToObject(x, "brand", h->brand);
		else
			cJSON_AddNullToObject(x, "brand");
		if (h->category)
			cJSON_AddStringToObject(x, "category", h->category);
		else
			cJSON_AddNullToObject(x, "category");
		if (h->has_price)
			cJSON_AddItemToObject(x, "price", money(h->price_cents));
		else
			cJSON_AddNullToObject(x, "price");
		cJSON_AddStringToObject(x, "currency", h->currency ? h->currency : "");
		if (h->has_rating)
			cJSON_AddNumberToObject(x, "rating", h->rating);
		else
			cJSON_AddNullToObject(x, "rating");
		cJSON_AddItemToArray(res, x);
	}
	char *out = cJSON_PrintUnformatted(o);
	if (out)
		puts(out);
	free(out);
	cJSON_Delete(o);
}

/* Searches one query; prints results. 0, or -1 with *err. */
static int one_query(searcher *s, const char *input, size_t limit, bool json, char **err)
{
	struct parsed p;
	size_t len = strlen(input);
	bool cut = len > SEARCH_MAX_QUERY;
	char *text = xstrndup(input, cut ? SEARCH_MAX_QUERY : len);
	if (cut) { /* not inside a UTF-8 sequence */
		size_t n = SEARCH_MAX_QUERY;
		while (n > 0 && ((unsigned char)input[n] & 0xC0) == 0x80)
			n--;
		text[n] = '\0';
	}
	parse_query(s, text, &p);
	free(text);
	p.q.limit = limit;
	struct search_result r;
	int rc = search_run(s, &p.q, &r, err);
	if (rc == 0) {
		if (cut || r.truncated) {
			r.truncated = true;
			app_error("note: the query was cut to %d bytes", SEARCH_MAX_QUERY);
		}
		if (json)
			print_json(input, &p, &r);
		else
			print_plain(&r);
		search_result_release(&r);
	}
	parsed_release(&p);
	return rc;
}

int cmd_search(int argc, char **argv)
{
	static const struct option options[] = {
		{"db", required_argument, NULL, 'd'},
		{"limit", required_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	long limit = 10;
	bool json = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:d:n:jh", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'n': {
			char *end;
			limit = strtol(optarg, &end, 10);
			if (!*optarg || *end || limit < 1 || limit > 1000) {
				app_error("--limit wants a number from 1 to 1000, not '%s'", optarg);
				return 2;
			}
			break;
		}
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			app_error("search: %s needs %s (see clerk search --help)", argv[optind - 1],
			          optopt == 'n' ? "a number" : "a path");
			return 2;
		default:
			app_error("search: unknown option '%s' (see clerk search --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	catalog *cat = NULL;
	searcher *s = NULL;
	char *err = NULL;
	int status = 1;
	if (app_open_catalog(db, &cat, &err) < 0)
		goto cleanup;
	char *synonyms = app_asset_path("synonyms.txt");
	s = search_new(cat, NULL, synonyms, &err);
	free(synonyms);
	if (!s)
		goto cleanup;
	if (optind < argc) {
		struct buf q;
		buf_init(&q);
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				buf_addc(&q, ' ');
			buf_adds(&q, argv[i]);
		}
		int rc = one_query(s, q.s, (size_t)limit, json, &err);
		buf_release(&q);
		if (rc < 0)
			goto cleanup;
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while ((n = getline(&line, &cap, stdin)) >= 0) {
			line[strcspn(line, "\r\n")] = '\0';
			if (one_query(s, line, (size_t)limit, json, &err) < 0) {
				free(line);
				goto cleanup;
			}
			if (!json)
				putchar('\n');
			fflush(stdout);
		}
		free(line);
	}
	status = 0;
cleanup:
	if (err) {
		app_error("%s", err);
		free(err);
	}
	search_free(s);
	catalog_close(cat);
	return status;
}
