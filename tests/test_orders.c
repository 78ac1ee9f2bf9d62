/* Unit tests for catalog/orders.c: verification, the rate limit that never
 * reveals whether an order exists, state rules, checkout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/cart.h"
#include "catalog/store/catalog_int.h"
#include "catalog/shop/orders.h"
#include "catalog/store/product.h"

#define NOW 1800000000

static int setup(void **state)
{
	catalog *c = NULL;
	if (catalog_open(":memory:", &c, NULL) < 0)
		return -1;
	product_writer *w = product_writer_new(c, NULL);
	struct product p = {.id = "P1", .name = "Lamp", .price_cents = 2500, .has_price = true};
	struct product q = {.id = "P2", .name = "Shade", .price_cents = 999, .has_price = true};
	catalog_begin(c, NULL);
	product_writer_put(w, &p, false, NULL);
	product_writer_put(w, &q, false, NULL);
	catalog_commit(c, NULL);
	product_writer_free(w);
	const char *sql =
	        "INSERT INTO orders (source_id, status, placed_at, total_cents, email, postcode, carrier, tracking)"
	        " VALUES ('700', 'shipped', '2026-01-02', 2500, 'Ann@Example.com', 'SW1A 1AA', 'UPS', '1Z9'),"
	        " ('701', 'paid', '2026-01-03', 999, 'bob@example.com', '10115', NULL, NULL),"
	        " ('702', 'delivered', '2026-01-01', 999, 'cy@example.com', '75001', NULL, NULL);"
	        "INSERT INTO order_items (order_id, line, product_id, product_source_id, name, quantity, price_cents)"
	        " VALUES (1, 1, 1, 'P1', 'Lamp', 1, 2500);"
	        "INSERT INTO shipments (order_id, at, status, location) VALUES"
	        " (1, '2026-01-03T10:00:00Z', 'in transit', 'Leeds'), (1, '2026-01-02T09:00:00Z', 'label created', NULL);";
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	catalog_close(*state);
	return 0;
}

static void test_lookup_verifies(void **state)
{
	catalog *c = *state;
	struct order o;
	assert_int_equal(orders_lookup(c, "700", "ann@example.com", NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "shipped");
	assert_int_equal(o.n_items, 1);
	assert_string_equal(o.items[0].name, "Lamp");
	assert_int_equal(o.n_events, 2);
	assert_string_equal(o.events[0].status, "label created"); /* oldest first */
	assert_null(o.events[0].location);
	assert_string_equal(o.carrier, "UPS");
	order_release(&o);
	/* The postcode, in another case and spacing, verifies too. */
	assert_int_equal(orders_lookup(c, "700", "sw1a1aa", NOW, &o, NULL), ORDERS_OK);
	order_release(&o);
	assert_int_equal(orders_lookup(c, "700", "eve@example.com", NOW, &o, NULL), ORDERS_NO_MATCH);
	assert_int_equal(orders_lookup(c, "700", "", NOW, &o, NULL), ORDERS_NO_MATCH);
	assert_int_equal(orders_lookup(c, "700", NULL, NOW, &o, NULL), ORDERS_NO_MATCH);
}

/* Five failures lock an order number, whether or not the order exists, and
 * the answers are the same for both. */
static void test_rate_limit_same_for_missing(void **state)
{
	catalog *c = *state;
	struct order o;
	const char *refs[] = {"700", "99999"};
	for (size_t r = 0; r < 2; r++) {
		for (int i = 0; i < ORDERS_MAX_FAILURES; i++)
			assert_int_equal(orders_lookup(c, refs[r], "wrong@x.y", NOW + i, &o, NULL),
			                 ORDERS_NO_MATCH);
		/* Locked now: even the right answer is refused. */
		assert_int_equal(orders_lookup(c, refs[r], "ann@example.com", NOW + 10, &o, NULL),
		                 ORDERS_LOCKED);
		/* After the lock runs out the right answer works again. */
		int want = r == 0 ? ORDERS_OK : ORDERS_NO_MATCH;
		assert_int_equal(orders_lookup(c, refs[r], "ann@example.com",
		                               NOW + 10 + ORDERS_LOCK_SECONDS, &o, NULL), want);
		if (want == ORDERS_OK)
			order_release(&o);
	}
}

static void test_success_resets_count(void **state)
{
	catalog *c = *state;
	struct order o;
	for (int i = 0; i < ORDERS_MAX_FAILURES - 1; i++)
		assert_int_equal(orders_lookup(c, "701", "no", NOW, &o, NULL), ORDERS_NO_MATCH);
	assert_int_equal(orders_lookup(c, "701", "10115", NOW, &o, NULL), ORDERS_OK);
	order_release(&o);
	for (int i = 0; i < ORDERS_MAX_FAILURES - 1; i++)
		assert_int_equal(orders_lookup(c, "701", "no", NOW, &o, NULL), ORDERS_NO_MATCH);
	assert_int_equal(orders_lookup(c, "701", "10115", NOW, &o, NULL), ORDERS_OK);
	order_release(&o);
}

static void test_state_rules(void **state)
{
	catalog *c = *state;
	struct order o;
	/* shipped: no cancel, no return */
	assert_int_equal(orders_cancel(c, "700", "ann@example.com", NOW, &o, NULL), ORDERS_FORBIDDEN);
	assert_string_equal(o.status, "shipped");
	order_release(&o);
	assert_int_equal(orders_return(c, "700", "ann@example.com", NOW, &o, NULL), ORDERS_FORBIDDEN);
	order_release(&o);
	/* paid: cancel, then no second cancel */
	assert_int_equal(orders_cancel(c, "701", "bob@example.com", NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
	assert_int_equal(orders_cancel(c, "701", "bob@example.com", NOW, &o, NULL), ORDERS_FORBIDDEN);
	order_release(&o);
	/* delivered: return */
	assert_int_equal(orders_return(c, "702", "75001", NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "returned");
	order_release(&o);
	/* unverified changes nothing */
	assert_int_equal(orders_cancel(c, "702", "bad", NOW, &o, NULL), ORDERS_NO_MATCH);
}

static void test_checkout(void **state)
{
	catalog *c = *state;
	int64_t cart;
	char *id = NULL, *err = NULL;
	assert_int_equal(cart_open(c, "cust-1", NULL, &cart, NULL), 0);
	assert_int_equal(orders_checkout(c, cart, "cust-1", NULL, NULL, &id, &err), -1);
	assert_non_null(strstr(err, "empty"));
	free(err);
	assert_int_equal(cart_add(c, cart, "P1", 2, NULL), 0);
	assert_int_equal(cart_add(c, cart, "P2", 1, NULL), 0);
	assert_int_equal(orders_checkout(c, cart, "cust-1", "me@example.com", NULL, &id, NULL), 0);
	assert_non_null(id);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 0); /* the cart is emptied */
	cart_contents_release(&cc);
	struct order o;
	assert_int_equal(orders_lookup(c, id, "me@example.com", NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "pending");
	assert_int_equal(o.total_cents, 2 * 2500 + 999);
	assert_int_equal(o.n_items, 2);
	order_release(&o);
	char *id2 = NULL;
	assert_int_equal(cart_add(c, cart, "P2", 1, NULL), 0);
	assert_int_equal(orders_checkout(c, cart, NULL, NULL, NULL, &id2, NULL), 0);
	assert_string_not_equal(id, id2);
	free(id);
	free(id2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_same_for_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_resets_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkout, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
