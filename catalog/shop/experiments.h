/*
 * experiments: A/B tests kept in the catalog. An experiment has a name,
 * two or more variants (the first is the control), the metric it is
 * judged by and a random salt. A unit (a customer's external id, or a
 * session id for a guest) gets variant number hash(salt, unit) mod the
 * number of variants: deterministic, so the same customer sees the same
 * variant after a restart and on another till, and independent between
 * experiments, whose salts differ. The first lookup records the unit's
 * assignment with the time (its exposure); from then on every event of
 * that customer or session carries "name=variant" in events.variants.
 *
 * Code that switches a behaviour asks experiment_variant() with the
 * experiment's name: "recommend_blend", "ranking_nudge", "reply_style" or
 * any other a shop defines; when no such experiment runs the answer is
 * NULL and the caller keeps its default.
 *
 * Metrics, per exposed unit and counting only what it did after its
 * exposure: conversion (placed an order), add_to_cart (added something),
 * click_through (opened a product's details), all rates; revenue (the
 * order totals it placed, a mean). The report compares each variant with
 * the control: a two-proportion z-test for rates, Welch's t-test for the
 * mean, a 95% confidence interval and a two-sided p-value (stats.h).
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h. What is
 * returned through out-parameters is freed by the matching _free() or
 * _release().
 */
#ifndef CLERK_EXPERIMENTS_H
#define CLERK_EXPERIMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/shop/stats.h"
#include "catalog/store/catalog.h"

#define EXPERIMENT_MAX_VARIANTS 8
#define EXPERIMENT_LEVEL 0.95

/* Is metric one of the names experiment_add() takes? */
bool experiment_metric_known(const char *metric);

/* Defines and starts an experiment. variants: comma-separated names (2 to
 * EXPERIMENT_MAX_VARIANTS, distinct, letters, digits, '_' or '-'); metric
 * one of conversion, add_to_cart, click_through, revenue. salt NULL makes
 * a random one. A name already used is an error. */
int experiment_add(catalog *c, const char *name, const char *variants, const char *metric,
                   const char *salt, char **err);
/* Stops assigning: experiment_variant() answers NULL from then on;
 * existing assignments stay for the report. */
int experiment_stop(catalog *c, const char *name, char **err);

struct experiment {
	int64_t id;
	char *name;
	char **variants; /* n_variants names, the control first */
	size_t n_variants;
	char *metric;
	char *salt;
	bool running;
	int64_t created_at; /* unix time */
	int64_t units;      /* assigned so far */
};

int experiment_list(catalog *c, struct experiment **out, size_t *n, char **err);
void experiments_free(struct experiment *e, size_t n);

/* The variant index of unit among n variants under salt: pure, the same
 * on every machine (64-bit FNV-1a of "salt:unit", then a mixer). */
size_t experiment_bucket(const char *salt, const char *unit, size_t n_variants);

/* The variant of the running experiment `name` for unit (a customer's
 * external id, else the session id), recorded as an exposure on first
 * use. *variant is a heap string, or NULL when no such experiment runs or
 * unit is NULL; *index (when index is not NULL) its position among the
 * variants, 0 (the control) when there is none. */
int experiment_variant(catalog *c, const char *name, const char *unit, char **variant,
                       size_t *index, char **err);

struct experiment_arm {
	char *variant;
	int64_t units;     /* exposed */
	int64_t successes; /* units that converted (rates) */
	double mean;       /* the metric per unit: a rate, or revenue in money */
	double var;        /* its sample variance (revenue) */
};

struct experiment_report {
	struct experiment e;
	bool rate;                    /* z-test (rates) or Welch (means) */
	struct experiment_arm *arms;  /* one per variant, in the experiment's order */
	size_t n_arms;
	struct stats_test *vs_control; /* [i] compares arm i with arm 0; [0] unused */
};

/* The report of experiment `name` over everything recorded until now. */
int experiment_report(catalog *c, const char *name, struct experiment_report *out, char **err);
void experiment_report_release(struct experiment_report *r);

#endif
