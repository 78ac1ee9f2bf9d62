/* Unit tests for catalog/shop/orders.c, order_place.c and order_cache.c:
 * verification, the rate limit that never reveals whether an order exists,
 * state rules, returns of chosen items, idempotency keys, placing, the
 * cache of a service's answers. */
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
#include "catalog_fixture.h"
#include "catalog/shop/orders.h"
#include "catalog/shop/profile.h"
#include "catalog/store/product.h"

#define NOW 1800000000 /* 2027-01-15T08:00:00Z */

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

/* A kiosk order has no email or postcode: its pickup reference, which
 * only the shopper who placed it was shown, verifies it (in any case);
 * another order's pickup reference does not. */
static void test_kiosk_pickup_verifies(void **state)
{
	catalog *c = *state;
	assert_int_equal(sqlite3_exec(c->db,
	                              "INSERT INTO orders (source_id, status, placed_at, total_cents)"
	                              " VALUES ('100001', 'pending', '2026-12-06', 2500);"
	                              "INSERT INTO kiosk_orders (order_id, pickup) VALUES"
	                              " ((SELECT id FROM orders WHERE source_id = '100001'), 'P1001U'),"
	                              " ((SELECT id FROM orders WHERE source_id = '701'), 'P1002B');",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	struct order o;
	assert_int_equal(orders_lookup(c, "100001", "p1001u", NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "pending");
	order_release(&o);
	assert_int_equal(orders_lookup(c, "100001", "P1002B", NOW, &o, NULL), ORDERS_NO_MATCH);
	assert_int_equal(orders_lookup(c, "100001", "", NOW, &o, NULL), ORDERS_NO_MATCH);
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

static struct order_change change(const char *ref, const char *verify)
{
	return (struct order_change){.ref = ref, .verify = verify};
}

static void test_state_rules(void **state)
{
	catalog *c = *state;
	struct order o;
	struct order_change ch = change("700", "ann@example.com");
	/* shipped: no cancel, no return */
	assert_int_equal(orders_cancel(c, &ch, NULL, NOW, &o, NULL), ORDERS_FORBIDDEN);
	assert_string_equal(o.status, "shipped");
	order_release(&o);
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, NULL), ORDERS_FORBIDDEN);
	order_release(&o);
	/* paid: cancel, then no second cancel */
	ch = change("701", "bob@example.com");
	assert_int_equal(orders_cancel(c, &ch, NULL, NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
	assert_int_equal(orders_cancel(c, &ch, NULL, NOW, &o, NULL), ORDERS_FORBIDDEN);
	order_release(&o);
	/* delivered: return */
	ch = change("702", "75001");
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "returned");
	order_release(&o);
	/* unverified changes nothing */
	ch = change("702", "bad");
	assert_int_equal(orders_cancel(c, &ch, NULL, NOW, &o, NULL), ORDERS_NO_MATCH);
}

/* Returns of chosen items and quantities: the order is returned once every
 * item is; more than bought is an error, more than is left a refusal. */
static void test_partial_returns(void **state)
{
	catalog *c = *state;
	exec(c, "INSERT INTO orders (source_id, status, placed_at, total_cents, email)"
	        " VALUES ('703', 'delivered', '2026-01-04', 5999, 'dee@example.com');"
	        "INSERT INTO order_items (order_id, line, product_id, product_source_id, name,"
	        " quantity, price_cents) VALUES (4, 1, 1, 'P1', 'Lamp', 2, 2500),"
	        " (4, 2, 2, 'P2', 'Shade', 1, 999);");
	struct order o;
	char *err = NULL;
	struct order_line one_lamp[] = {{"P1", 1, NULL}};
	struct order_change ch = {"703", "dee@example.com", one_lamp, 1, "too bright"};
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "delivered");
	assert_int_equal(o.items[0].returned, 1);
	assert_int_equal(o.items[1].returned, 0);
	order_release(&o);
	struct order_line bad[] = {{"P9", 1, NULL}};
	ch.items = bad;
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, &err), -1);
	assert_non_null(strstr(err, "no product P9"));
	free(err);
	struct order_line too_many[] = {{"P1", 3, NULL}};
	ch.items = too_many;
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, &err), -1);
	free(err);
	struct order_line two_lamps[] = {{"P1", 2, NULL}};
	ch.items = two_lamps; /* one of the two is back already */
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, NULL), ORDERS_FORBIDDEN);
	order_release(&o);
	struct order_line rest[] = {{"P1", 1, NULL}, {"P2", 1, NULL}};
	ch.items = rest;
	ch.n_items = 2;
	assert_int_equal(orders_return(c, &ch, NULL, NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "returned");
	order_release(&o);
	assert_int_equal(scalar(c, "SELECT sum(returned) FROM order_items WHERE order_id = 4"), 3);
}

/* A key makes an action happen once: its retry gets the same answer, and
 * another request with it is an error. */
static void test_idempotent_actions(void **state)
{
	catalog *c = *state;
	struct order o;
	char *err = NULL;
	struct order_change ch = change("701", "bob@example.com");
	assert_int_equal(orders_cancel(c, &ch, "k1", NOW, &o, NULL), ORDERS_OK);
	order_release(&o);
	assert_int_equal(orders_cancel(c, &ch, "k1", NOW, &o, NULL), ORDERS_OK); /* a retry */
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
	assert_int_equal(orders_cancel(c, &ch, "k2", NOW, &o, NULL), ORDERS_FORBIDDEN); /* anew */
	order_release(&o);
	struct order_change other = change("702", "75001");
	assert_int_equal(orders_return(c, &other, "k1", NOW, &o, &err), -1);
	assert_non_null(strstr(err, "another request"));
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_actions"), 2);
}

static void test_place(void **state)
{
	catalog *c = *state;
	struct order o;
	char *err = NULL;
	exec(c, "INSERT INTO customers (external_id, email, postcode) VALUES ('cust-1',"
	        " 'me@example.com', 'AB1 2CD')");
	struct order_line lines[] = {{"P1", 2, NULL}, {"P2", 1, NULL}};
	struct order_placement p = {.customer = "cust-1", .items = lines, .n_items = 2};
	assert_int_equal(orders_place(c, &p, "place-1", NOW, &o, &err), ORDERS_OK);
	assert_string_equal(o.status, "pending");
	assert_int_equal(o.total_cents, 2 * 2500 + 999);
	assert_int_equal(o.n_items, 2);
	assert_string_equal(o.items[0].product, "P1");
	assert_string_equal(o.placed_at, "2027-01-15T08:00:00Z");
	char *id = strdup(o.id);
	order_release(&o);
	/* The shopper's own details verify it. */
	assert_int_equal(orders_lookup(c, id, "ab12cd", NOW, &o, NULL), ORDERS_OK);
	order_release(&o);
	/* The key's request is kept as a fingerprint that names no one. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_actions WHERE key = 'place-1'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_actions WHERE instr(request, 'cust-1')"
	                           " OR instr(request, 'P1')"), 0);
	/* A retry with the key: the same order, not a second one. */
	assert_int_equal(orders_place(c, &p, "place-1", NOW, &o, NULL), ORDERS_OK);
	assert_string_equal(o.id, id);
	order_release(&o);
	assert_int_equal(scalar(c, "SELECT count(*) FROM orders"), 4);
	assert_int_equal(orders_place(c, &p, "place-2", NOW, &o, NULL), ORDERS_OK);
	assert_string_not_equal(o.id, id);
	order_release(&o);
	struct order_line unknown[] = {{"P1", 1, NULL}, {"NOPE", 1, NULL}};
	p.items = unknown;
	assert_int_equal(orders_place(c, &p, NULL, NOW, &o, &err), -1);
	assert_non_null(strstr(err, "NOPE"));
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM orders"), 5); /* rolled back */
	p.n_items = 0;
	assert_int_equal(orders_place(c, &p, NULL, NOW, &o, &err), -1);
	free(err);
	struct order_line zero[] = {{"P1", 0, NULL}};
	p.items = zero;
	p.n_items = 1;
	assert_int_equal(orders_place(c, &p, NULL, NOW, &o, &err), -1);
	free(err);
	free(id);
}

static void test_cart_done(void **state)
{
	catalog *c = *state;
	int64_t cart;
	assert_int_equal(cart_open(c, "cust-1", NULL, &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "P1", NULL, 2, NULL), 0);
	assert_int_equal(cart_add(c, cart, "P2", NULL, 1, NULL), 0);
	assert_int_equal(orders_cart_done(c, cart, "cust-1", "100001", NULL), 0);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 0); /* the cart is emptied */
	cart_contents_release(&cc);
	/* a customer who did not agree to a history has none: the purchases
	 * are counted, but name no one */
	assert_int_equal(scalar(c, "SELECT count(*) FROM events WHERE kind = 'purchase'"
	                           " AND detail = '100001' AND customer_id IS NULL"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM events WHERE customer_id IS NOT NULL"), 0);
	assert_int_equal(profile_set_consent(c, "cust-1", true, NULL), 0);
	assert_int_equal(cart_add(c, cart, "P1", NULL, 2, NULL), 0);
	assert_int_equal(cart_add(c, cart, "P2", NULL, 1, NULL), 0);
	assert_int_equal(orders_cart_done(c, cart, "cust-1", "100002", NULL), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM events WHERE kind = 'purchase'"
	                           " AND detail = '100002' AND customer_id IS NOT NULL"), 2);
}

/* Placed from a local cart, the order empties it in its own transaction;
 * a placement that fails leaves the cart as it was. */
static void test_place_empties_cart(void **state)
{
	catalog *c = *state;
	int64_t cart;
	assert_int_equal(cart_open(c, NULL, "sess-9", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "P1", NULL, 1, NULL), 0);
	struct order_line bad[] = {{"P1", 1, NULL}, {"NOPE", 1, NULL}};
	struct order_placement p = {.email = "me@example.com", .items = bad, .n_items = 2,
	                            .cart = cart};
	struct order o;
	char *err = NULL;
	assert_true(orders_place(c, &p, "k-cart", NOW, &o, &err) != ORDERS_OK);
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM cart_items"), 1);
	struct order_line good[] = {{"P1", 1, NULL}};
	p.items = good;
	p.n_items = 1;
	assert_int_equal(orders_place(c, &p, "k-cart2", NOW, &o, NULL), ORDERS_OK);
	order_release(&o);
	assert_int_equal(scalar(c, "SELECT count(*) FROM cart_items"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM events WHERE kind = 'purchase'"), 1);
}

/* The key of an action whose outcome is unknown is kept for its retry
 * until the outcome is known, and never with the words of the request. */
static void test_pending_keys(void **state)
{
	catalog *c = *state;
	char *k1 = NULL, *k2 = NULL, *k3 = NULL, *k4 = NULL;
	const char *cancel = "cancel\n700\nann@example.com";
	assert_int_equal(orders_pending_key(c, cancel, NOW, &k1, NULL), 0);
	assert_int_equal(strlen(k1), 32);
	assert_int_equal(orders_pending_key(c, cancel, NOW + 60, &k2, NULL), 0);
	assert_string_equal(k1, k2); /* the retry */
	assert_int_equal(orders_pending_key(c, "return\n700\nann@example.com", NOW, &k3, NULL), 0);
	assert_string_not_equal(k1, k3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_pending WHERE what_hash LIKE '%ann%'"),
	                 0);
	assert_int_equal(orders_pending_done(c, cancel, NULL), 0);
	assert_int_equal(orders_pending_key(c, cancel, NOW, &k4, NULL), 0);
	assert_string_not_equal(k1, k4); /* a new action */
	free(k4);
	/* A day later the key is gone. */
	assert_int_equal(orders_pending_key(c, cancel, NOW + ORDERS_PENDING_MAX_AGE + 1, &k4, NULL),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_pending"), 1);
	free(k1);
	free(k2);
	free(k3);
	free(k4);
}

/* The cache answers only the verification that got the answer, counts
 * other tries like failed lookups, and forgets old answers. */
static void test_cache(void **state)
{
#define A "https://a/"
	catalog *c = *state;
	char *answer = NULL;
	int64_t at = 0;
	assert_int_equal(orders_cache_put(c, A, "900", "Ann@Example.com", "{\"id\":\"900\"}", NOW,
	                                  NULL), 0);
	assert_int_equal(orders_cache_get(c, A, "900", "ann@example.com", NOW + 60, &answer, &at, NULL),
	                 ORDERS_OK);
	assert_string_equal(answer, "{\"id\":\"900\"}");
	assert_int_equal(at, NOW);
	free(answer);
	/* Never the verification itself in the database. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_cache WHERE verify_hash LIKE '%ann%'"
	                           " OR answer LIKE '%ann%'"), 0);
	assert_int_equal(orders_cache_get(c, A, "901", "ann@example.com", NOW, &answer, &at, NULL),
	                 ORDERS_NO_MATCH);
	/* Another service's order 900 is another order. */
	assert_int_equal(orders_cache_get(c, "https://b/", "900", "ann@example.com", NOW, &answer,
	                                  &at, NULL), ORDERS_NO_MATCH);
	for (int i = 0; i < ORDERS_MAX_FAILURES - 1; i++) /* one more above */
		assert_int_equal(orders_cache_get(c, A, "900", "eve@example.com", NOW, &answer, &at, NULL),
		                 ORDERS_NO_MATCH);
	assert_int_equal(orders_cache_get(c, A, "900", "ann@example.com", NOW, &answer, &at, NULL),
	                 ORDERS_LOCKED);
	assert_null(answer);
	/* A postcode is compared as the store compares it. */
	assert_int_equal(orders_cache_put(c, A, "902", "SW1A 1AA", "{}", NOW, NULL), 0);
	assert_int_equal(orders_cache_get(c, A, "902", "sw1a1aa", NOW, &answer, &at, NULL), ORDERS_OK);
	free(answer);
	/* Old answers go when a new one comes. */
	assert_int_equal(orders_cache_put(c, A, "903", "x@y.z", "{}", NOW + ORDERS_CACHE_MAX_AGE + 1,
	                                  NULL), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_cache"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kiosk_pickup_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_same_for_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_resets_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotent_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cart_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pending_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_place_empties_cart, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
