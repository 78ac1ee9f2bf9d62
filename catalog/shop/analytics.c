/*
 * analytics.c: the staff report's figures (defined in analytics.h), one
 * query each, inside one read transaction so that they agree.
 *
 * Orders are placed at an ISO date or time (orders.placed_at); events at a
 * unix time. unixepoch() reads both forms of placed_at.
 */
#include "catalog/shop/analytics.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define DAY 86400
#define MAX_DAYS 366

/* A JSON array of ids in detail, or an empty one: json_each() fails on
 * text that is not JSON, and a hand-written event may hold anything. */
#define IDS(col) "json_each(CASE WHEN json_valid(" col ") THEN " col " ELSE '[]' END)"

/* Runs sql with ?1 = since and ?2 = until and reads the first row's
 * columns as numbers into out[0..n). */
static int row(catalog *c, const char *sql, int64_t since, int64_t until, double *out, int n,
               char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			out[i] = sqlite3_column_double(st, i);
	else
		memset(out, 0, sizeof *out * (size_t)n);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the staff report");
	return 0;
}

/* The most common texts of events of one kind in the period. */
static int top(catalog *c, const char *kind, int64_t since, int64_t until,
               struct analytics_count **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT lower(trim(detail)) AS t, count(*) AS k FROM events"
	           " WHERE kind = ?3 AND at >= ?1 AND at < ?2 AND trim(coalesce(detail, '')) <> ''"
	           " GROUP BY t ORDER BY k DESC, t LIMIT ?4", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	catalog_bind_text(st, 3, kind);
	sqlite3_bind_int(st, 4, ANALYTICS_TOP);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[*n].text = xstrdup((const char *)sqlite3_column_text(st, 0));
		(*out)[*n].count = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading the staff report");
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

static int conversation_figures(catalog *c, struct analytics_report *r, char **err)
{
	double v[7];
	if (row(c, "SELECT"
	           " (SELECT count(*) FROM events WHERE kind = 'turn' AND at >= ?1 AND at < ?2),"
	           " (SELECT count(DISTINCT session) FROM events WHERE at >= ?1 AND at < ?2),"
	           " (SELECT count(*) FROM events WHERE kind IN ('search', 'search_empty')"
	           "   AND at >= ?1 AND at < ?2),"
	           " (SELECT count(*) FROM events WHERE kind = 'search_empty' AND at >= ?1 AND at < ?2),"
	           " (SELECT count(DISTINCT session) FROM events WHERE kind = 'add_to_cart'"
	           "   AND at >= ?1 AND at < ?2),"
	           " (SELECT count(DISTINCT session) FROM events WHERE kind = 'checkout'"
	           "   AND at >= ?1 AND at < ?2),"
	           " (SELECT count(*) FROM events WHERE kind = 'out_of_scope' AND at >= ?1 AND at < ?2)",
	        r->since, r->until, v, 7, err) < 0)
		return -1;
	r->turns = (int64_t)v[0];
	r->conversations = (int64_t)v[1];
	r->searches = (int64_t)v[2];
	r->zero_results = (int64_t)v[3];
	r->carting = (int64_t)v[4];
	r->converting = (int64_t)v[5];
	r->out_of_scope = (int64_t)v[6];
	r->zero_result_rate = ratio(v[3], v[2]);
	r->add_to_cart_rate = ratio(v[4], v[1]);
	r->conversion_rate = ratio(v[5], v[1]);
	r->out_of_scope_rate = ratio(v[6], v[0]);
	return 0;
}

/* Pairs (session, product) shown by events of `kind`, and how many of
 * them the session opened or carted afterwards. */
static int click_through(catalog *c, const char *kind, int64_t since, int64_t until,
                         int64_t *pairs, int64_t *clicked, char **err)
{
	char *sql = xasprintf(
	        "WITH s AS (SELECT e.session, (SELECT id FROM products WHERE source_id = j.value) AS pid,"
	        "   min(e.at) AS at FROM events e, " IDS("e.detail")
	        "   j WHERE e.kind = '%s' AND e.at >= ?1 AND e.at < ?2 AND e.session IS NOT NULL"
	        "   GROUP BY e.session, j.value)"
	        " SELECT count(*), total(EXISTS (SELECT 1 FROM events k WHERE k.session = s.session"
	        "   AND k.at >= s.at AND k.product_id = s.pid AND k.kind IN ('view', 'add_to_cart')))"
	        " FROM s",
	        kind);
	double v[2];
	int rc = row(c, sql, since, until, v, 2, err);
	free(sql);
	*pairs = (int64_t)v[0];
	*clicked = (int64_t)v[1];
	return rc;
}

static int order_figures(catalog *c, struct analytics_report *r, char **err)
{
	double v[3];
	if (row(c, "SELECT count(*), total(total_cents) / 100.0 FROM orders"
	           " WHERE status <> 'cancelled' AND unixepoch(placed_at) >= ?1"
	           " AND unixepoch(placed_at) < ?2",
	        r->since, r->until, v, 2, err) < 0)
		return -1;
	r->orders = (int64_t)v[0];
	r->revenue = v[1];
	r->average_order_value = ratio(v[1], v[0]);
	if (row(c, "SELECT total(oi.price_cents * oi.quantity) / 100.0 FROM events k"
	           " JOIN orders o ON o.source_id = k.detail AND o.status <> 'cancelled'"
	           " JOIN order_items oi ON oi.order_id = o.id"
	           " JOIN products p ON p.id = oi.product_id"
	           " WHERE k.kind = 'checkout' AND k.at >= ?1 AND k.at < ?2 AND k.session IS NOT NULL"
	           " AND EXISTS (SELECT 1 FROM events e, " IDS("e.detail") " j"
	           "   WHERE e.session = k.session AND e.kind = 'recommended' AND e.at <= k.at"
	           "   AND j.value = p.source_id)",
	        r->since, r->until, v, 1, err) < 0)
		return -1;
	r->recommended_revenue = v[0];
	/* lifetime value: every order of a customer up to the end */
	static const char *const names[ANALYTICS_SEGMENTS] = {"1 order", "2-4 orders", "5+ orders"};
	sqlite3_stmt *st = catalog_prepare(
	        c, "WITH per AS (SELECT customer_id, count(*) AS n, total(total_cents) / 100.0 AS v"
	           "   FROM orders WHERE customer_id IS NOT NULL AND status <> 'cancelled'"
	           "   AND unixepoch(placed_at) < ?1 GROUP BY customer_id)"
	           " SELECT CASE WHEN n >= 5 THEN 2 WHEN n >= 2 THEN 1 ELSE 0 END AS seg,"
	           "   count(*), total(v) FROM per GROUP BY seg",
	        err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->until);
	for (int i = 0; i < ANALYTICS_SEGMENTS; i++)
		r->segments[i].name = names[i];
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int seg = sqlite3_column_int(st, 0);
		if (seg < 0 || seg >= ANALYTICS_SEGMENTS)
			continue;
		struct analytics_segment *s = &r->segments[seg];
		s->customers = sqlite3_column_int64(st, 1);
		s->revenue = sqlite3_column_double(st, 2);
		s->lifetime_value = ratio(s->revenue, (double)s->customers);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading customer value");
}

static int handoff_figures(catalog *c, struct analytics_report *r, char **err)
{
	double v[4];
	if (row(c, "SELECT count(*), total(closed_at IS NULL), total(closed_at IS NOT NULL),"
	           " avg(CASE WHEN closed_at IS NOT NULL THEN (closed_at - at) / 3600.0 END)"
	           " FROM handoffs WHERE at >= ?1 AND at < ?2",
	        r->since, r->until, v, 4, err) < 0)
		return -1;
	r->handoffs = (int64_t)v[0];
	r->handoffs_open = (int64_t)v[1];
	r->handoffs_closed = (int64_t)v[2];
	r->hours_to_close_mean = v[3];
	/* the median: the middle one (or the mean of the middle two) */
	if (r->handoffs_closed &&
	    row(c, "SELECT avg(h) FROM (SELECT (closed_at - at) / 3600.0 AS h FROM handoffs"
	           " WHERE at >= ?1 AND at < ?2 AND closed_at IS NOT NULL ORDER BY h"
	           " LIMIT 2 - (SELECT count(*) FROM handoffs WHERE at >= ?1 AND at < ?2"
	           "   AND closed_at IS NOT NULL) % 2"
	           " OFFSET ((SELECT count(*) FROM handoffs WHERE at >= ?1 AND at < ?2"
	           "   AND closed_at IS NOT NULL) - 1) / 2)",
	        r->since, r->until, v, 1, err) < 0)
		return -1;
	r->hours_to_close_median = r->handoffs_closed ? v[0] : 0;
	double f[7];
	if (row(c, "SELECT"
	           " (SELECT count(*) FROM events WHERE kind = 'feedback' AND at >= ?1 AND at < ?2),"
	           " (SELECT count(*) FROM events WHERE kind = 'feedback' AND at >= ?1 AND at < ?2"
	           "   AND CAST(detail AS REAL) < 0),"
	           " (SELECT count(*) FROM feedback_flags WHERE closed_at IS NULL),"
	           " (SELECT count(*) FROM kiosk_orders WHERE state = 'open'),"
	           " (SELECT count(*) FROM kiosk_orders WHERE state = 'paid'),"
	           " (SELECT count(*) FROM kiosk_orders WHERE state = 'picked_up'"
	           "   AND created_at >= ?1 AND created_at < ?2),"
	           " (SELECT count(*) FROM kiosk_orders WHERE state = 'cancelled'"
	           "   AND created_at >= ?1 AND created_at < ?2)",
	        r->since, r->until, f, 7, err) < 0)
		return -1;
	r->feedback = (int64_t)f[0];
	r->feedback_negative = (int64_t)f[1];
	r->flags_open = (int64_t)f[2];
	r->kiosk_open = (int64_t)f[3];
	r->kiosk_paid = (int64_t)f[4];
	r->kiosk_picked_up = (int64_t)f[5];
	r->kiosk_cancelled = (int64_t)f[6];
	return 0;
}

static int daily(catalog *c, struct analytics_report *r, char **err)
{
	int64_t first = r->since - ((r->since % DAY) + DAY) % DAY;
	int64_t days = (r->until - first + DAY - 1) / DAY;
	if (days <= 0 || days > MAX_DAYS)
		return 0;
	r->n_days = (size_t)days;
	r->days = xcalloc(r->n_days, sizeof *r->days);
	for (size_t i = 0; i < r->n_days; i++)
		r->days[i].day = first + (int64_t)i * DAY;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT (at - ?3) / 86400 AS d, count(DISTINCT session),"
	           " total(kind IN ('search', 'search_empty')), total(kind = 'search_empty')"
	           " FROM events WHERE at >= ?1 AND at < ?2 GROUP BY d", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->since);
	sqlite3_bind_int64(st, 2, r->until);
	sqlite3_bind_int64(st, 3, first);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		if (d < 0 || d >= days)
			continue;
		r->days[d].conversations = sqlite3_column_int64(st, 1);
		r->days[d].searches = (int64_t)sqlite3_column_double(st, 2);
		r->days[d].zero_results = (int64_t)sqlite3_column_double(st, 3);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the daily series");
	st = catalog_prepare(
	        c, "SELECT (unixepoch(placed_at) - ?3) / 86400 AS d, count(*), total(total_cents) / 100.0"
	           " FROM orders WHERE status <> 'cancelled' AND unixepoch(placed_at) >= ?1"
	           " AND unixepoch(placed_at) < ?2 GROUP BY d", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, r->since);
	sqlite3_bind_int64(st, 2, r->until);
	sqlite3_bind_int64(st, 3, first);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		if (d < 0 || d >= days)
			continue;
		r->days[d].orders = sqlite3_column_int64(st, 1);
		r->days[d].revenue = sqlite3_column_double(st, 2);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading the daily series");
}

int analytics_report(catalog *c, int64_t since, int64_t until, struct analytics_report *out,
                     char **err)
{
	memset(out, 0, sizeof *out);
	out->since = since;
	out->until = until;
	struct catalog_read tx = catalog_read_begin(c);
	int rc = -1;
	if (conversation_figures(c, out, err) < 0 ||
	    top(c, "search_empty", since, until, &out->top_zero, &out->n_top_zero, err) < 0 ||
	    top(c, "out_of_scope", since, until, &out->top_out_of_scope, &out->n_top_out_of_scope,
	        err) < 0 ||
	    click_through(c, "shown", since, until, &out->shown, &out->shown_clicked, err) < 0 ||
	    click_through(c, "recommended", since, until, &out->recommended,
	                  &out->recommended_clicked, err) < 0 ||
	    order_figures(c, out, err) < 0 || handoff_figures(c, out, err) < 0 ||
	    daily(c, out, err) < 0)
		goto cleanup;
	out->ctr_shown = ratio((double)out->shown_clicked, (double)out->shown);
	out->ctr_recommended = ratio((double)out->recommended_clicked, (double)out->recommended);
	rc = 0;
cleanup:
	catalog_read_end(c, tx);
	if (rc < 0)
		analytics_report_release(out);
	return rc;
}

static void counts_free(struct analytics_count *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++)
		free(a[i].text);
	free(a);
}

void analytics_report_release(struct analytics_report *r)
{
	counts_free(r->top_zero, r->n_top_zero);
	counts_free(r->top_out_of_scope, r->n_top_out_of_scope);
	free(r->days);
	memset(r, 0, sizeof *r);
}
