/*
 * stats.c: distributions and tests for staff reports.
 *
 * Student's t CDF goes through the regularized incomplete beta function,
 * evaluated by its continued fraction (modified Lentz); quantiles are
 * found by bisection on the CDF, which is monotone and cheap, so there is
 * no approximation to get wrong in the tails.
 */
#include "catalog/shop/stats.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define CF_MAX_ITER 300
#define CF_EPS 1e-15
#define TINY 1e-300

double stats_normal_cdf(double z)
{
	return 0.5 * erfc(-z / sqrt(2.0));
}

/* The x in [lo, hi] where cdf(x) = p, for an increasing cdf. */
static double bisect(double (*cdf)(double x, double arg), double arg, double p, double lo,
                     double hi)
{
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); i++) {
		double mid = 0.5 * (lo + hi);
		if (cdf(mid, arg) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

static double normal_cdf_arg(double z, double unused)
{
	(void)unused;
	return stats_normal_cdf(z);
}

double stats_normal_quantile(double p)
{
	return bisect(normal_cdf_arg, 0, p, -40, 40);
}

/* The continued fraction of the incomplete beta function. */
static double beta_cf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < TINY)
		d = TINY;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= CF_MAX_ITER; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < CF_EPS)
			break;
	}
	return h;
}

/* I_x(a, b), the regularized incomplete beta function. */
static double inc_beta(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x);
	double bt = exp(lbt);
	if (x < (a + 1) / (a + b + 2))
		return bt * beta_cf(a, b, x) / a;
	return 1 - bt * beta_cf(b, a, 1 - x) / b;
}

double stats_t_cdf(double t, double df)
{
	if (isinf(df))
		return stats_normal_cdf(t);
	double tail = 0.5 * inc_beta(df / 2, 0.5, df / (df + t * t)); /* P(T > |t|) */
	return t >= 0 ? 1 - tail : tail;
}

double stats_t_quantile(double p, double df)
{
	return bisect(stats_t_cdf, df, p, -1e4, 1e4);
}

static void finish(struct stats_test *out, double crit, double level)
{
	out->ci_low = out->diff - crit * out->se;
	out->ci_high = out->diff + crit * out->se;
	out->significant = out->p_value < 1 - level;
}

void stats_ztest(int64_t xa, int64_t na, int64_t xb, int64_t nb, double level,
                 struct stats_test *out)
{
	memset(out, 0, sizeof *out);
	out->p_value = 1;
	if (na <= 0 || nb <= 0)
		return;
	out->valid = true;
	double pa = (double)xa / (double)na, pb = (double)xb / (double)nb;
	double pooled = (double)(xa + xb) / (double)(na + nb);
	double se0 = sqrt(pooled * (1 - pooled) * (1.0 / (double)na + 1.0 / (double)nb));
	out->diff = pb - pa;
	out->se = sqrt(pa * (1 - pa) / (double)na + pb * (1 - pb) / (double)nb);
	if (se0 > 0) {
		out->stat = out->diff / se0;
		out->p_value = erfc(fabs(out->stat) / sqrt(2.0));
	}
	finish(out, stats_normal_quantile(1 - (1 - level) / 2), level);
}

void stats_welch(double mean_a, double var_a, int64_t na, double mean_b, double var_b,
                 int64_t nb, double level, struct stats_test *out)
{
	memset(out, 0, sizeof *out);
	out->p_value = 1;
	if (na < 2 || nb < 2)
		return;
	out->valid = true;
	double qa = var_a / (double)na, qb = var_b / (double)nb;
	out->diff = mean_b - mean_a;
	out->se = sqrt(qa + qb);
	if (out->se <= 0) {
		out->df = (double)(na + nb - 2);
		finish(out, 0, level);
		return;
	}
	out->df = (qa + qb) * (qa + qb) /
	          (qa * qa / (double)(na - 1) + qb * qb / (double)(nb - 1));
	out->stat = out->diff / out->se;
	out->p_value = 2 * (1 - stats_t_cdf(fabs(out->stat), out->df));
	if (out->p_value > 1)
		out->p_value = 1;
	finish(out, stats_t_quantile(1 - (1 - level) / 2, out->df), level);
}

bool stats_line_fit(const double *x, const double *y, int64_t n, struct stats_line *out)
{
	memset(out, 0, sizeof *out);
	out->n = n;
	if (n < 3)
		return false;
	double mx = 0, my = 0;
	for (int64_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	double sxx = 0, sxy = 0;
	for (int64_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	if (sxx <= DBL_EPSILON * (1 + mx * mx) * (double)n)
		return false;
	out->slope = sxy / sxx;
	out->intercept = my - out->slope * mx;
	double sse = 0;
	for (int64_t i = 0; i < n; i++) {
		double r = y[i] - out->intercept - out->slope * x[i];
		sse += r * r;
	}
	out->slope_se = sqrt(sse / (double)(n - 2) / sxx);
	return true;
}
