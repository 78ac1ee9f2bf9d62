/*
 * cmd_staff_churn.c: `clerk staff churn` — the customers at risk of
 * leaving (catalog/shop/churn.h), most at stake first, one line each:
 * CUSTOMER<TAB>RISK<TAB>RFM<TAB>REASON<TAB>OFFER, or a JSON array.
 */
#include "src/cli/staff_cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/churn.h"
#include "common/sanitize.h"
#include "common/xalloc.h"
#include "src/cli/app.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk staff churn [--db PATH] [--limit N] [--as-of DATE] [--json]\n"
	        "\n"
	        "Customers at risk of leaving, most at stake first: a repeat customer whose last\n"
	        "order is %.1f times later than their usual interval, a one-order customer after\n"
	        "the lapsed offer rule's days. One line each:\n"
	        "  CUSTOMER<TAB>RISK<TAB>RFM<TAB>REASON<TAB>SUGGESTED OFFER\n"
	        "RISK is how late they are (1 = due); RFM are recency, frequency and monetary\n"
	        "scores, 1 (low) to 5 (high) among all customers with orders.\n"
	        "  --as-of DATE   score as on DATE (YYYY-MM-DD) instead of today\n",
	        CHURN_OVERDUE);
}

static char *money_text(int64_t cents, const char *currency)
{
	if (!currency || !strcmp(currency, "USD"))
		return xasprintf("$%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
	return xasprintf("%lld.%02lld %s", (long long)(cents / 100), (long long)(cents % 100),
	                 currency);
}

/* The reason in plain words (heap). */
static char *reason_text(const struct churn_customer *c)
{
	char *spent = money_text(c->spent_cents, c->currency);
	char *s = c->reason == CHURN_LAPSED_SINGLE
	                  ? xasprintf("one order, %lld days ago (%s)", (long long)c->days_since, spent)
	                  : xasprintf("last order %lld days ago, usually every %.0f days;"
	                              " %lld orders, %s in all",
	                              (long long)c->days_since, c->usual_gap_days,
	                              (long long)c->orders, spent);
	free(spent);
	return s;
}

static void print_text(const struct churn_customer *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *id = sanitize_dup(a[i].customer, 0);
		char *why = reason_text(&a[i]);
		char *offer = sanitize_dup(a[i].offer ? a[i].offer : "-", 0);
		printf("%s\t%.2f\tR%d F%d M%d\t%s\t%s\n", id, a[i].risk, a[i].recency, a[i].frequency,
		       a[i].monetary, why, offer);
		free(id);
		free(why);
		free(offer);
	}
}

static void print_json(const struct churn_customer *a, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "customer", a[i].customer);
		cJSON_AddNumberToObject(o, "risk", a[i].risk);
		cJSON_AddNumberToObject(o, "recency", a[i].recency);
		cJSON_AddNumberToObject(o, "frequency", a[i].frequency);
		cJSON_AddNumberToObject(o, "monetary", a[i].monetary);
		cJSON_AddNumberToObject(o, "orders", (double)a[i].orders);
		cJSON_AddNumberToObject(o, "spent", (double)a[i].spent_cents / 100.0);
		if (a[i].currency)
			cJSON_AddStringToObject(o, "currency", a[i].currency);
		cJSON_AddNumberToObject(o, "days_since_last_order", (double)a[i].days_since);
		cJSON_AddNumberToObject(o, "usual_gap_days", a[i].usual_gap_days);
		cJSON_AddStringToObject(o, "reason", a[i].reason == CHURN_LAPSED_SINGLE
		                                             ? "lapsed_single_order"
		                                             : "overdue_repeat_customer");
		char *why = reason_text(&a[i]);
		cJSON_AddStringToObject(o, "reason_text", why);
		free(why);
		if (a[i].offer) {
			cJSON *offer = cJSON_AddObjectToObject(o, "offer");
			cJSON_AddStringToObject(offer, "description", a[i].offer);
			cJSON_AddStringToObject(offer, "kind", a[i].offer_kind ? a[i].offer_kind : "");
			cJSON_AddNumberToObject(offer, "value", a[i].offer_value);
		} else {
			cJSON_AddNullToObject(o, "offer");
		}
		cJSON_AddItemToArray(arr, o);
	}
	char *s = cJSON_PrintUnformatted(arr);
	puts(s ? s : "[]");
	cJSON_free(s);
	cJSON_Delete(arr);
}

/* "YYYY-MM-DD" as the Unix time of its end (23:59:59 UTC); -1 when bad. */
static int64_t date_end(const char *s)
{
	struct tm tm = {0};
	char *end = strptime(s, "%Y-%m-%d", &tm);
	if (!end || *end)
		return -1;
	return (int64_t)timegm(&tm) + 86399;
}

int staff_churn_cmd(int argc, char **argv)
{
	enum { O_DB = 256, O_LIMIT, O_JSON, O_AS_OF, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"limit", required_argument, NULL, O_LIMIT},
	        {"json", no_argument, NULL, O_JSON},
	        {"as-of", required_argument, NULL, O_AS_OF},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	size_t limit = 0;
	int json = 0, ch;
	int64_t now = (int64_t)time(NULL);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		long v;
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_JSON: json = 1; break;
		case O_LIMIT:
			v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 1 || v > 1000000) {
				app_error("--limit wants a number from 1 to 1000000, not '%s'", optarg);
				return 2;
			}
			limit = (size_t)v;
			break;
		case O_AS_OF:
			now = date_end(optarg);
			if (now < 0) {
				app_error("--as-of wants a date YYYY-MM-DD, not '%s'", optarg);
				return 2;
			}
			break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff churn --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		app_error("unexpected argument '%s' (see clerk staff churn --help)", argv[optind]);
		return 2;
	}
	catalog *cat = NULL;
	char *err = NULL;
	struct churn_customer *a = NULL;
	size_t n = 0;
	int rc = 1;
	if (app_open_catalog(db, &cat, &err) < 0 || churn_list(cat, now, limit, &a, &n, &err) < 0) {
		app_error("%s", err ? err : "churn scoring failed");
		goto cleanup;
	}
	if (json)
		print_json(a, n);
	else
		print_text(a, n);
	rc = 0;
cleanup:
	churn_free(a, n);
	free(err);
	catalog_close(cat);
	return rc;
}
