/* Unit tests for catalog/shop/stats.c and catalog/shop/experiments.c: the
 * tests against values computed by hand, the assignment hash, the lookup
 * and its exposures, the report on known counts, and how often a null
 * experiment is called significant. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/experiments.h"
#include "catalog/shop/stats.h"
#include "catalog/store/catalog_int.h"
#include "tests/catalog_fixture.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

static void test_distributions(void **state)
{
	(void)state;
	NEAR(stats_normal_cdf(0), 0.5, 1e-12);
	NEAR(stats_normal_cdf(1.959963984540054), 0.975, 1e-9);
	NEAR(stats_normal_quantile(0.975), 1.959963984540054, 1e-8);
	/* t tables: t(0.975, 10) = 2.228139, P(|T| > 2, df 10) = 0.0733880 */
	NEAR(stats_t_quantile(0.975, 10), 2.228138852, 1e-6);
	NEAR(2 * (1 - stats_t_cdf(2.0, 10)), 0.07338803, 1e-7);
	NEAR(stats_t_cdf(-2.0, 10), 1 - stats_t_cdf(2.0, 10), 1e-12);
	NEAR(stats_t_quantile(0.975, 1), 12.7062047, 1e-5);
	/* many degrees of freedom: the normal */
	NEAR(stats_t_quantile(0.975, 1e7), 1.959964, 1e-5);
}

/* 200 of 1000 against 250 of 1000, by hand: pooled p = 0.225,
 * z = 0.05 / sqrt(0.225 * 0.775 * 0.002) = 2.677398, p = 0.0074196;
 * unpooled se = sqrt(0.16/1000 + 0.1875/1000) = 0.0186413, the 95%
 * interval 0.05 -/+ 1.959964 * se = [0.013464, 0.086536]. */
static void test_ztest_by_hand(void **state)
{
	(void)state;
	struct stats_test t;
	stats_ztest(200, 1000, 250, 1000, 0.95, &t);
	assert_true(t.valid);
	NEAR(t.diff, 0.05, 1e-12);
	NEAR(t.stat, 2.677397763, 1e-8);
	NEAR(t.p_value, 0.0074196493, 1e-9);
	NEAR(t.ci_low, 0.0134636217, 1e-8);
	NEAR(t.ci_high, 0.0865363783, 1e-8);
	assert_true(t.significant);

	stats_ztest(100, 1000, 104, 1000, 0.95, &t); /* z = 0.2963, p = 0.767 */
	assert_false(t.significant);
	assert_true(t.ci_low < 0 && t.ci_high > 0);

	stats_ztest(0, 0, 5, 10, 0.95, &t);
	assert_false(t.valid);
	stats_ztest(0, 10, 0, 10, 0.95, &t); /* nothing happened anywhere */
	assert_true(t.valid);
	NEAR(t.p_value, 1, 1e-12);
	assert_false(t.significant);
}

/* Means 10 (variance 4, n 30) against 11 (variance 9, n 40), by hand:
 * se = sqrt(4/30 + 9/40) = 0.598609, t = 1.670538, Welch's df = 67.1878,
 * p = 0.099465 (the t density integrated numerically), t(0.975, 67.19) =
 * 1.995906, so the interval is 1 -/+ 1.194768. */
static void test_welch_by_hand(void **state)
{
	(void)state;
	struct stats_test t;
	stats_welch(10, 4, 30, 11, 9, 40, 0.95, &t);
	assert_true(t.valid);
	NEAR(t.diff, 1, 1e-12);
	NEAR(t.stat, 1.670538139, 1e-8);
	NEAR(t.df, 67.187759036, 1e-6);
	NEAR(t.p_value, 0.0994654112, 1e-7);
	NEAR(t.ci_low, -0.1947681886, 1e-6);
	NEAR(t.ci_high, 2.1947681886, 1e-6);
	assert_false(t.significant);

	stats_welch(5, 0, 10, 5, 0, 10, 0.95, &t); /* no spread, no difference */
	assert_true(t.valid);
	NEAR(t.p_value, 1, 1e-12);
	stats_welch(5, 1, 1, 6, 1, 10, 0.95, &t);
	assert_false(t.valid);
}

static void test_line_fit(void **state)
{
	(void)state;
	const double x[] = {0, 1, 2, 3, 4};
	const double y[] = {1, 3, 5, 7, 9.5};
	struct stats_line l;
	assert_true(stats_line_fit(x, y, 5, &l));
	NEAR(l.slope, 2.1, 1e-9);
	NEAR(l.intercept, 0.9, 1e-9);
	assert_true(l.slope_se > 0 && l.slope_se < 0.2);
	const double flat[] = {2, 2, 2};
	assert_false(stats_line_fit(flat, y, 3, &l));
}

static void test_bucket(void **state)
{
	(void)state;
	/* deterministic, and near even over many units */
	assert_int_equal(experiment_bucket("salt", "alice", 2), experiment_bucket("salt", "alice", 2));
	long count[3] = {0};
	char unit[32];
	for (int i = 0; i < 30000; i++) {
		snprintf(unit, sizeof unit, "s%d", i);
		count[experiment_bucket("k3", unit, 3)]++;
	}
	for (int v = 0; v < 3; v++)
		assert_true(count[v] > 9700 && count[v] < 10300);
	/* two salts split the same units independently: about half agree */
	long same = 0;
	for (int i = 0; i < 10000; i++) {
		snprintf(unit, sizeof unit, "c%d", i);
		same += experiment_bucket("one", unit, 2) == experiment_bucket("two", unit, 2);
	}
	assert_true(same > 4700 && same < 5300);
}

static void test_add_list_variant(void **state)
{
	catalog *c = *state;
	char *err = NULL;
	assert_int_equal(experiment_add(c, "blend", "a,b", "conversion", "s1", &err), 0);
	assert_int_equal(experiment_add(c, "blend", "a,b", "conversion", NULL, &err), -1);
	assert_non_null(strstr(err, "exists"));
	free(err);
	err = NULL;
	assert_int_equal(experiment_add(c, "x", "a", "conversion", NULL, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(experiment_add(c, "x", "a,a", "conversion", NULL, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(experiment_add(c, "x", "a,b", "happiness", NULL, &err), -1);
	free(err);
	err = NULL;

	char *v = NULL;
	assert_int_equal(experiment_variant(c, "nothing", "u1", &v, NULL, &err), 0);
	assert_null(v);
	size_t at = 9;
	assert_int_equal(experiment_variant(c, "blend", "u1", &v, &at, &err), 0);
	assert_non_null(v);
	const char *want = experiment_bucket("s1", "u1", 2) ? "b" : "a";
	assert_string_equal(v, want);
	assert_int_equal(at, experiment_bucket("s1", "u1", 2));
	free(v);
	/* again: the same variant, one assignment */
	assert_int_equal(experiment_variant(c, "blend", "u1", &v, NULL, &err), 0);
	assert_string_equal(v, want);
	free(v);
	assert_int_equal(scalar(c, "SELECT count(*) FROM assignments"), 1);

	/* the event of an assigned session carries the variant */
	exec(c, "INSERT INTO events (session, kind) VALUES ('u1', 'turn')");
	sqlite3_stmt *st = catalog_prepare(c, "SELECT variants FROM events", NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char expect[32];
	snprintf(expect, sizeof expect, "blend=%s", want);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), expect);
	sqlite3_finalize(st);

	struct experiment *e = NULL;
	size_t n = 0;
	assert_int_equal(experiment_list(c, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].name, "blend");
	assert_int_equal(e[0].n_variants, 2);
	assert_int_equal(e[0].units, 1);
	assert_true(e[0].running);
	experiments_free(e, n);

	assert_int_equal(experiment_stop(c, "blend", &err), 0);
	assert_int_equal(experiment_variant(c, "blend", "u2", &v, &at, &err), 0);
	assert_null(v);
	assert_int_equal(at, 0);
	assert_int_equal(experiment_stop(c, "blend", &err), -1);
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM staff_log WHERE action LIKE 'experiment.%'"),
	                 2);
	exec(c, "DELETE FROM events; DELETE FROM assignments; DELETE FROM experiments;"
	        " DELETE FROM staff_log");
}

/* Known counts through the database: 40 of 200 sessions in a converted,
 * 60 of 200 in b (by hand: pooled p = 0.25, z = 0.1 / sqrt(0.25 * 0.75 * 0.01) =
 * 2.309401, p = 0.020921). */
static void test_report_known_counts(void **state)
{
	catalog *c = *state;
	char *err = NULL;
	assert_int_equal(experiment_add(c, "style", "a,b", "conversion", "k", &err), 0);
	exec(c, "INSERT INTO orders (source_id, status, placed_at, total_cents)"
	        " VALUES ('o1', 'paid', '2026-01-01', 1000)");
	exec(c, "BEGIN");
	char sql[256];
	for (int i = 0; i < 400; i++) {
		const char *variant = i < 200 ? "a" : "b";
		int converts = i < 200 ? i < 40 : i < 260;
		snprintf(sql, sizeof sql,
		         "INSERT INTO assignments (experiment_id, unit, variant, at)"
		         " VALUES (1, 's%d', '%s', 100)", i, variant);
		exec(c, sql);
		if (converts) {
			snprintf(sql, sizeof sql,
			         "INSERT INTO events (session, kind, detail, at)"
			         " VALUES ('s%d', 'checkout', 'o1', 200)", i);
			exec(c, sql);
		}
	}
	/* a checkout before the exposure does not count */
	exec(c, "INSERT INTO events (session, kind, detail, at) VALUES ('s100', 'checkout', 'o1', 50)");
	exec(c, "COMMIT");
	struct experiment_report r;
	assert_int_equal(experiment_report(c, "style", &r, &err), 0);
	assert_true(r.rate);
	assert_int_equal(r.n_arms, 2);
	assert_int_equal(r.arms[0].units, 200);
	assert_int_equal(r.arms[0].successes, 40);
	assert_int_equal(r.arms[1].successes, 60);
	NEAR(r.vs_control[1].diff, 0.1, 1e-12);
	NEAR(r.vs_control[1].stat, 2.309401077, 1e-8);
	NEAR(r.vs_control[1].p_value, 0.0209213, 1e-6);
	assert_true(r.vs_control[1].significant);
	experiment_report_release(&r);

	assert_int_equal(experiment_report(c, "absent", &r, &err), -1);
	free(err);
	exec(c, "DELETE FROM events; DELETE FROM assignments; DELETE FROM experiments;"
	        " DELETE FROM orders; DELETE FROM staff_log");
}

/* Revenue, a mean: units a spend 10 or 0, units b 20 or 0. */
static void test_report_revenue(void **state)
{
	catalog *c = *state;
	char *err = NULL;
	assert_int_equal(experiment_add(c, "price", "a,b", "revenue", "k", &err), 0);
	exec(c, "INSERT INTO orders (source_id, status, placed_at, total_cents) VALUES"
	        " ('o10', 'paid', '2026-01-01', 1000), ('o20', 'paid', '2026-01-01', 2000)");
	exec(c, "BEGIN");
	char sql[256];
	for (int i = 0; i < 20; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO assignments VALUES (1, 'u%d', '%s', 0)", i,
		         i < 10 ? "a" : "b");
		exec(c, sql);
		if (i % 2 == 0) {
			snprintf(sql, sizeof sql,
			         "INSERT INTO events (session, kind, detail, at) VALUES ('u%d', 'checkout',"
			         " '%s', 1)", i, i < 10 ? "o10" : "o20");
			exec(c, sql);
		}
	}
	exec(c, "COMMIT");
	struct experiment_report r;
	assert_int_equal(experiment_report(c, "price", &r, &err), 0);
	assert_false(r.rate);
	NEAR(r.arms[0].mean, 5, 1e-9);
	NEAR(r.arms[1].mean, 10, 1e-9);
	/* variance of five 10s and five 0s: 250 / 9 */
	NEAR(r.arms[0].var, 250.0 / 9, 1e-9);
	NEAR(r.arms[1].var, 1000.0 / 9, 1e-9);
	NEAR(r.vs_control[1].diff, 5, 1e-9);
	NEAR(r.vs_control[1].df, 13.2353, 1e-3); /* (250/90+1000/90)^2 / ... */
	experiment_report_release(&r);
	exec(c, "DELETE FROM events; DELETE FROM assignments; DELETE FROM experiments;"
	        " DELETE FROM orders; DELETE FROM staff_log");
}

/* 200 experiments where the variant changes nothing, each over 2000
 * units split by its own salt, outcomes drawn independently at 10%: at
 * the 5% level about 10 are called significant; more than 20 (a
 * binomial tail of 0.002) means the test is too eager. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static double uniform(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

static void test_null_experiments(void **state)
{
	(void)state;
	int called = 0, welch_called = 0;
	char salt[32], unit[32];
	for (int e = 0; e < 200; e++) {
		snprintf(salt, sizeof salt, "null%d", e);
		int64_t n[2] = {0}, x[2] = {0};
		double sum[2] = {0}, sq[2] = {0};
		for (int u = 0; u < 2000; u++) {
			snprintf(unit, sizeof unit, "s%d", u);
			size_t v = experiment_bucket(salt, unit, 2);
			int conv = uniform() < 0.10;
			double spend = conv ? 20 + 60 * uniform() : 0;
			n[v]++;
			x[v] += conv;
			sum[v] += spend;
			sq[v] += spend * spend;
		}
		struct stats_test t;
		stats_ztest(x[0], n[0], x[1], n[1], 0.95, &t);
		called += t.significant;
		double m0 = sum[0] / (double)n[0], m1 = sum[1] / (double)n[1];
		stats_welch(m0, (sq[0] - sum[0] * m0) / (double)(n[0] - 1), n[0], m1,
		            (sq[1] - sum[1] * m1) / (double)(n[1] - 1), n[1], 0.95, &t);
		welch_called += t.significant;
	}
	printf("null experiments called significant: z-test %d/200, Welch %d/200\n", called,
	       welch_called);
	assert_true(called <= 20);
	assert_true(welch_called <= 20);
	/* and not suspiciously never: the test must be able to fire */
	assert_true(called + welch_called >= 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distributions),
		cmocka_unit_test(test_ztest_by_hand),
		cmocka_unit_test(test_welch_by_hand),
		cmocka_unit_test(test_line_fit),
		cmocka_unit_test(test_bucket),
		cmocka_unit_test(test_add_list_variant),
		cmocka_unit_test(test_report_known_counts),
		cmocka_unit_test(test_report_revenue),
		cmocka_unit_test(test_null_experiments),
	};
	return cmocka_run_group_tests(tests, open_memory, close_catalog);
}
