/*
 * forecast.c: demand forecasts from the order history (see forecast.h).
 */
#include "catalog/shop/forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define DAY 86400

/* ---- the model ---- */

/* One pass of damped additive Holt-Winters over y; the one-step-ahead
 * squared error, and (when out) the horizon after it. */
static double hw_pass(const double *y, size_t n, size_t m, double a, double b, double g,
                      double phi, size_t horizon, double *out)
{
	double level = 0, trend = 0, season[64];
	for (size_t i = 0; i < m; i++)
		level += y[i];
	level /= (double)m;
	double second = 0;
	for (size_t i = m; i < 2 * m; i++)
		second += y[i];
	trend = (second / (double)m - level) / (double)m;
	for (size_t i = 0; i < m; i++)
		season[i] = y[i] - level;
	double sse = 0;
	for (size_t t = m; t < n; t++) {
		double s = season[t % m];
		double pred = level + phi * trend + s;
		double e = y[t] - pred;
		sse += e * e;
		double last = level;
		level = a * (y[t] - s) + (1 - a) * (level + phi * trend);
		trend = b * (level - last) + (1 - b) * phi * trend;
		season[t % m] = g * (y[t] - level) + (1 - g) * s;
	}
	if (out) {
		double damp = 0, pow_phi = 1;
		for (size_t h = 0; h < horizon; h++) {
			pow_phi *= phi;
			damp += pow_phi;
			double v = level + damp * trend + season[(n + h) % m];
			out[h] = v > 0 ? v : 0;
		}
	}
	return sse;
}

void forecast_seasonal_naive(const double *y, size_t n, size_t season, size_t horizon,
                             double *out)
{
	for (size_t h = 0; h < horizon; h++) {
		if (!n) {
			out[h] = 0;
			continue;
		}
		size_t m = season && season <= n ? season : n;
		out[h] = y[n - m + (h % m)];
	}
}

void forecast_holt_winters(const double *y, size_t n, size_t season, size_t horizon, double *out,
                           struct forecast_fit *fit)
{
	struct forecast_fit best = {0, 0, 0, 1, INFINITY};
	if (season < 1 || season > 64 || n < 2 * season) {
		forecast_seasonal_naive(y, n, season, horizon, out);
		if (fit)
			*fit = (struct forecast_fit){0, 0, 0, 1, NAN};
		return;
	}
	/* a coarse grid: the surface is smooth and the series short, so this
	 * finds the basin as well as an optimizer would, and never diverges */
	static const double alphas[] = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7};
	static const double betas[] = {0, 0.01, 0.05, 0.15};
	static const double gammas[] = {0.01, 0.05, 0.1, 0.2, 0.4};
	static const double phis[] = {0.8, 0.9, 0.98};
	for (size_t i = 0; i < sizeof alphas / sizeof *alphas; i++)
		for (size_t j = 0; j < sizeof betas / sizeof *betas; j++)
			for (size_t k = 0; k < sizeof gammas / sizeof *gammas; k++)
				for (size_t l = 0; l < sizeof phis / sizeof *phis; l++) {
					if (betas[j] == 0 && l > 0)
						continue; /* no trend: phi does nothing */
					double sse = hw_pass(y, n, season, alphas[i], betas[j], gammas[k],
					                     phis[l], 0, NULL);
					if (sse < best.sse)
						best = (struct forecast_fit){alphas[i], betas[j], gammas[k],
						                             phis[l], sse};
				}
	hw_pass(y, n, season, best.alpha, best.beta, best.gamma, best.phi, horizon, out);
	if (fit)
		*fit = best;
}

double forecast_smape(const double *actual, const double *predicted, size_t n)
{
	if (!n)
		return 0;
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		double d = fabs(actual[i]) + fabs(predicted[i]);
		if (d > 0)
			sum += 2 * fabs(predicted[i] - actual[i]) / d;
	}
	return 100 * sum / (double)n;
}

/* ---- reading the history ---- */

#define FILTERS                                                                         \
	" FROM order_items oi JOIN orders o ON o.id = oi.order_id"                        \
	" LEFT JOIN products p ON p.id = oi.product_id"                                   \
	" LEFT JOIN categories cat ON cat.id = p.category_id"                             \
	" WHERE o.status <> 'cancelled'"                                                  \
	" AND unixepoch(o.placed_at) >= ?1 AND unixepoch(o.placed_at) < ?2"              \
	" AND (?3 IS NULL OR cat.path = ?3 COLLATE NOCASE OR cat.name = ?3 COLLATE NOCASE" \
	"   OR cat.path LIKE ?3 || ' > %' OR cat.path LIKE '% > ' || ?3 || ' > %')"         \
	" AND (?4 IS NULL OR upper(replace(coalesce(o.postcode, ''), ' ', ''))"           \
	"   LIKE upper(replace(?4, ' ', '')) || '%')"                                      \
	" AND (?5 IS NULL OR p.source_id = ?5)"

static void bind_filters(sqlite3_stmt *st, const struct forecast_query *q, int64_t first,
                         int64_t end, const char *product)
{
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, end);
	catalog_bind_text(st, 3, q->category);
	catalog_bind_text(st, 4, q->region);
	catalog_bind_text(st, 5, product);
}

/* The daily units of the orders that pass the filters (one product's
 * when product is not NULL) into y[0..days). */
static int daily_units(catalog *c, const struct forecast_query *q, int64_t first, int64_t end,
                       const char *product, double *y, size_t days, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT (unixepoch(o.placed_at) - ?1) / 86400 AS d, total(oi.quantity)" FILTERS
	           " GROUP BY d", err);
	if (!st)
		return -1;
	bind_filters(st, q, first, end, product);
	memset(y, 0, days * sizeof *y);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		if (d >= 0 && (size_t)d < days)
			y[d] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading the order history");
}

/* The end of the history: the day after the latest order (or today), at
 * midnight. */
static int history_end(catalog *c, int64_t *end, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT max(unixepoch(placed_at)) FROM orders WHERE status <> 'cancelled'", err);
	if (!st)
		return -1;
	int step = sqlite3_step(st);
	/* no orders yet: the history ends today */
	int64_t last = step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
	                       ? sqlite3_column_int64(st, 0)
	                       : (int64_t)time(NULL);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return catalog_fail(c, err, "reading the order history");
	*end = (last / DAY + 1) * DAY;
	return 0;
}

static void series_model(struct forecast_series *s, int horizon)
{
	size_t n = s->n_history, h = (size_t)horizon;
	s->forecast = xcalloc(h ? h : 1, sizeof *s->forecast);
	forecast_holt_winters(s->history, n, FORECAST_SEASON, h, s->forecast, &s->fit);
	s->horizon_total = 0;
	for (size_t i = 0; i < h; i++)
		s->horizon_total += s->forecast[i];
	s->smape = s->smape_naive = -1;
	size_t hold = FORECAST_BACKTEST_DAYS;
	if (n >= hold + 2 * FORECAST_SEASON) {
		double *pred = xcalloc(hold, sizeof *pred);
		double *naive = xcalloc(hold, sizeof *naive);
		forecast_holt_winters(s->history, n - hold, FORECAST_SEASON, hold, pred, NULL);
		forecast_seasonal_naive(s->history, n - hold, FORECAST_SEASON, hold, naive);
		s->smape = forecast_smape(s->history + n - hold, pred, hold);
		s->smape_naive = forecast_smape(s->history + n - hold, naive, hold);
		free(pred);
		free(naive);
	}
	s->stockout_day = -1;
	s->reorder = 0;
	if (s->stock >= 0) {
		double left = (double)s->stock;
		for (size_t i = 0; i < h; i++) {
			left -= s->forecast[i];
			if (left < 0 && s->stockout_day < 0)
				s->stockout_day = (int)i;
		}
		if (left < 0)
			s->reorder = ceil(-left);
	}
}

/* The best sellers of the last four weeks of the history. */
static int top_products(catalog *c, const struct forecast_query *q, int64_t end,
                        struct forecast_series **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	if (!q->top)
		return 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.source_id, p.name, p.stock, total(oi.quantity) AS u" FILTERS
	           " AND p.id IS NOT NULL GROUP BY p.id ORDER BY u DESC, p.source_id LIMIT ?6", err);
	if (!st)
		return -1;
	bind_filters(st, q, end - FORECAST_BACKTEST_DAYS * DAY, end, q->product);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)q->top);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct forecast_series *s = &(*out)[(*n)++];
		memset(s, 0, sizeof *s);
		s->id = xstrdup((const char *)sqlite3_column_text(st, 0));
		s->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		s->stock = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading the best sellers");
}

int forecast_run(catalog *c, const struct forecast_query *q, struct forecast_result *out,
                 char **err)
{
	memset(out, 0, sizeof *out);
	if (q->horizon < 1 || q->horizon > 365) {
		if (err)
			*err = xasprintf("the horizon must be 1 to 365 days, not %d", q->horizon);
		return -1;
	}
	int history = q->history ? q->history : FORECAST_DEFAULT_HISTORY;
	if (history < FORECAST_BACKTEST_DAYS || history > 3650) {
		if (err)
			*err = xasprintf("the history must be 28 to 3650 days, not %d", history);
		return -1;
	}
	struct catalog_read tx = catalog_read_begin(c);
	int rc = -1;
	int64_t end = q->end;
	if (!end && history_end(c, &end, err) < 0)
		goto cleanup;
	out->first_day = end - (int64_t)history * DAY;
	out->horizon = q->horizon;
	struct forecast_series *t = &out->total;
	t->name = xstrdup(q->product ? q->product : q->category ? q->category : "all products");
	t->stock = -1;
	t->n_history = (size_t)history;
	t->history = xcalloc(t->n_history, sizeof *t->history);
	if (daily_units(c, q, out->first_day, end, q->product, t->history, t->n_history, err) < 0)
		goto cleanup;
	series_model(t, q->horizon);
	if (top_products(c, q, end, &out->products, &out->n_products, err) < 0)
		goto cleanup;
	for (size_t i = 0; i < out->n_products; i++) {
		struct forecast_series *s = &out->products[i];
		s->n_history = (size_t)history;
		s->history = xcalloc(s->n_history, sizeof *s->history);
		if (daily_units(c, q, out->first_day, end, s->id, s->history, s->n_history, err) < 0)
			goto cleanup;
		series_model(s, q->horizon);
	}
	rc = 0;
cleanup:
	catalog_read_end(c, tx);
	if (rc < 0)
		forecast_result_release(out);
	return rc;
}

static void series_release(struct forecast_series *s)
{
	free(s->id);
	free(s->name);
	free(s->history);
	free(s->forecast);
}

void forecast_result_release(struct forecast_result *r)
{
	series_release(&r->total);
	for (size_t i = 0; r->products && i < r->n_products; i++)
		series_release(&r->products[i]);
	free(r->products);
	memset(r, 0, sizeof *r);
}
