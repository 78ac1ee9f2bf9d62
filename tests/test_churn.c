/* Unit tests for catalog/shop/churn.c: who is overdue by their own rhythm,
 * the RFM scores, the ranking by what is at stake, and the win-back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "catalog/shop/churn.h"
#include "tests/catalog_fixture.h"

/* 2026-12-05 12:00 UTC */
#define NOW 1796472000

/* every10: orders every 10 days, the last 40 days ago (overdue);
 * monthly: every 30 days, the last 20 days ago (not yet);
 * once_old: one order 120 days ago, big; once_new: one order 10 days ago;
 * cancelled: only a cancelled order; and a forgotten customer's order. */
static int setup(void **state)
{
	if (open_memory(state) < 0)
		return -1;
	exec(*state,
	     "INSERT INTO customers (external_id) VALUES ('every10'), ('monthly'), ('once_old'),"
	     " ('once_new'), ('cancelled');"
	     "INSERT INTO orders (source_id, customer_id, status, placed_at, total_cents) VALUES"
	     " ('a1', 1, 'delivered', '2026-09-16', 2000), ('a2', 1, 'delivered', '2026-09-26', 2000),"
	     " ('a3', 1, 'delivered', '2026-10-06', 2000), ('a4', 1, 'delivered', '2026-10-16', 2000),"
	     " ('a5', 1, 'returned', '2026-11-30', 2000),"
	     " ('b1', 2, 'delivered', '2026-09-16', 5000), ('b2', 2, 'delivered', '2026-10-16', 5000),"
	     " ('b3', 2, 'delivered', '2026-11-15', 5000),"
	     " ('c1', 3, 'delivered', '2026-08-07', 90000),"
	     " ('d1', 4, 'delivered', '2026-11-25', 1000),"
	     " ('e1', 5, 'cancelled', '2026-01-01', 7000),"
	     " ('f1', NULL, 'delivered', '2025-01-01', 99999)");
	return 0;
}

static void test_at_risk(void **state)
{
	catalog *c = *state;
	struct churn_customer *a = NULL;
	size_t n = 0;
	assert_int_equal(churn_list(c, NOW, 0, &a, &n, NULL), 0);
	assert_int_equal(n, 2);
	/* ranked by lateness times money: once_old (1.33 x $900) first */
	assert_string_equal(a[0].customer, "once_old");
	assert_int_equal(a[0].reason, CHURN_LAPSED_SINGLE);
	assert_int_equal(a[0].days_since, 120);
	assert_true(a[0].risk > 1.3 && a[0].risk < 1.4);
	assert_string_equal(a[1].customer, "every10");
	assert_int_equal(a[1].reason, CHURN_OVERDUE_REPEAT);
	assert_int_equal(a[1].orders, 4); /* the returned one does not count */
	assert_int_equal(a[1].spent_cents, 8000);
	assert_int_equal(a[1].days_since, 50);
	assert_true(a[1].usual_gap_days == 10);
	assert_true(a[1].risk > 3.3 && a[1].risk < 3.4); /* 50 / (1.5 x 10) */
	for (size_t i = 0; i < n; i++) {
		assert_true(a[i].recency >= 1 && a[i].recency <= 5);
		assert_true(a[i].frequency >= 1 && a[i].frequency <= 5);
		assert_true(a[i].monetary >= 1 && a[i].monetary <= 5);
		assert_string_equal(a[i].offer, "15% off to welcome you back");
		assert_string_equal(a[i].offer_kind, "percent");
		assert_true(a[i].offer_value == 15);
	}
	assert_int_equal(a[0].monetary, 5);
	churn_free(a, n);
	assert_int_equal(churn_list(c, NOW, 1, &a, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].customer, "once_old");
	churn_free(a, n);
}

static void test_rules_and_time(void **state)
{
	catalog *c = *state;
	struct churn_customer *a = NULL;
	size_t n = 0;
	/* no lapsed rule: 90 days and no offer */
	exec(c, "UPDATE offer_rules SET active = 0 WHERE trigger = 'lapsed'");
	assert_int_equal(churn_list(c, NOW, 0, &a, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_null(a[0].offer);
	churn_free(a, n);
	/* a shorter lapse makes the recent one-order customer due too */
	exec(c, "UPDATE offer_rules SET active = 1, lapsed_days = 5 WHERE trigger = 'lapsed'");
	assert_int_equal(churn_list(c, NOW, 0, &a, &n, NULL), 0);
	assert_int_equal(n, 3);
	churn_free(a, n);
	/* orders after the date scored do not count */
	assert_int_equal(churn_list(c, 1790000000, 0, &a, &n, NULL), 0); /* 2026-09-21 */
	for (size_t i = 0; i < n; i++)
		assert_true(strcmp(a[i].customer, "once_new"));
	churn_free(a, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_at_risk, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_rules_and_time, setup, close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
