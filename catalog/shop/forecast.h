/*
 * forecast: daily demand (units ordered) of the shop, a category, a region
 * or one product, from the order history, with weekly seasonality: Holt-
 * Winters (additive season of 7 days, damped additive trend, smoothing
 * constants chosen by the least one-step-ahead squared error on the
 * history). Beside it, a backtest: the last four weeks are held out, the
 * model fitted on what came before forecasts them, and its sMAPE is
 * printed next to the seasonal-naive forecast's (each day the same as the
 * same weekday of the last week seen). A product whose stock runs out
 * before the horizon gets a reorder hint.
 *
 * A region is the leading part of the orders' postcodes ("SW" matches
 * SW1A 1AA); the history ends with the day of the latest order unless the
 * query says otherwise. Cancelled orders are not demand.
 *
 * Errors: 0 / -1 with a heap message in *err; forecast_result_release()
 * frees a result. The model functions are pure (arrays in, arrays out).
 */
#ifndef CLERK_FORECAST_H
#define CLERK_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define FORECAST_SEASON 7
#define FORECAST_BACKTEST_DAYS 28
#define FORECAST_DEFAULT_HISTORY 182

/* Holt-Winters' constants and how well they fit. */
struct forecast_fit {
	double alpha, beta, gamma, phi;
	double sse; /* one-step-ahead squared error over the history */
};

/* Fits y[0..n) (n >= 2 seasons; else the seasonal naive is used) and
 * writes the next horizon values to out (never below 0). fit may be NULL. */
void forecast_holt_winters(const double *y, size_t n, size_t season, size_t horizon, double *out,
                           struct forecast_fit *fit);
/* Each future day as the same day of the last season seen. */
void forecast_seasonal_naive(const double *y, size_t n, size_t season, size_t horizon,
                             double *out);
/* Symmetric mean absolute percentage error, in percent (0..200); a day
 * where both are 0 counts as no error. */
double forecast_smape(const double *actual, const double *predicted, size_t n);

struct forecast_query {
	const char *category; /* a category name or path (its subcategories count), or NULL */
	const char *region;   /* a postcode prefix, or NULL */
	const char *product;  /* one product's source id, or NULL */
	int horizon;          /* days to forecast (1..365) */
	int history;          /* days of history to read (>= 28; 0: FORECAST_DEFAULT_HISTORY) */
	int64_t end;          /* unix time the history ends (exclusive); 0: the day after the
	                         latest order */
	size_t top;           /* products forecast one by one (the best sellers of the last
	                         four weeks); 0 for none */
};

struct forecast_series {
	char *id;      /* a product's source id; NULL for the total */
	char *name;    /* the product's name, or what the total covers */
	int64_t stock; /* units in stock, -1 when unknown (the total) */
	double *history; /* n_history days, oldest first */
	size_t n_history;
	double *forecast; /* horizon days */
	double horizon_total;
	double smape, smape_naive; /* the backtest, percent; -1 when too short */
	struct forecast_fit fit;
	int stockout_day;   /* the forecast day (0 = first) stock runs out; -1 when it lasts */
	double reorder;     /* units to order so stock lasts the horizon (0: none needed) */
};

struct forecast_result {
	int64_t first_day;  /* unix time of history[0] */
	int horizon;
	struct forecast_series total;
	struct forecast_series *products;
	size_t n_products;
};

int forecast_run(catalog *c, const struct forecast_query *q, struct forecast_result *out,
                 char **err);
void forecast_result_release(struct forecast_result *r);

#endif
