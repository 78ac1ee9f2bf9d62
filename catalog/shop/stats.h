/*
 * stats: the statistics staff reports rest on, as plain functions of
 * numbers: the normal and Student t distributions, the two-proportion
 * z-test and Welch's t-test with their confidence intervals, and a least
 * squares line. Experiments (experiments.h) and prices (pricing.h) call
 * them; tests check them against values computed by hand.
 *
 * Pure C and libm: no SQLite, no state, nothing allocated.
 */
#ifndef CLERK_STATS_H
#define CLERK_STATS_H

#include <stdbool.h>
#include <stdint.h>

/* P(Z <= z) for a standard normal Z. */
double stats_normal_cdf(double z);
/* The z with P(Z <= z) = p, 0 < p < 1. */
double stats_normal_quantile(double p);
/* P(T <= t) for Student's t with df > 0 degrees of freedom (df need not
 * be an integer: Welch's are not). */
double stats_t_cdf(double t, double df);
/* The t with P(T <= t) = p, 0 < p < 1. */
double stats_t_quantile(double p, double df);

/* B's difference from A, at a confidence level (0.95 for 95%). */
struct stats_test {
	bool valid;     /* false when a side has no units (or, for Welch, fewer than 2) */
	double diff;    /* B - A: a difference of rates, or of means */
	double se;      /* the standard error of diff used for the interval */
	double ci_low, ci_high;
	double stat;    /* z or t */
	double df;      /* Welch's degrees of freedom; 0 for the z-test */
	double p_value; /* two-sided */
	bool significant; /* p_value < 1 - level */
};

/* Two-proportion z-test of xa successes in na against xb in nb: z from the
 * pooled proportion, the interval from the unpooled standard error. */
void stats_ztest(int64_t xa, int64_t na, int64_t xb, int64_t nb, double level,
                 struct stats_test *out);

/* Welch's t-test of two means from their sample means and variances
 * (n - 1 in the denominator) and sizes; the interval uses Welch's df. */
void stats_welch(double mean_a, double var_a, int64_t na, double mean_b, double var_b,
                 int64_t nb, double level, struct stats_test *out);

/* Least squares y = a + b x over n points: slope b with its standard
 * error, intercept a. false when n < 3 or the x do not vary. */
struct stats_line {
	double intercept, slope, slope_se;
	int64_t n;
};
bool stats_line_fit(const double *x, const double *y, int64_t n, struct stats_line *out);

#endif
