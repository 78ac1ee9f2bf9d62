/*
 * cmd_staff_forecast.c: `clerk staff forecast` — daily demand from the
 * order history, the last weeks beside the forecast, the backtest against
 * the seasonal naive, and reorder hints (forecast.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/forecast.h"
#include "common/spark.h"
#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

#define DAY 86400
#define WEEKS_SHOWN 3

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk staff forecast [--db PATH] [--category C] [--region R] [--product ID]\n"
	        "                            [--days N] [--history N] [--until DATE] [--top N] [--json]\n"
	        "\n"
	        "Forecasts daily demand (units ordered) for the next N days (default 14) from the\n"
	        "last --history days of orders (default 182) with weekly seasonality (Holt-Winters),\n"
	        "for the whole shop, a category, a region (a postcode prefix) or one product, and\n"
	        "the --top best sellers (default 5) one by one. Beside each: its backtest (the last\n"
	        "28 days held out) as sMAPE against the seasonal-naive forecast's, and a reorder\n"
	        "hint when stock runs out before the horizon. The history ends with the latest\n"
	        "order, or with DATE --until (included).\n");
}

static void print_weeks(const struct forecast_series *s, const struct forecast_result *r)
{
	size_t n = s->n_history, shown = WEEKS_SHOWN * 7 < n ? WEEKS_SHOWN * 7 : n;
	/* the last weeks and the forecast on one scale */
	size_t total = shown + (size_t)r->horizon;
	double *v = calloc(total, sizeof *v);
	for (size_t i = 0; i < shown; i++)
		v[i] = s->history[n - shown + i];
	for (int i = 0; i < r->horizon; i++)
		v[shown + (size_t)i] = s->forecast[i];
	char *all = spark_line(v, total, false);
	/* split the line where the forecast starts: each block is 3 bytes */
	printf("    last %zu days | next %d: %.*s | %s\n", shown, r->horizon, (int)(shown * 3), all,
	       all + shown * 3);
	free(all);
	free(v);
	printf("    by day, last week then forecast:");
	for (size_t i = n - (n < 7 ? n : 7); i < n; i++)
		printf(" %.0f", s->history[i]);
	printf(" |");
	for (int i = 0; i < r->horizon; i++)
		printf(" %.1f", s->forecast[i]);
	printf("\n");
}

static void print_series(const struct forecast_series *s, const struct forecast_result *r)
{
	char *name = staff_cli_safe(s->name);
	if (s->id) {
		char *id = staff_cli_safe(s->id);
		printf("  %s  %s\n", id, name);
		free(id);
	} else {
		printf("%s\n", name);
	}
	free(name);
	printf("    next %d days: %.1f units", r->horizon, s->horizon_total);
	if (s->stock >= 0)
		printf(", stock %lld", (long long)s->stock);
	printf("\n");
	print_weeks(s, r);
	if (s->smape >= 0)
		printf("    backtest, last %d days: sMAPE %.1f%% (Holt-Winters) vs %.1f%% (seasonal "
		       "naive)\n", FORECAST_BACKTEST_DAYS, s->smape, s->smape_naive);
	else
		printf("    backtest: too little history\n");
	if (s->stockout_day >= 0)
		printf("    REORDER: stock runs out in about %d day%s, before the %d-day horizon; order "
		       "at least %.0f units\n",
		       s->stockout_day + 1, s->stockout_day ? "s" : "", r->horizon, s->reorder);
}

static cJSON *series_json(const struct forecast_series *s, int horizon)
{
	cJSON *o = cJSON_CreateObject();
	if (s->id)
		cJSON_AddStringToObject(o, "id", s->id);
	cJSON_AddStringToObject(o, "name", s->name);
	if (s->stock >= 0)
		cJSON_AddNumberToObject(o, "stock", (double)s->stock);
	cJSON *h = cJSON_AddArrayToObject(o, "history");
	for (size_t i = 0; i < s->n_history; i++)
		cJSON_AddItemToArray(h, cJSON_CreateNumber(s->history[i]));
	cJSON_AddNumberToObject(o, "horizon_total", s->horizon_total);
	cJSON *f = cJSON_AddArrayToObject(o, "forecast");
	for (int i = 0; i < horizon; i++)
		cJSON_AddItemToArray(f, cJSON_CreateNumber(s->forecast[i]));
	cJSON_AddNumberToObject(o, "smape", s->smape);
	cJSON_AddNumberToObject(o, "smape_seasonal_naive", s->smape_naive);
	cJSON_AddNumberToObject(o, "alpha", s->fit.alpha);
	cJSON_AddNumberToObject(o, "beta", s->fit.beta);
	cJSON_AddNumberToObject(o, "gamma", s->fit.gamma);
	cJSON_AddNumberToObject(o, "phi", s->fit.phi);
	if (s->stockout_day >= 0) {
		cJSON_AddNumberToObject(o, "stockout_day", s->stockout_day);
		cJSON_AddNumberToObject(o, "reorder", s->reorder);
	}
	return o;
}

static cJSON *result_json(const struct forecast_result *r)
{
	cJSON *o = cJSON_CreateObject();
	char day[11];
	staff_cli_day(r->first_day, day);
	cJSON_AddStringToObject(o, "first_day", day);
	cJSON_AddNumberToObject(o, "horizon", r->horizon);
	cJSON_AddItemToObject(o, "total", series_json(&r->total, r->horizon));
	cJSON *p = cJSON_AddArrayToObject(o, "products");
	for (size_t i = 0; i < r->n_products; i++)
		cJSON_AddItemToArray(p, series_json(&r->products[i], r->horizon));
	return o;
}

int staff_forecast_cmd(int argc, char **argv)
{
	enum { O_DB = 256, O_CATEGORY, O_REGION, O_PRODUCT, O_DAYS, O_HISTORY, O_UNTIL, O_TOP,
	       O_JSON, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"category", required_argument, NULL, O_CATEGORY},
	        {"region", required_argument, NULL, O_REGION},
	        {"product", required_argument, NULL, O_PRODUCT},
	        {"days", required_argument, NULL, O_DAYS},
	        {"history", required_argument, NULL, O_HISTORY},
	        {"until", required_argument, NULL, O_UNTIL},
	        {"top", required_argument, NULL, O_TOP},
	        {"json", no_argument, NULL, O_JSON},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	struct forecast_query q = {.horizon = 14, .top = 5};
	int json = 0, ch;
	double v;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_CATEGORY: q.category = optarg; break;
		case O_REGION: q.region = optarg; break;
		case O_PRODUCT: q.product = optarg; break;
		case O_JSON: json = 1; break;
		case O_DAYS:
			if (!staff_cli_number("--days", optarg, 1, 365, &v))
				return 2;
			q.horizon = (int)v;
			break;
		case O_HISTORY:
			if (!staff_cli_number("--history", optarg, 28, 3650, &v))
				return 2;
			q.history = (int)v;
			break;
		case O_TOP:
			if (!staff_cli_number("--top", optarg, 0, 100, &v))
				return 2;
			q.top = (size_t)v;
			break;
		case O_UNTIL:
			if (!staff_cli_date_option("--until", optarg, &q.end))
				return 2;
			q.end += DAY;
			break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff forecast --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		app_error("unexpected argument '%s' (see clerk staff forecast --help)", argv[optind]);
		return 2;
	}
	catalog *c = staff_cli_open(db);
	if (!c)
		return 1;
	struct forecast_result r;
	char *err = NULL;
	int rc = 1;
	if (forecast_run(c, &q, &r, &err) < 0) {
		app_error("%s", err);
		goto cleanup;
	}
	if (json) {
		staff_cli_print_json(result_json(&r));
	} else {
		char first[11], last[11];
		staff_cli_day(r.first_day, first);
		staff_cli_day(r.first_day + (int64_t)(r.total.n_history - 1) * DAY, last);
		printf("demand forecast, history %s to %s%s%s\n\n", first, last,
		       q.region ? ", region " : "", q.region ? q.region : "");
		print_series(&r.total, &r);
		if (r.n_products)
			printf("\nbest sellers of the last four weeks:\n");
		for (size_t i = 0; i < r.n_products; i++)
			print_series(&r.products[i], &r);
	}
	forecast_result_release(&r);
	rc = 0;
cleanup:
	free(err);
	catalog_close(c);
	return rc;
}
