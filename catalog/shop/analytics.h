/*
 * analytics: the figures staff judge the assistant by, read from the event
 * log, the orders and the hand-offs over a period [since, until) (unix
 * times). Each figure is defined once, here, and in the README's "Staff
 * analytics" section in the same words:
 *
 *   conversations     sessions with at least one event in the period
 *   searches          searches run ('search' and 'search_empty' events)
 *   zero-result rate  searches that found nothing / searches
 *   click-through     (session, product) pairs shown ('shown' events) that
 *                     the same session then opened or added to its cart /
 *                     pairs shown; the same for recommended products
 *   add-to-cart rate  conversations that added something / conversations
 *   conversion rate   conversations that placed an order / conversations
 *   average order     order totals / orders placed in the period, not
 *   value             counting cancelled ones
 *   recommended       order lines placed from a conversation that had
 *   revenue           recommended that product before the checkout
 *   lifetime value    per customer, all order totals up to `until`,
 *                     averaged per segment (one order, 2-4, 5 or more)
 *   hand-offs         asked for in the period; open and closed now; mean
 *                     and median hours from request to close
 *   out-of-scope rate turns answered as out of scope / turns
 *
 * Reads only. Errors: 0 / -1 with a heap message in *err; a report is
 * released with analytics_report_release().
 */
#ifndef CLERK_ANALYTICS_H
#define CLERK_ANALYTICS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define ANALYTICS_TOP 10 /* entries in each "most common" list */

struct analytics_count {
	char *text;
	int64_t count;
};

struct analytics_segment {
	const char *name; /* "1 order", "2-4 orders", "5+ orders" (static) */
	int64_t customers;
	double revenue;   /* in the main currency unit */
	double lifetime_value; /* revenue / customers */
};

struct analytics_day {
	int64_t day; /* unix time of the day's start (UTC) */
	int64_t conversations, searches, zero_results, orders;
	double revenue;
};

#define ANALYTICS_SEGMENTS 3

struct analytics_report {
	int64_t since, until;
	int64_t turns, conversations, searches, zero_results;
	double zero_result_rate;
	struct analytics_count *top_zero; /* the queries that found nothing, most common first */
	size_t n_top_zero;
	int64_t shown, shown_clicked, recommended, recommended_clicked;
	double ctr_shown, ctr_recommended;
	int64_t carting, converting; /* conversations that added to a cart, that ordered */
	double add_to_cart_rate, conversion_rate;
	int64_t orders;
	double revenue, average_order_value, recommended_revenue;
	struct analytics_segment segments[ANALYTICS_SEGMENTS];
	int64_t handoffs, handoffs_open, handoffs_closed;
	double hours_to_close_mean, hours_to_close_median; /* 0 when none closed */
	int64_t out_of_scope;
	double out_of_scope_rate;
	struct analytics_count *top_out_of_scope;
	size_t n_top_out_of_scope;
	int64_t feedback, feedback_negative, flags_open;
	int64_t kiosk_open, kiosk_paid, kiosk_picked_up, kiosk_cancelled;
	struct analytics_day *days; /* one per day of the period, oldest first */
	size_t n_days;
};

/* The report over [since, until). A period longer than 366 days keeps its
 * figures but no daily series. */
int analytics_report(catalog *c, int64_t since, int64_t until, struct analytics_report *out,
                     char **err);
void analytics_report_release(struct analytics_report *r);

#endif
