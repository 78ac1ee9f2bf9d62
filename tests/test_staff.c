/* Unit tests for catalog/settings.c and catalog/staff.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "catalog/store/settings.h"
#include "catalog/shop/handoffs.h"
#include "catalog/shop/staff.h"
#include "tests/catalog_fixture.h"

static void test_settings_roundtrip(void **state)
{
	catalog *c = *state;
	char *v = (char *)1;
	assert_int_equal(settings_get(c, "nothing", &v, NULL), 0);
	assert_null(v);
	assert_int_equal(settings_set(c, "k", "one", NULL), 0);
	assert_int_equal(settings_set(c, "k", "two", NULL), 0);
	assert_int_equal(settings_get(c, "k", &v, NULL), 0);
	assert_string_equal(v, "two");
	free(v);
	int64_t n = 0;
	assert_int_equal(settings_get_int(c, "k", 7, &n, NULL), 0);
	assert_int_equal(n, 7); /* not a number: the default */
	assert_int_equal(settings_set_int(c, "n", -42, NULL), 0);
	assert_int_equal(settings_get_int(c, "n", 7, &n, NULL), 0);
	assert_int_equal(n, -42);
	assert_int_equal(settings_delete(c, "k", NULL), 0);
	assert_int_equal(settings_get(c, "k", &v, NULL), 0);
	assert_null(v);
}

static void test_pin_unset_and_rules(void **state)
{
	catalog *c = *state;
	bool set = true;
	assert_int_equal(staff_pin_is_set(c, &set, NULL), 0);
	assert_false(set);
	struct staff_signin s;
	assert_int_equal(staff_pin_check(c, "1234", 1000, 60, &s, NULL), 0);
	assert_int_equal(s.result, STAFF_PIN_UNSET);
	char *err = NULL;
	assert_int_equal(staff_pin_set(c, "12", &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(staff_pin_set(c, "12\n34", &err), -1);
	free(err);
}

static void test_pin_hashed_and_checked(void **state)
{
	catalog *c = *state;
	assert_int_equal(staff_pin_set(c, "4711", NULL), 0);
	char *hash = NULL;
	assert_int_equal(settings_get(c, "kiosk.pin_hash", &hash, NULL), 0);
	assert_non_null(hash);
	assert_null(strstr(hash, "4711"));
	assert_true(strncmp(hash, "$argon2", 7) == 0);
	free(hash);
	struct staff_signin s;
	assert_int_equal(staff_pin_check(c, "4711", 1000, 60, &s, NULL), 0);
	assert_int_equal(s.result, STAFF_PIN_OK);
	assert_int_equal(staff_pin_check(c, "4712", 1000, 60, &s, NULL), 0);
	assert_int_equal(s.result, STAFF_PIN_WRONG);
	assert_int_equal(s.attempts_left, STAFF_PIN_MAX_FAILURES - 1);
}

static void test_lockout_survives_and_expires(void **state)
{
	catalog *c = *state;
	assert_int_equal(staff_pin_set(c, "2468", NULL), 0);
	struct staff_signin s;
	for (int i = 0; i < STAFF_PIN_MAX_FAILURES - 1; i++) {
		assert_int_equal(staff_pin_check(c, "0000", 1000 + i, 60, &s, NULL), 0);
		assert_int_equal(s.result, STAFF_PIN_WRONG);
	}
	assert_int_equal(staff_pin_check(c, "0000", 1010, 60, &s, NULL), 0);
	assert_int_equal(s.result, STAFF_PIN_LOCKED);
	assert_int_equal(s.locked_until, 1070);
	/* the right PIN does not open a locked sign-in */
	assert_int_equal(staff_pin_check(c, "2468", 1050, 60, &s, NULL), 0);
	assert_int_equal(s.result, STAFF_PIN_LOCKED);
	/* the state is in the database, not in memory */
	int64_t until = 0;
	assert_int_equal(settings_get_int(c, "kiosk.locked_until", 0, &until, NULL), 0);
	assert_int_equal(until, 1070);
	assert_int_equal(staff_pin_check(c, "2468", 1071, 60, &s, NULL), 0);
	assert_int_equal(s.result, STAFF_PIN_OK);
	/* a success clears the count */
	assert_int_equal(staff_pin_check(c, "0000", 1072, 60, &s, NULL), 0);
	assert_int_equal(s.attempts_left, STAFF_PIN_MAX_FAILURES - 1);
}

static void test_orders_and_handoffs(void **state)
{
	catalog *c = *state;
	exec(c, "INSERT INTO customers(id, external_id, email) VALUES (1, 'c-7', 'ann@example.com'),"
	        " (2, 'c-8', 'bob@example.com');"
	        "INSERT INTO orders(id, source_id, customer_id, status, placed_at, total_cents)"
	        " VALUES (1, '10001', 1, 'shipped', '2026-11-01', 2599),"
	        " (2, '10002', 1, 'paid', '2026-11-20', 999),"
	        " (3, '10003', 2, 'paid', '2026-11-21', 100);"
	        "INSERT INTO order_items(order_id, line, product_source_id, quantity, price_cents)"
	        " VALUES (1, 1, 'p1', 2, 1000), (1, 2, 'p2', 1, 599);"
	        "INSERT INTO handoffs(reference, customer_id, session, message, at)"
	        " VALUES ('H-1', 1, 's1', 'talk to a person', 100), ('H-2', NULL, 's2', 'help', 200);");
	struct staff_order *o = NULL;
	size_t n = 0;
	assert_int_equal(staff_orders_find(c, "c-7", 10, &o, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(o[0].id, "10002"); /* newest first */
	assert_string_equal(o[1].id, "10001");
	assert_int_equal(o[1].items, 3);
	assert_int_equal(o[1].total_cents, 2599);
	assert_string_equal(o[1].customer, "c-7");
	staff_orders_free(o, n);
	assert_int_equal(staff_orders_find(c, "ANN@example.com", 1, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	staff_orders_free(o, n);
	assert_int_equal(staff_orders_find(c, "10003", 10, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(o[0].customer, "c-8");
	staff_orders_free(o, n);
	assert_int_equal(staff_orders_find(c, "' OR 1=1 --", 10, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	staff_orders_free(o, n);

	struct handoff *h = NULL;
	assert_int_equal(handoffs_list(c, false, 10, &h, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].reference, "H-2");
	assert_null(h[0].customer);
	assert_string_equal(h[1].customer, "c-7");
	assert_string_equal(h[1].message, "talk to a person");
	handoffs_free(h, n);
	/* a closed one is listed only with all */
	assert_int_equal(handoffs_close(c, "h-1", "called back", NULL), 0);
	assert_int_equal(handoffs_list(c, false, 10, &h, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].reference, "H-2");
	handoffs_free(h, n);
	assert_int_equal(handoffs_list(c, true, 1, &h, &n, NULL), 0);
	assert_int_equal(n, 1);
	handoffs_free(h, n);
	assert_int_equal(handoffs_list(c, true, 10, &h, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[1].note, "called back");
	assert_true(h[1].closed_at > 0);
	handoffs_free(h, n);
	char *err = NULL;
	assert_int_equal(handoffs_close(c, "H-1", "again", &err), -1); /* no longer open */
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_settings_roundtrip, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_pin_unset_and_rules, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_pin_hashed_and_checked, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_lockout_survives_and_expires, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_orders_and_handoffs, open_memory, close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
