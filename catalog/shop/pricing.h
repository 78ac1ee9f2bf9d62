/*
 * pricing: suggested price changes, within bounds staff set, and the
 * staff command that applies one. Nothing here changes a price on its own:
 * pricing_suggest() only reads; pricing_apply() is the one writer, run by
 * staff, and logs every change (price_changes and the staff log).
 *
 * Elasticity: per product, the slope of log weekly units on log average
 * unit price over the weeks it sold (at least PRICING_MIN_WEEKS, with the
 * price varying); when a product's own history cannot tell, the pooled
 * slope of its category (each product's logs centred on its own means).
 * Demand is not stationary (seasons, promotions), so a slope whose t-value
 * is under 2 is not used.
 *
 * The suggestion: with a cost and elastic demand (e < -1), the price that
 * maximizes profit at constant elasticity, cost * e / (1 + e); with
 * inelastic demand (-1 <= e < 0), a rise (revenue and profit both grow).
 * Stock then pulls: many weeks of cover ask for a cut, too few for no cut.
 * The result is clamped to the bounds: never below cost / (1 - min
 * margin), never more than max_change from the price a week ago. Changes
 * under 1% are not suggested.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_PRICING_H
#define CLERK_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define PRICING_MIN_WEEKS 6
#define PRICING_OVERSTOCK_WEEKS 12.0
#define PRICING_LOW_STOCK_WEEKS 2.0

struct pricing_bounds {
	double min_margin; /* (price - cost) / price at least this (0.15) */
	double max_change; /* a price moves at most this fraction a week (0.10) */
};

/* The bounds staff set (settings pricing.min_margin, pricing.max_change),
 * or the defaults. */
int pricing_bounds_get(catalog *c, struct pricing_bounds *out, char **err);
/* min_margin in [0, 0.95], max_change in (0, 1]. */
int pricing_bounds_set(catalog *c, const struct pricing_bounds *b, char **err);

/* What a product costs the shop, in cents (used for the margin). */
int pricing_set_cost(catalog *c, const char *product, int64_t cost_cents, char **err);

struct price_suggestion {
	char *product;       /* source id */
	char *name;
	int64_t price_cents; /* now */
	int64_t suggested_cents;
	int64_t cost_cents;  /* -1 when unknown */
	double elasticity;   /* NAN when not estimated */
	double elasticity_se;
	bool pooled;         /* the category's slope, not the product's */
	int weeks;           /* weeks of sales the slope rests on */
	int64_t stock;       /* -1 when unknown */
	double weeks_of_cover; /* stock / recent weekly units; -1 when unknown */
	char *reason;        /* one sentence */
};

struct pricing_query {
	const char *category; /* NULL for every product */
	int64_t end;          /* unix time the history ends (exclusive); 0: now */
	int weeks;            /* weeks of history to read (0: 26) */
	size_t limit;         /* at most this many suggestions (0: 50), largest changes first */
};

int pricing_suggest(catalog *c, const struct pricing_query *q, struct price_suggestion **out,
                    size_t *n, char **err);
void price_suggestions_free(struct price_suggestion *s, size_t n);

/* The price the bounds allow nearest to `want` for a product priced
 * `week_ago` cents a week ago, costing cost (-1: unknown). Pure. */
int64_t pricing_clamp(int64_t want, int64_t week_ago, int64_t cost, const struct pricing_bounds *b);

/* Sets product's price to new_cents, logged with staff (may be NULL) and
 * reason; refused when outside the bounds unless force. */
int pricing_apply(catalog *c, const char *product, int64_t new_cents, const char *staff,
                  const char *reason, bool force, char **err);

struct price_change {
	char *product, *name;
	int64_t old_cents, new_cents;
	char *staff, *reason;
	int64_t at;
};
int pricing_changes(catalog *c, size_t limit, struct price_change **out, size_t *n, char **err);
void price_changes_free(struct price_change *p, size_t n);

#endif
