/*
 * cmd_recommend.c: `clerk recommend` — recommendations for a customer
 * and/or a basket of product ids, one `ID<TAB>SCORE<TAB>NAME` line each.
 */
#include "src/cli/commands.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/recommend/recommend.h"
#include "catalog/store/index_language.h"
#include "nlu/text/lang.h"
#include "src/dialogue/explain.h"
#include "catalog/recommend/recommend_model.h"
#include "catalog/shop/profile.h"
#include "common/xalloc.h"
#include "src/cli/app.h"
#include "common/sanitize.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: clerk recommend [--db PATH] [--customer ID] [--with ID,ID...] [--limit N] [--json]\n"
	             "\n"
	             "Recommends products for a customer and/or a basket of product ids, one\n"
	             "ID<TAB>SCORE<TAB>NAME line each (a JSON array with --json, where each\n"
	             "object also says why). Products given with --with are never recommended\n"
	             "back; neither are products out of stock, nor what the customer just\n"
	             "bought. With --customer and no --with: from the customer's history, used\n"
	             "only when they agreed to personalization. The model is refitted first\n"
	             "when orders or events came in since.\n");
}

/* Splits "a,b,c" into a heap array of heap strings; empty items dropped. */
static char **split_ids(const char *s, size_t *n)
{
	char **ids = NULL;
	size_t cap = 0;
	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len) {
			ids = xgrow(ids, &cap, *n + 1, sizeof *ids);
			ids[(*n)++] = xstrndup(s, len);
		}
		s += len;
		if (*s)
			s++;
	}
	return ids;
}

/* The replies of the catalog's language pack, for the reasons' wording;
 * NULL (reasons then left out) when they cannot be read. */
static replies *open_replies(catalog *cat)
{
	char *language = NULL, *assets = app_assets_dir();
	replies *rp = NULL;
	lang *pack = NULL;
	if (index_language_get(cat, &language, NULL, NULL) == 0)
		pack = lang_open(assets, language, NULL);
	if (pack) {
		char *dir = lang_path(pack, "replies");
		rp = replies_new(dir, NULL);
		free(dir);
	}
	lang_free(pack);
	free(language);
	free(assets);
	return rp;
}

static void print_results(const struct recommendation *r, size_t n, int json, const replies *rp)
{
	if (json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", r[i].p.id);
			cJSON_AddNumberToObject(o, "score", r[i].score);
			cJSON_AddStringToObject(o, "name", r[i].p.name);
			cJSON_AddStringToObject(o, "why", r[i].why);
			char *line = explain_recommendation(rp, &r[i]);
			if (line)
				cJSON_AddStringToObject(o, "explain", line);
			free(line);
			cJSON_AddItemToArray(a, o);
		}
		char *s = cJSON_PrintUnformatted(a);
		puts(s ? s : "[]");
		cJSON_free(s);
		cJSON_Delete(a);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *id = sanitize_dup(r[i].p.id, 0);
		char *name = sanitize_dup(r[i].p.name, 0);
		printf("%s\t%.4f\t%s\n", id, r[i].score, name);
		free(id);
		free(name);
	}
}

int cmd_recommend(int argc, char **argv)
{
	enum { O_DB = 256, O_CUSTOMER, O_WITH, O_LIMIT, O_JSON, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"customer", required_argument, NULL, O_CUSTOMER},
	        {"with", required_argument, NULL, O_WITH},
	        {"limit", required_argument, NULL, O_LIMIT},
	        {"json", no_argument, NULL, O_JSON},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *with = NULL;
	struct recommend_request q = {.limit = 10};
	int json = 0, ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		long v;
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_CUSTOMER: q.customer = optarg; break;
		case O_WITH: with = optarg; break;
		case O_JSON: json = 1; break;
		case O_LIMIT:
			v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 1 || v > 10000) {
				app_error("--limit wants a number from 1 to 10000, not '%s'", optarg);
				return 2;
			}
			q.limit = (size_t)v;
			break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk recommend --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		app_error("unexpected argument '%s' (see clerk recommend --help)", argv[optind]);
		return 2;
	}
	size_t n_ids = 0;
	char **ids = with ? split_ids(with, &n_ids) : NULL;
	q.with = (const char *const *)ids;
	q.n_with = n_ids;
	catalog *cat = NULL;
	char *err = NULL;
	struct recommendation *r = NULL;
	size_t n = 0;
	int rc = 1;
	if (app_open_catalog(db, &cat, &err) < 0) {
		app_error("%s", err ? err : "cannot open the catalog");
		goto cleanup;
	}
	/* The model is refitted here when orders or events came in since it was
	 * built (a shop's own checkouts, say); imports refit it themselves. A
	 * catalog that cannot be written now (read-only, another writer) still
	 * answers, from the model it has. */
	if (recommend_model_refresh(cat, NULL, &err) < 0) {
		app_error("recommend: the model was not refitted (%s); using the one there", err);
		free(err);
		err = NULL;
	}
	/* a customer's history is read only with their consent */
	enum profile_consent consent = PROFILE_CONSENT_UNASKED;
	if (q.customer && profile_consent(cat, q.customer, &consent, &err) < 0) {
		app_error("%s", err);
		goto cleanup;
	}
	if (q.customer && consent != PROFILE_CONSENT_GRANTED) {
		char *id = sanitize_dup(q.customer, 0);
		app_error("customer %s has not agreed to personalization: recommending without"
		          " their history", id);
		free(id);
		q.customer = NULL;
	}
	if (recommend_run(cat, &q, &r, &n, &err) < 0) {
		app_error("%s", err ? err : "recommendation failed");
		goto cleanup;
	}
	replies *rp = json ? open_replies(cat) : NULL;
	print_results(r, n, json, rp);
	replies_free(rp);
	rc = 0;
cleanup:
	recommend_free(r, n);
	for (size_t i = 0; i < n_ids; i++)
		free(ids[i]);
	free(ids);
	free(err);
	catalog_close(cat);
	return rc;
}
