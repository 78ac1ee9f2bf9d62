/*
 * cmd_staff_pricing.c: `clerk staff pricing` — suggestions (only read),
 * `apply` (the one command that changes a price, logged), `bounds`,
 * `cost` and `log` (pricing.h).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/pricing.h"
#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

#define DAY 86400

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk staff pricing [--db PATH] [--category C] [--weeks N] [--until DATE] [--limit N] [--json]\n"
	        "       clerk staff pricing apply ID PRICE [--staff NAME] [--reason TEXT] [--force] [--db PATH]\n"
	        "       clerk staff pricing bounds [--min-margin F] [--max-change F] [--db PATH]\n"
	        "       clerk staff pricing cost ID PRICE [--db PATH]\n"
	        "       clerk staff pricing log [--limit N] [--db PATH]\n"
	        "\n"
	        "Suggests price changes from the price elasticity estimated on the last --weeks of\n"
	        "orders (default 26) and from stock, within the bounds staff set: a minimum margin\n"
	        "over cost (default 0.15) and a maximum change a week (default 0.10). Suggestions\n"
	        "change nothing: `apply` sets a price (refused outside the bounds unless --force)\n"
	        "and every applied change is logged (`log`). `cost` records what a product costs\n"
	        "the shop, which the margin needs.\n");
}

static void print_suggestions(const struct price_suggestion *s, size_t n,
                              const struct pricing_bounds *b)
{
	printf("price suggestions (min margin %.0f%%, at most %.0f%% a week); nothing is changed "
	       "until `clerk staff pricing apply ID PRICE`\n",
	       100 * b->min_margin, 100 * b->max_change);
	if (!n)
		printf("  none: no product has a change worth making within the bounds\n");
	for (size_t i = 0; i < n; i++) {
		char *id = staff_cli_safe(s[i].product), *name = staff_cli_safe(s[i].name);
		double change = 100.0 * (double)(s[i].suggested_cents - s[i].price_cents) /
		                (double)s[i].price_cents;
		printf("  %-10s %9.2f -> %9.2f (%+5.1f%%)  %s\n", id, (double)s[i].price_cents / 100,
		       (double)s[i].suggested_cents / 100, change, name);
		printf("             ");
		if (!isnan(s[i].elasticity))
			printf("elasticity %.2f (se %.2f, %s, %d weeks)", s[i].elasticity,
			       s[i].elasticity_se, s[i].pooled ? "its category's" : "its own", s[i].weeks);
		else
			printf("elasticity unknown");
		if (s[i].weeks_of_cover >= 0)
			printf("; stock %lld, %.1f weeks of cover", (long long)s[i].stock,
			       s[i].weeks_of_cover);
		if (s[i].cost_cents >= 0)
			printf("; cost %.2f", (double)s[i].cost_cents / 100);
		printf("\n             %s\n", s[i].reason);
		free(id);
		free(name);
	}
}

static cJSON *suggestions_json(const struct price_suggestion *s, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", s[i].product);
		cJSON_AddStringToObject(o, "name", s[i].name);
		cJSON_AddNumberToObject(o, "price", (double)s[i].price_cents / 100);
		cJSON_AddNumberToObject(o, "suggested", (double)s[i].suggested_cents / 100);
		if (s[i].cost_cents >= 0)
			cJSON_AddNumberToObject(o, "cost", (double)s[i].cost_cents / 100);
		if (!isnan(s[i].elasticity)) {
			cJSON_AddNumberToObject(o, "elasticity", s[i].elasticity);
			cJSON_AddNumberToObject(o, "elasticity_se", s[i].elasticity_se);
			cJSON_AddBoolToObject(o, "pooled", s[i].pooled);
		}
		if (s[i].weeks_of_cover >= 0)
			cJSON_AddNumberToObject(o, "weeks_of_cover", s[i].weeks_of_cover);
		cJSON_AddStringToObject(o, "reason", s[i].reason);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static int print_log(catalog *c, size_t limit)
{
	struct price_change *p = NULL;
	size_t n = 0;
	char *err = NULL;
	if (pricing_changes(c, limit, &p, &n, &err) < 0) {
		app_error("%s", err);
		free(err);
		return 1;
	}
	if (!n)
		printf("no price changes applied\n");
	for (size_t i = 0; i < n; i++) {
		char day[11];
		staff_cli_day(p[i].at, day);
		char *id = staff_cli_safe(p[i].product), *who = staff_cli_safe(p[i].staff);
		char *why = staff_cli_safe(p[i].reason);
		printf("%s  %-10s %9.2f -> %9.2f  by %s  %s\n", day, id, (double)p[i].old_cents / 100,
		       (double)p[i].new_cents / 100, *who ? who : "-", why);
		free(id);
		free(who);
		free(why);
	}
	price_changes_free(p, n);
	return 0;
}

int staff_pricing_cmd(int argc, char **argv)
{
	enum { O_DB = 256, O_CATEGORY, O_WEEKS, O_UNTIL, O_LIMIT, O_JSON, O_STAFF, O_REASON,
	       O_FORCE, O_MIN_MARGIN, O_MAX_CHANGE, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"category", required_argument, NULL, O_CATEGORY},
	        {"weeks", required_argument, NULL, O_WEEKS},
	        {"until", required_argument, NULL, O_UNTIL},
	        {"limit", required_argument, NULL, O_LIMIT},
	        {"json", no_argument, NULL, O_JSON},
	        {"staff", required_argument, NULL, O_STAFF},
	        {"reason", required_argument, NULL, O_REASON},
	        {"force", no_argument, NULL, O_FORCE},
	        {"min-margin", required_argument, NULL, O_MIN_MARGIN},
	        {"max-change", required_argument, NULL, O_MAX_CHANGE},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *staff = NULL, *reason = NULL;
	struct pricing_query q = {0};
	double min_margin = -1, max_change = -1, v;
	int json = 0, force = 0, ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_CATEGORY: q.category = optarg; break;
		case O_JSON: json = 1; break;
		case O_STAFF: staff = optarg; break;
		case O_REASON: reason = optarg; break;
		case O_FORCE: force = 1; break;
		case O_WEEKS:
			if (!staff_cli_number("--weeks", optarg, PRICING_MIN_WEEKS, 520, &v))
				return 2;
			q.weeks = (int)v;
			break;
		case O_LIMIT:
			if (!staff_cli_number("--limit", optarg, 1, 10000, &v))
				return 2;
			q.limit = (size_t)v;
			break;
		case O_MIN_MARGIN:
			if (!staff_cli_number("--min-margin", optarg, 0, 0.95, &min_margin))
				return 2;
			break;
		case O_MAX_CHANGE:
			if (!staff_cli_number("--max-change", optarg, 0.001, 1, &max_change))
				return 2;
			break;
		case O_UNTIL:
			if (!staff_cli_date_option("--until", optarg, &q.end))
				return 2;
			q.end += DAY;
			break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff pricing --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	const char *verb = optind < argc ? argv[optind] : "suggest";
	int args = argc - optind - (optind < argc); /* after the verb */
	int want = !strcmp(verb, "apply") || !strcmp(verb, "cost") ? 2 : 0;
	if ((strcmp(verb, "suggest") && strcmp(verb, "apply") && strcmp(verb, "bounds") &&
	     strcmp(verb, "cost") && strcmp(verb, "log")) ||
	    args != want) {
		usage(stderr);
		return 2;
	}
	int64_t cents = 0;
	if (want) {
		cents = staff_cli_cents(argv[optind + 2]);
		if (cents < 0) {
			app_error("PRICE wants an amount such as 12.50, not '%s'", argv[optind + 2]);
			return 2;
		}
	}
	catalog *c = staff_cli_open(db);
	if (!c)
		return 1;
	char *err = NULL;
	int rc = 1;
	struct pricing_bounds b;
	if (pricing_bounds_get(c, &b, &err) < 0)
		goto cleanup;
	if (!strcmp(verb, "log")) {
		rc = print_log(c, q.limit ? q.limit : 50);
	} else if (!strcmp(verb, "bounds")) {
		if (min_margin >= 0 || max_change > 0) {
			if (min_margin >= 0)
				b.min_margin = min_margin;
			if (max_change > 0)
				b.max_change = max_change;
			if (pricing_bounds_set(c, &b, &err) < 0)
				goto cleanup;
		}
		printf("minimum margin %.1f%% of the price, at most %.1f%% change a week\n",
		       100 * b.min_margin, 100 * b.max_change);
		rc = 0;
	} else if (!strcmp(verb, "cost")) {
		if (pricing_set_cost(c, argv[optind + 1], cents, &err) == 0) {
			printf("cost of %s set to %.2f\n", argv[optind + 1], (double)cents / 100);
			rc = 0;
		}
	} else if (!strcmp(verb, "apply")) {
		if (pricing_apply(c, argv[optind + 1], cents, staff, reason, force, &err) == 0) {
			printf("price of %s set to %.2f (logged)\n", argv[optind + 1], (double)cents / 100);
			rc = 0;
		}
	} else {
		struct price_suggestion *s = NULL;
		size_t n = 0;
		if (pricing_suggest(c, &q, &s, &n, &err) == 0) {
			if (json)
				staff_cli_print_json(suggestions_json(s, n));
			else
				print_suggestions(s, n, &b);
			price_suggestions_free(s, n);
			rc = 0;
		}
	}
cleanup:
	if (err)
		app_error("%s", err);
	free(err);
	catalog_close(c);
	return rc;
}
