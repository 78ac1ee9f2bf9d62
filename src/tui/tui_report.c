/*
 * tui_report.c: the staff report as a kiosk screen: the figures of
 * `clerk staff report` for the last 30 days and the daily series drawn as
 * sparklines of block characters (ASCII steps on terminals without them).
 * The figures come from the catalog through session.h; this file only
 * draws them. On a small screen the figures wrap and the report scrolls
 * (Up/Down, PgUp/PgDn), the last line saying how much is below.
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
	t->report_scroll = 0;
	t->view = VIEW_STAFF_REPORT;
}

/* Up/Down and PgUp/PgDn scroll (the painter stops them at the ends);
 * any other key goes back to the menu. */
bool tui_report_key(struct tui *t, int key, bool code)
{
	int page = t->report_page > 1 ? t->report_page - 1 : 1;
	if (code && (key == KEY_UP || key == KEY_DOWN)) {
		t->report_scroll += key == KEY_UP ? -1 : 1;
	} else if (code && (key == KEY_PPAGE || key == KEY_NPAGE)) {
		t->report_scroll += key == KEY_PPAGE ? -page : page;
	} else {
		tui_report_release(t);
		t->view = VIEW_STAFF;
	}
	if (t->report_scroll < 0)
		t->report_scroll = 0;
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
	enum { N_FIGURES = 8, N_SERIES = 5 };
	char line[N_FIGURES][160];
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
	/* the report as lines: the figures wrapped to the width (what does
	 * not fit the first line goes on under it, indented), a gap, then a
	 * line per daily series (series[] >= 0) */
	struct {
		char *text;
		int series;
	} *rows = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < N_FIGURES; i++) {
		size_t nw = 0;
		char **wrapped = layout_wrap_list(line[i], r.w - 2, &nw);
		rows = xgrow(rows, &cap, n + nw + 1, sizeof *rows);
		for (size_t k = 0; k < nw; k++, n++) {
			rows[n].text = xasprintf("%s%s", k ? "  " : "", wrapped[k]);
			rows[n].series = -1;
		}
		layout_lines_free(wrapped, nw);
	}
	rows = xgrow(rows, &cap, n + 1 + N_SERIES, sizeof *rows);
	rows[n].text = xstrdup("");
	rows[n++].series = -1;
	static const char *const names[N_SERIES] = {"conversations", "searches", "zero results",
	                                            "orders", "revenue"};
	for (int f = 0; f < N_SERIES; f++) {
		rows[n].text = xstrdup(names[f]);
		rows[n++].series = f;
	}
	int room = r.h - 1; /* the last line says what is below, and the keys */
	int max_scroll = (int)n > room ? (int)n - room : 0;
	if (t->report_scroll > max_scroll)
		t->report_scroll = max_scroll;
	t->report_page = room;
	for (int k = 0; k < room && (size_t)(t->report_scroll + k) < n; k++) {
		int y = r.y + k, idx = t->report_scroll + k;
		if (rows[idx].series >= 0)
			series(t, y, r.x, r.w, rows[idx].text, (size_t)rows[idx].series);
		else
			tui_put(t, y, r.x, r.w, rows[idx].text, ROLE_NORMAL);
	}
	int below = max_scroll - t->report_scroll;
	char keys[96];
	const char *plural = below == 1 ? "" : "s";
	if (below > 0) {
		snprintf(keys, sizeof keys, "%d more line%s (Down, PgDn); other keys: menu", below,
		         plural);
		if (layout_width(keys) > r.w) /* the keys that reach them, first */
			snprintf(keys, sizeof keys, "%d more line%s: Down, PgDn", below, plural);
	} else if (t->report_scroll > 0)
		snprintf(keys, sizeof keys, "the end (Up, PgUp); other keys: menu");
	else
		snprintf(keys, sizeof keys, "any key: back to the menu");
	tui_put(t, r.y + r.h - 1, r.x, r.w, keys, below > 0 ? ROLE_NOTICE : ROLE_DIM);
	for (size_t k = 0; k < n; k++)
		free(rows[k].text);
	free(rows);
}
