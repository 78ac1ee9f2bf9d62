/*
 * cmd_staff_experiment.c: `clerk staff experiment add|list|report|stop`.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/experiments.h"
#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk staff experiment add NAME --variants A,B[,...] --metric METRIC [--salt S] [--db PATH]\n"
	        "       clerk staff experiment list [--json] [--db PATH]\n"
	        "       clerk staff experiment report NAME [--json] [--db PATH]\n"
	        "       clerk staff experiment stop NAME [--db PATH]\n"
	        "\n"
	        "A/B experiments. Customers (or guests' sessions) are split between the variants\n"
	        "by a hash with the experiment's salt; the first variant is the control. METRIC is\n"
	        "conversion, add_to_cart, click_through (rates: two-proportion z-test) or revenue\n"
	        "(a mean per unit: Welch's t-test). The report gives each variant's exposure and\n"
	        "metric, its difference from the control with a 95%% confidence interval and a\n"
	        "two-sided p-value, and says whether the difference is significant.\n");
}

static void print_report(const struct experiment_report *r)
{
	char *name = staff_cli_safe(r->e.name);
	printf("experiment %s (%s, metric %s, %s)\n", name, r->e.running ? "running" : "stopped",
	       r->e.metric, r->rate ? "two-proportion z-test" : "Welch's t-test");
	printf("  %-12s %10s %12s\n", "variant", "exposed", r->rate ? "rate" : "mean");
	for (size_t i = 0; i < r->n_arms; i++) {
		const struct experiment_arm *a = &r->arms[i];
		if (r->rate)
			printf("  %-12s %10lld %11.2f%%  (%lld of %lld)\n", a->variant, (long long)a->units,
			       100 * a->mean, (long long)a->successes, (long long)a->units);
		else
			printf("  %-12s %10lld %12.2f  (sd %.2f)\n", a->variant, (long long)a->units, a->mean,
			       sqrt(a->var));
	}
	double scale = r->rate ? 100 : 1;
	const char *unit = r->rate ? " points" : "";
	for (size_t i = 1; i < r->n_arms; i++) {
		const struct stats_test *t = &r->vs_control[i];
		const char *v = r->arms[i].variant, *ctl = r->arms[0].variant;
		if (!t->valid) {
			printf("  %s vs %s: too few units to compare yet\n", v, ctl);
			continue;
		}
		printf("  %s vs %s: difference %+.2f%s, 95%% CI [%+.2f, %+.2f], %s = %.3f, p = %.4f\n",
		       v, ctl, scale * t->diff, unit, scale * t->ci_low, scale * t->ci_high,
		       r->rate ? "z" : "t", t->stat, t->p_value);
		if (!r->rate)
			printf("    (Welch's df %.1f)\n", t->df);
		if (t->significant)
			printf("  => %s is significantly %s than %s at the 5%% level (p = %.4f): the "
			       "difference is unlikely to be chance.\n",
			       v, t->diff > 0 ? "higher" : "lower", ctl, t->p_value);
		else
			printf("  => The difference between %s and %s is not significant at the 5%% level "
			       "(p = %.4f): it may well be chance; the interval holds zero.\n",
			       v, ctl, t->p_value);
	}
	if (r->n_arms > 2)
		printf("  (each variant is compared with the control on its own; with %zu comparisons "
		       "one may pass by chance)\n", r->n_arms - 1);
	free(name);
}

static cJSON *report_json(const struct experiment_report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", r->e.name);
	cJSON_AddStringToObject(o, "metric", r->e.metric);
	cJSON_AddBoolToObject(o, "running", r->e.running);
	cJSON_AddStringToObject(o, "test", r->rate ? "two-proportion z" : "welch t");
	cJSON *arms = cJSON_AddArrayToObject(o, "variants");
	for (size_t i = 0; i < r->n_arms; i++) {
		const struct experiment_arm *a = &r->arms[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "variant", a->variant);
		cJSON_AddNumberToObject(x, "exposed", (double)a->units);
		if (r->rate)
			cJSON_AddNumberToObject(x, "successes", (double)a->successes);
		cJSON_AddNumberToObject(x, "metric", a->mean);
		if (!r->rate)
			cJSON_AddNumberToObject(x, "variance", a->var);
		if (i) {
			const struct stats_test *t = &r->vs_control[i];
			cJSON *c = cJSON_AddObjectToObject(x, "vs_control");
			cJSON_AddBoolToObject(c, "valid", t->valid);
			cJSON_AddNumberToObject(c, "difference", t->diff);
			cJSON_AddNumberToObject(c, "ci_low", t->ci_low);
			cJSON_AddNumberToObject(c, "ci_high", t->ci_high);
			cJSON_AddNumberToObject(c, "statistic", t->stat);
			if (!r->rate)
				cJSON_AddNumberToObject(c, "df", t->df);
			cJSON_AddNumberToObject(c, "p_value", t->p_value);
			cJSON_AddBoolToObject(c, "significant", t->significant);
		}
		cJSON_AddItemToArray(arms, x);
	}
	return o;
}

static int list(catalog *c, int json)
{
	struct experiment *e = NULL;
	size_t n = 0;
	char *err = NULL;
	if (experiment_list(c, &e, &n, &err) < 0) {
		app_error("%s", err);
		free(err);
		return 1;
	}
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	if (!json && !n)
		printf("no experiments (clerk staff experiment add NAME --variants a,b --metric conversion)\n");
	for (size_t i = 0; i < n; i++) {
		char day[11];
		staff_cli_day(e[i].created_at, day);
		if (json) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "name", e[i].name);
			cJSON *v = cJSON_AddArrayToObject(x, "variants");
			for (size_t k = 0; k < e[i].n_variants; k++)
				cJSON_AddItemToArray(v, cJSON_CreateString(e[i].variants[k]));
			cJSON_AddStringToObject(x, "metric", e[i].metric);
			cJSON_AddBoolToObject(x, "running", e[i].running);
			cJSON_AddStringToObject(x, "created", day);
			cJSON_AddNumberToObject(x, "exposed", (double)e[i].units);
			cJSON_AddItemToArray(arr, x);
			continue;
		}
		char *name = staff_cli_safe(e[i].name);
		printf("%-20s %-8s metric %-13s since %s  %lld exposed  variants", name,
		       e[i].running ? "running" : "stopped", e[i].metric, day, (long long)e[i].units);
		for (size_t k = 0; k < e[i].n_variants; k++)
			printf("%s%s", k ? "," : " ", e[i].variants[k]);
		printf("\n");
		free(name);
	}
	if (json)
		staff_cli_print_json(arr);
	experiments_free(e, n);
	return 0;
}

int staff_experiment_cmd(int argc, char **argv)
{
	enum { O_DB = 256, O_VARIANTS, O_METRIC, O_SALT, O_JSON, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"variants", required_argument, NULL, O_VARIANTS},
	        {"metric", required_argument, NULL, O_METRIC},
	        {"salt", required_argument, NULL, O_SALT},
	        {"json", no_argument, NULL, O_JSON},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *variants = NULL, *metric = NULL, *salt = NULL;
	int json = 0, ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_VARIANTS: variants = optarg; break;
		case O_METRIC: metric = optarg; break;
		case O_SALT: salt = optarg; break;
		case O_JSON: json = 1; break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff experiment --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	const char *verb = optind < argc ? argv[optind] : NULL;
	const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
	bool named = verb && strcmp(verb, "list");
	if (!verb || (named && !name) || optind + (named ? 2 : 1) < argc ||
	    (strcmp(verb, "add") && strcmp(verb, "list") && strcmp(verb, "report") &&
	     strcmp(verb, "stop")) ||
	    (!strcmp(verb, "add") && (!variants || !metric))) {
		usage(stderr);
		return 2;
	}
	catalog *c = staff_cli_open(db);
	if (!c)
		return 1;
	char *err = NULL;
	int rc = 1;
	if (!strcmp(verb, "list")) {
		rc = list(c, json);
	} else if (!strcmp(verb, "add")) {
		if (experiment_add(c, name, variants, metric, salt, &err) == 0) {
			printf("experiment %s started: variants %s, metric %s\n", name, variants, metric);
			rc = 0;
		}
	} else if (!strcmp(verb, "stop")) {
		if (experiment_stop(c, name, &err) == 0) {
			printf("experiment %s stopped\n", name);
			rc = 0;
		}
	} else {
		struct experiment_report r;
		if (experiment_report(c, name, &r, &err) == 0) {
			if (json)
				staff_cli_print_json(report_json(&r));
			else
				print_report(&r);
			experiment_report_release(&r);
			rc = 0;
		}
	}
	if (err)
		app_error("%s", err);
	free(err);
	catalog_close(c);
	return rc;
}
