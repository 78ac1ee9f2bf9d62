/*
 * tui_report.c: the staff report as a kiosk screen: the figures of
 * `clerk staff report` for the last 30 days and the daily series drawn as
 * sparklines of block characters (ASCII steps on terminals without them).
 * The figures come from the catalog through session.h; this file only
 * draws them.
 */
#include "src/tui/tui_int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/spark.h"
#include "common/xalloc.h"

#define DAY 86400
#define REPORT_DAYS 30

void tui_report_release(struct tui *t)
{
	if (t->have_report)
		analytics_report_release(&t->report);
	t->have_report = false;
}

void tui_report_open(struct tui *t)
{
	int64_t until = ((int64_t)time(NULL) / DAY + 1) * DAY;
	char *err = NULL;
	tui_report_release(t);
	if (session_staff_report(t->d, until - REPORT_DAYS * DAY, until, &t->report, &err) < 0) {
		tui_set_notice(t, "cannot read the report: %s", err);
		free(err);
		return;
	}
	t->have_report = true;
	t->view = VIEW_STAFF_REPORT;
}

bool tui_report_key(struct tui *t, int key, bool code)
{
	(void)key;
	(void)code;
	tui_report_release(t);
	t->view = VIEW_STAFF;
	return true;
}

/* One daily series as "name  ▁▃▅█  total N": the last days that fit. */
static void series(struct tui *t, int y, int x, int w, const char *name, size_t field)
{
	const struct analytics_report *r = &t->report;
	int room = w - 16 - 14;
	if (room < 4 || !r->n_days)
		return;
	size_t n = r->n_days < (size_t)room ? r->n_days : (size_t)room;
	size_t from = r->n_days - n;
	double *v = xcalloc(n, sizeof *v), sum = 0;
	for (size_t i = 0; i < n; i++) {
		const struct analytics_day *d = &r->days[from + i];
		v[i] = field == 0   ? (double)d->conversations
		       : field == 1 ? (double)d->searches
		       : field == 2 ? (double)d->zero_results
		       : field == 3 ? (double)d->orders
		                    : d->revenue;
		sum += v[i];
	}
	char *line = spark_line(v, n, t->ascii);
	char head[32], tail[32];
	snprintf(head, sizeof head, "%-15s", name);
	snprintf(tail, sizeof tail, " %.0f", sum);
	tui_put(t, y, x, 16, head, ROLE_DIM);
	tui_put(t, y, x + 16, (int)n, line, ROLE_PRICE);
	tui_put(t, y, x + 16 + (int)n, w - 16 - (int)n, tail, ROLE_NORMAL);
	free(line);
	free(v);
}

void tui_report_draw(struct tui *t)
{
	struct rect b = tui_body(t);
	for (int y = 0; y < LINES; y++)
		mvhline(y, 0, ' ', COLS);
	tui_draw_box_title(t, (struct rect){0, 0, 1, COLS}, "clerk - kiosk");
	tui_draw_box_title(t, (struct rect){b.y, b.x, 1, b.w}, "Staff mode - report, last 30 days");
	struct rect r = {b.y + 2, b.x + 2, b.h - 2, b.w - 4};
	curs_set(0);
	if (!t->have_report)
		return;
	const struct analytics_report *a = &t->report;
	char line[8][160];
	snprintf(line[0], sizeof line[0], "Conversations %lld, turns %lld, searches %lld",
	         (long long)a->conversations, (long long)a->turns, (long long)a->searches);
	snprintf(line[1], sizeof line[1],
	         "Zero-result rate %.1f%%   out-of-scope rate %.1f%%", 100 * a->zero_result_rate,
	         100 * a->out_of_scope_rate);
	snprintf(line[2], sizeof line[2],
	         "Click-through: shown %.1f%%, recommended %.1f%%", 100 * a->ctr_shown,
	         100 * a->ctr_recommended);
	snprintf(line[3], sizeof line[3], "Add-to-cart rate %.1f%%   conversion rate %.1f%%",
	         100 * a->add_to_cart_rate, 100 * a->conversion_rate);
	snprintf(line[4], sizeof line[4],
	         "Orders %lld, revenue %.2f, average order %.2f, from recommendations %.2f",
	         (long long)a->orders, a->revenue, a->average_order_value, a->recommended_revenue);
	snprintf(line[5], sizeof line[5],
	         "Hand-offs %lld: open %lld, closed %lld (median %.1f h to close)",
	         (long long)a->handoffs, (long long)a->handoffs_open, (long long)a->handoffs_closed,
	         a->hours_to_close_median);
	snprintf(line[6], sizeof line[6],
	         "Kiosk orders: open %lld, paid %lld, picked up %lld, cancelled %lld",
	         (long long)a->kiosk_open, (long long)a->kiosk_paid, (long long)a->kiosk_picked_up,
	         (long long)a->kiosk_cancelled);
	snprintf(line[7], sizeof line[7], "Feedback %lld, negative %lld, flagged and open %lld",
	         (long long)a->feedback, (long long)a->feedback_negative, (long long)a->flags_open);
	int y = r.y;
	for (int i = 0; i < 8 && y < r.y + r.h - 1; i++)
		tui_put(t, y++, r.x, r.w, line[i], ROLE_NORMAL);
	y++;
	static const char *const names[] = {"conversations", "searches", "zero results", "orders",
	                                    "revenue"};
	for (size_t f = 0; f < 5 && y < r.y + r.h - 1; f++)
		series(t, y++, r.x, r.w, names[f], f);
	tui_put(t, r.y + r.h - 1, r.x, r.w, "any key: back to the menu", ROLE_DIM);
}
