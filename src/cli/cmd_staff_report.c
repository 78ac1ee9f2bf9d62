/*
 * cmd_staff_report.c: `clerk staff report` — the KPIs of analytics.h over
 * a period, as text with daily sparklines or as JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/analytics.h"
#include "common/spark.h"
#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

#define DAY 86400
#define DEFAULT_DAYS 30

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk staff report [--db PATH] [--since DATE] [--until DATE] [--json]\n"
	        "\n"
	        "The assistant's KPIs from DATE --since (default: 30 days before --until) to DATE\n"
	        "--until (default: today), both days included, as YYYY-MM-DD (UTC). Each figure\n"
	        "is defined in the README (Staff analytics).\n");
}

static double pct(double x)
{
	return 100 * x;
}

static void print_top(const char *title, const struct analytics_count *a, size_t n)
{
	if (!n)
		return;
	printf("  %s:\n", title);
	for (size_t i = 0; i < n; i++) {
		char *t = staff_cli_safe(a[i].text);
		printf("    %5lld  %s\n", (long long)a[i].count, t);
		free(t);
	}
}

static void print_series(const char *name, const struct analytics_report *r, size_t field)
{
	double *v = calloc(r->n_days + 1, sizeof *v);
	double sum = 0, max = 0;
	for (size_t i = 0; i < r->n_days; i++) {
		const struct analytics_day *d = &r->days[i];
		v[i] = field == 0   ? (double)d->conversations
		       : field == 1 ? (double)d->searches
		       : field == 2 ? (double)d->zero_results
		       : field == 3 ? (double)d->orders
		                    : d->revenue;
		sum += v[i];
		if (v[i] > max)
			max = v[i];
	}
	char *line = spark_line(v, r->n_days, false);
	printf("  %-14s %s  total %.0f, max %.0f a day\n", name, line, sum, max);
	free(line);
	free(v);
}

static void print_text(const struct analytics_report *r)
{
	char a[11], b[11];
	staff_cli_day(r->since, a);
	staff_cli_day(r->until - 1, b);
	printf("clerk staff report, %s to %s\n\n", a, b);
	printf("conversations          %8lld   (%lld turns)\n", (long long)r->conversations,
	       (long long)r->turns);
	printf("searches               %8lld   zero-result rate %.1f%% (%lld found nothing)\n",
	       (long long)r->searches, pct(r->zero_result_rate), (long long)r->zero_results);
	print_top("searches that found nothing, most common first", r->top_zero, r->n_top_zero);
	printf("click-through, shown   %7.1f%%   (%lld of %lld products shown were opened or added)\n",
	       pct(r->ctr_shown), (long long)r->shown_clicked, (long long)r->shown);
	printf("click-through, recommended %4.1f%%  (%lld of %lld recommended)\n",
	       pct(r->ctr_recommended), (long long)r->recommended_clicked,
	       (long long)r->recommended);
	printf("add-to-cart rate       %7.1f%%   (%lld conversations)\n", pct(r->add_to_cart_rate),
	       (long long)r->carting);
	printf("conversion rate        %7.1f%%   (%lld conversations placed an order)\n",
	       pct(r->conversion_rate), (long long)r->converting);
	printf("orders                 %8lld   revenue %.2f, average order value %.2f\n",
	       (long long)r->orders, r->revenue, r->average_order_value);
	printf("recommended revenue    %11.2f (%.1f%% of revenue)\n", r->recommended_revenue,
	       r->revenue > 0 ? pct(r->recommended_revenue / r->revenue) : 0.0);
	printf("lifetime value by segment (customers' orders up to the end):\n");
	for (int i = 0; i < ANALYTICS_SEGMENTS; i++)
		printf("    %-11s %6lld customers   %10.2f each\n", r->segments[i].name,
		       (long long)r->segments[i].customers, r->segments[i].lifetime_value);
	printf("hand-offs              %8lld   open %lld, closed %lld", (long long)r->handoffs,
	       (long long)r->handoffs_open, (long long)r->handoffs_closed);
	if (r->handoffs_closed)
		printf("; time to close: mean %.1f h, median %.1f h", r->hours_to_close_mean,
		       r->hours_to_close_median);
	printf("\n");
	printf("out-of-scope rate      %7.1f%%   (%lld turns)\n", pct(r->out_of_scope_rate),
	       (long long)r->out_of_scope);
	print_top("unanswered, most common first", r->top_out_of_scope, r->n_top_out_of_scope);
	printf("feedback               %8lld   negative %lld; flagged for staff and open: %lld\n",
	       (long long)r->feedback, (long long)r->feedback_negative, (long long)r->flags_open);
	printf("kiosk orders           open %lld, paid %lld, picked up %lld, cancelled %lld\n",
	       (long long)r->kiosk_open, (long long)r->kiosk_paid, (long long)r->kiosk_picked_up,
	       (long long)r->kiosk_cancelled);
	if (!r->n_days)
		return;
	printf("\ndaily, %s to %s:\n", a, b);
	print_series("conversations", r, 0);
	print_series("searches", r, 1);
	print_series("zero results", r, 2);
	print_series("orders", r, 3);
	print_series("revenue", r, 4);
}

static cJSON *counts_json(const struct analytics_count *a, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "text", a[i].text);
		cJSON_AddNumberToObject(o, "count", (double)a[i].count);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *report_json(const struct analytics_report *r)
{
	cJSON *o = cJSON_CreateObject();
	char a[11], b[11];
	staff_cli_day(r->since, a);
	staff_cli_day(r->until - 1, b);
	cJSON_AddStringToObject(o, "since", a);
	cJSON_AddStringToObject(o, "until", b);
#define NUM(key, v) cJSON_AddNumberToObject(o, key, (double)(v))
	NUM("conversations", r->conversations);
	NUM("turns", r->turns);
	NUM("searches", r->searches);
	NUM("zero_results", r->zero_results);
	NUM("zero_result_rate", r->zero_result_rate);
	cJSON_AddItemToObject(o, "top_zero_result_queries", counts_json(r->top_zero, r->n_top_zero));
	NUM("shown", r->shown);
	NUM("shown_clicked", r->shown_clicked);
	NUM("click_through_shown", r->ctr_shown);
	NUM("recommended", r->recommended);
	NUM("recommended_clicked", r->recommended_clicked);
	NUM("click_through_recommended", r->ctr_recommended);
	NUM("add_to_cart_rate", r->add_to_cart_rate);
	NUM("conversion_rate", r->conversion_rate);
	NUM("orders", r->orders);
	NUM("revenue", r->revenue);
	NUM("average_order_value", r->average_order_value);
	NUM("recommended_revenue", r->recommended_revenue);
	cJSON *seg = cJSON_AddArrayToObject(o, "lifetime_value");
	for (int i = 0; i < ANALYTICS_SEGMENTS; i++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "segment", r->segments[i].name);
		cJSON_AddNumberToObject(s, "customers", (double)r->segments[i].customers);
		cJSON_AddNumberToObject(s, "revenue", r->segments[i].revenue);
		cJSON_AddNumberToObject(s, "lifetime_value", r->segments[i].lifetime_value);
		cJSON_AddItemToArray(seg, s);
	}
	NUM("handoffs", r->handoffs);
	NUM("handoffs_open", r->handoffs_open);
	NUM("handoffs_closed", r->handoffs_closed);
	NUM("hours_to_close_mean", r->hours_to_close_mean);
	NUM("hours_to_close_median", r->hours_to_close_median);
	NUM("out_of_scope", r->out_of_scope);
	NUM("out_of_scope_rate", r->out_of_scope_rate);
	cJSON_AddItemToObject(o, "top_out_of_scope",
	                      counts_json(r->top_out_of_scope, r->n_top_out_of_scope));
	NUM("feedback", r->feedback);
	NUM("feedback_negative", r->feedback_negative);
	NUM("feedback_flags_open", r->flags_open);
	NUM("kiosk_open", r->kiosk_open);
	NUM("kiosk_paid", r->kiosk_paid);
	NUM("kiosk_picked_up", r->kiosk_picked_up);
	NUM("kiosk_cancelled", r->kiosk_cancelled);
#undef NUM
	cJSON *days = cJSON_AddArrayToObject(o, "daily");
	for (size_t i = 0; i < r->n_days; i++) {
		const struct analytics_day *d = &r->days[i];
		cJSON *x = cJSON_CreateObject();
		char day[11];
		staff_cli_day(d->day, day);
		cJSON_AddStringToObject(x, "day", day);
		cJSON_AddNumberToObject(x, "conversations", (double)d->conversations);
		cJSON_AddNumberToObject(x, "searches", (double)d->searches);
		cJSON_AddNumberToObject(x, "zero_results", (double)d->zero_results);
		cJSON_AddNumberToObject(x, "orders", (double)d->orders);
		cJSON_AddNumberToObject(x, "revenue", d->revenue);
		cJSON_AddItemToArray(days, x);
	}
	return o;
}

int staff_report_cmd(int argc, char **argv)
{
	enum { O_DB = 256, O_SINCE, O_UNTIL, O_JSON, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"since", required_argument, NULL, O_SINCE},
	        {"until", required_argument, NULL, O_UNTIL},
	        {"json", no_argument, NULL, O_JSON},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	int64_t since = -1, until = -1;
	int json = 0, ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_JSON: json = 1; break;
		case O_SINCE:
			if (!staff_cli_date_option("--since", optarg, &since))
				return 2;
			break;
		case O_UNTIL:
			if (!staff_cli_date_option("--until", optarg, &until))
				return 2;
			break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff report --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		app_error("unexpected argument '%s' (see clerk staff report --help)", argv[optind]);
		return 2;
	}
	/* --until names the last day included */
	until = until >= 0 ? until + DAY : ((int64_t)time(NULL) / DAY + 1) * DAY;
	if (since < 0)
		since = until - DEFAULT_DAYS * DAY;
	if (since >= until) {
		app_error("--since must come before --until");
		return 2;
	}
	catalog *c = staff_cli_open(db);
	if (!c)
		return 1;
	struct analytics_report r;
	char *err = NULL;
	int rc = 1;
	if (analytics_report(c, since, until, &r, &err) < 0) {
		app_error("%s", err);
		goto cleanup;
	}
	if (json)
		staff_cli_print_json(report_json(&r));
	else
		print_text(&r);
	analytics_report_release(&r);
	rc = 0;
cleanup:
	free(err);
	catalog_close(c);
	return rc;
}
