/*
 * churn.c: recency, frequency and monetary scores from the orders, and the
 * customers overdue by their own rhythm.
 */
#include "catalog/shop/churn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

/* The win-back the lapsed rule offers, and after how many days. */
struct winback {
	char *description, *kind;
	double value;
	int64_t days;
};

static int read_winback(catalog *c, struct winback *w, char **err)
{
	memset(w, 0, sizeof *w);
	w->days = CHURN_LAPSED_DAYS;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT description, kind, value, lapsed_days FROM offer_rules"
	           " WHERE trigger = 'lapsed' AND active = 1 ORDER BY id LIMIT 1", err);
	if (!st)
		return -1;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		w->description = catalog_column_dup(st, 0);
		w->kind = catalog_column_dup(st, 1);
		w->value = sqlite3_column_double(st, 2);
		if (sqlite3_column_int64(st, 3) > 0)
			w->days = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the offer rules");
	return 0;
}

static void release_items(struct churn_customer *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].customer);
		free(a[i].currency);
		free(a[i].offer);
		free(a[i].offer_kind);
	}
}

static int by_stake(const void *a, const void *b)
{
	const struct churn_customer *x = a, *y = b;
	double sx = x->risk * (double)x->spent_cents, sy = y->risk * (double)y->spent_cents;
	if (sx != sy)
		return sx < sy ? 1 : -1;
	return strcmp(x->customer, y->customer);
}

/* 1..5 by the rank among all customers: the least 1, the most 5, ties
 * alike (percent_rank spreads any number of customers over the range). */
#define SCORE(x) "1 + CAST(round(4 * percent_rank() OVER (ORDER BY " x ")) AS INTEGER)"

int churn_list(catalog *c, int64_t now, size_t limit, struct churn_customer **out, size_t *n,
               char **err)
{
	*out = NULL;
	*n = 0;
	struct winback w;
	if (read_winback(c, &w, err) < 0)
		return -1;
	sqlite3_stmt *st = catalog_prepare(
	        c, "WITH o AS (SELECT customer_id, unixepoch(placed_at) AS t, total_cents, currency"
	           "  FROM orders WHERE customer_id IS NOT NULL"
	           "  AND status NOT IN ('cancelled', 'returned') AND unixepoch(placed_at) <= ?1),"
	           " k AS (SELECT customer_id, count(*) AS n, sum(total_cents) AS m, min(t) AS first,"
	           "  max(t) AS last FROM o GROUP BY customer_id)"
	           " SELECT cu.external_id, k.n, k.m, k.first, k.last,"
	           "  " SCORE("k.last") ", " SCORE("k.n") ", " SCORE("k.m") ","
	           "  (SELECT currency FROM o WHERE o.customer_id = k.customer_id ORDER BY t DESC LIMIT 1)"
	           " FROM k JOIN customers cu ON cu.id = k.customer_id", err);
	if (!st) {
		free(w.description);
		free(w.kind);
		return -1;
	}
	sqlite3_bind_int64(st, 1, now);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t orders = sqlite3_column_int64(st, 1);
		int64_t first = sqlite3_column_int64(st, 3), last = sqlite3_column_int64(st, 4);
		int64_t days = (now - last) / 86400;
		double gap = orders > 1 ? (double)(last - first) / 86400.0 / (double)(orders - 1) : 0;
		/* a burst of orders on one day says little about a rhythm */
		double expected = orders > 1 ? CHURN_OVERDUE * (gap > 7 ? gap : 7) : (double)w.days;
		double risk = (double)days / expected;
		if (risk < 1)
			continue;
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = (struct churn_customer){
			.customer = catalog_column_dup(st, 0), .orders = orders,
			.spent_cents = sqlite3_column_int64(st, 2), .currency = catalog_column_dup(st, 8),
			.days_since = days, .usual_gap_days = round(gap * 10) / 10,
			.recency = sqlite3_column_int(st, 5), .frequency = sqlite3_column_int(st, 6),
			.monetary = sqlite3_column_int(st, 7), .risk = round(risk * 100) / 100,
			.reason = orders > 1 ? CHURN_OVERDUE_REPEAT : CHURN_LAPSED_SINGLE,
			.offer = w.description ? xstrdup(w.description) : NULL,
			.offer_kind = w.kind ? xstrdup(w.kind) : NULL, .offer_value = w.value,
		};
	}
	sqlite3_finalize(st);
	free(w.description);
	free(w.kind);
	if (step != SQLITE_DONE) {
		churn_free(*out, *n);
		*out = NULL;
		*n = 0;
		return catalog_fail(c, err, "scoring customers");
	}
	if (*n)
		qsort(*out, *n, sizeof **out, by_stake);
	if (limit && *n > limit) {
		release_items(*out + limit, *n - limit);
		*n = limit;
	}
	return 0;
}

void churn_free(struct churn_customer *a, size_t n)
{
	release_items(a, n);
	free(a);
}
