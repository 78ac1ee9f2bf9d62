/*
 * recommend_model: builds the recommender's model from the catalog's order
 * lines and events and stores it in the catalog (recommend_items,
 * recommend_lists), where recommend_run() reads it.
 *
 * What goes in: each order that is not cancelled is a basket of the
 * products on its lines; the products a shopper viewed, compared or carted
 * on one day are a browsing basket, weighted half, that adds to "viewed
 * together" but not to the "bought together" counts. The blend of item
 * cosine, EASE and popularity is tuned by cross-validation on the baskets
 * (catalog/recommend/model.h), on a sample of them when there are many.
 * Trend scores decay with a half-life of RECOMMEND_TREND_HALF_LIFE_DAYS
 * from the newest order or event. The whole rebuild is one transaction.
 *
 * The model records what it was built from (the newest order and event);
 * recommend_model_state() compares that with the catalog, so a model is
 * rebuilt only when orders or events were added since.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_RECOMMEND_MODEL_H
#define CLERK_RECOMMEND_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/store/catalog.h"

#define RECOMMEND_TREND_HALF_LIFE_DAYS 7

enum recommend_model_state {
	RECOMMEND_MODEL_NONE,  /* never built */
	RECOMMEND_MODEL_STALE, /* orders or events were added since */
	RECOMMEND_MODEL_FRESH,
};

struct recommend_build_stats {
	size_t orders;     /* purchase baskets */
	size_t lines;      /* their distinct product lines */
	size_t sessions;   /* browsing baskets from events */
	size_t products;   /* products in the model */
	size_t neighbors;  /* neighbour entries stored */
	size_t tuned_on;   /* baskets the blend was tuned on */
	double tune_hit;   /* the chosen blend's cross-validated hit rate at 10 */
	char params[160];  /* the chosen blend, as text */
	double read_s, fit_s, write_s;             /* wall time */
	double read_cpu_s, fit_cpu_s, write_cpu_s; /* the process's CPU time */
};

int recommend_model_state(catalog *c, enum recommend_model_state *out, char **err);

/* Rebuilds the model from scratch; stats (may be NULL) says what it saw. */
int recommend_model_build(catalog *c, struct recommend_build_stats *stats, char **err);

/* Rebuilds only when the model is missing or stale; *built (may be NULL)
 * says whether it did. */
int recommend_model_refresh(catalog *c, bool *built, char **err);

#endif
