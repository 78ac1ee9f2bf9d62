/*
 * cmd_search.c: `clerk search`, one-shot or one query per stdin line.
 *
 * A query is read the way the conversation reads a search
 * (session_read_query(): the NLU's entities and product words), and what
 * it says as a constraint filters: "cases under $20", "samsung chargers
 * over 30 dollars", "between $10 and $50", "cheapest", "4 stars and up",
 * "in stock", "by anker", "not otterbox". A category or brand only
 * guessed from the words is searched as words.
 */
#include "src/cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "catalog/search/search.h"
#include "src/dialogue/dialogue.h"
#include "src/dialogue/session.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/cli/app.h"
#include "src/cli/config.h"
#include "common/sanitize.h"

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

/* ---- output ---- */

static void print_plain(const struct search_result *r)
{
	for (size_t i = 0; i < r->n_hits; i++) {
		char *id = sanitize_dup(r->hits[i].p.id, 0);
		char *name = sanitize_dup(r->hits[i].p.name, 0);
		printf("%s\t%.3f\t%s\n", id, r->hits[i].score, name);
		free(id);
		free(name);
	}
}

static cJSON *money(int64_t cents)
{
	return cJSON_CreateNumber((double)cents / 100.0);
}

static void print_json(const char *input, const struct session_query *p,
                       const struct search_result *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "query", input);
	cJSON_AddStringToObject(o, "text", p->text ? p->text : "");
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
	if (p->exclude_brand)
		cJSON_AddStringToObject(f, "exclude_brand", p->exclude_brand);
	else
		cJSON_AddNullToObject(f, "exclude_brand");
	if (p->q.min_rating > 0)
		cJSON_AddNumberToObject(f, "min_rating", p->q.min_rating);
	else
		cJSON_AddNullToObject(f, "min_rating");
	cJSON_AddBoolToObject(f, "in_stock", p->q.in_stock);
	if (p->category)
		cJSON_AddStringToObject(f, "category", p->category);
	else
		cJSON_AddNullToObject(f, "category");
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
		cJSON_AddStringToObject(x, "id", h->p.id);
		cJSON_AddNumberToObject(x, "score", h->score);
		cJSON_AddStringToObject(x, "name", h->p.name);
		if (h->p.brand)
			cJSON_AddStringToObject(x, "brand", h->p.brand);
		else
			cJSON_AddNullToObject(x, "brand");
		if (h->p.category)
			cJSON_AddStringToObject(x, "category", h->p.category);
		else
			cJSON_AddNullToObject(x, "category");
		if (h->p.has_price)
			cJSON_AddItemToObject(x, "price", money(h->p.price_cents));
		else
			cJSON_AddNullToObject(x, "price");
		cJSON_AddStringToObject(x, "currency", h->p.currency ? h->p.currency : "");
		if (h->p.has_rating)
			cJSON_AddNumberToObject(x, "rating", h->p.rating);
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
static int one_query(dialogue *d, const char *input, size_t limit, bool json, char **err)
{
	size_t len = strlen(input);
	bool cut = len > SEARCH_MAX_QUERY;
	char *text = xstrndup(input, cut ? SEARCH_MAX_QUERY : len);
	if (cut) { /* not inside a UTF-8 sequence */
		size_t n = SEARCH_MAX_QUERY;
		while (n > 0 && ((unsigned char)input[n] & 0xC0) == 0x80)
			n--;
		text[n] = '\0';
	}
	struct session_query p;
	int rc = session_read_query(d, text, &p, err);
	free(text);
	if (rc < 0)
		return -1;
	p.q.limit = limit;
	struct search_result r;
	rc = session_run_query(d, &p, &r, err);
	if (rc == 0) {
		if (cut || r.truncated) {
			r.truncated = true;
			app_error("note: the query was cut to %d bytes", SEARCH_MAX_QUERY);
		}
		if (json)
			print_json(input, &p, &r);
		else
			print_plain(&r);
	}
	search_result_release(&r);
	session_query_release(&p);
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
	dialogue *s = NULL;
	char *assets = app_assets_dir();
	char *err = NULL;
	int status = 1;
	struct config cfg;
	config_init(&cfg);
	if (config_load(&cfg, NULL, &err) < 0 || app_open_catalog(db, &cat, &err) < 0)
		goto cleanup;
	/* the conversation's reading of a query, without its intent model */
	struct dialogue_options o = {.cat = cat,
	                             .assets_dir = assets,
	                             .dictionary_path = app_dictionary_path(cfg.dictionary)};
	s = dialogue_new(&o, &err);
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
	dialogue_free(s);
	catalog_close(cat);
	config_release(&cfg);
	free(assets);
	return status;
}
